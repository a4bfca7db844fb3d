"""Pure rules of the reports app: no ORM, no clock, no settings; "today" and all data are arguments.

Split by sub-topic (style.md §1: past ~500 lines a module becomes a package):
- `business_case`: the investment case (contract `POST /api/v1/business-cases/compute`) and realised/actual
  against forecast;
- `intervals`: Wilson and Newcombe confidence intervals for proportions;
- `evaluation`: the seeded lottery and the comparison of the two groups (the Kolding design);
- `early_intervention`: the Aarhus template's figures;
- `management`: the dashboard figures computed from plain rows (wired to intake/measures/followup data);
- `periods`: validation of report periods.
"""

from .business_case import (
    BusinessCaseInput,
    BusinessCaseInvalid,
    BusinessCaseResult,
    compute,
    compute_business_case,
    parse_business_case,
)

__all__ = [
    "BusinessCaseInput",
    "BusinessCaseInvalid",
    "BusinessCaseResult",
    "compute",
    "compute_business_case",
    "parse_business_case",
]
