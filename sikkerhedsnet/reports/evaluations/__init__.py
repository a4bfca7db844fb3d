"""Evaluations of a practice change (the Kolding design), a write-side sub-domain of the reports app: baseline,
the seeded lottery, quarterly snapshots and the comparison of the two groups. Reads the involvement
questionnaire's answers through `measurements.selectors` (the one allowed edge between sub-domains)."""
