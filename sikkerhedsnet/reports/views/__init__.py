"""Thin views of the read-side reports (overview and caseload, the management dashboard and placement
economics) and the helpers every report page shares (`common`). The sub-domains' views are in their packages."""
