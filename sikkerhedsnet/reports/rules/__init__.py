"""Pure rules shared by the reports: no ORM, no clock, no settings; "today" and all data are arguments.

Split by sub-topic (style.md §1: past ~500 lines a module becomes a package):
- `figures`: a part of a total (`Share`) and growth on the previous period;
- `intervals`: Wilson and Newcombe confidence intervals for proportions;
- `management`: the dashboard figures computed from plain rows (wired to intake/measures/followup data);
- `periods`: validation of report periods.

The rules of a write-side sub-domain live in its own package: `business_cases/rules.py` (the investment case,
contract `POST /api/v1/business-cases/compute`), `evaluations/rules.py` (the seeded lottery and the comparison
of the two groups), `early_intervention/rules.py` (the Aarhus template's figures).
"""
