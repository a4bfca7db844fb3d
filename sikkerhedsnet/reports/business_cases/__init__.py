"""Business cases (investeringscase), a write-side sub-domain of the reports app: the management records the
investments and expected savings per year, and the realised figures; the report follows the case with the
placements counted from the case data. Independent of the other sub-domains (docs/architecture.md)."""
