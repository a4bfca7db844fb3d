"""Measurements (målinger) about a child, a write-side sub-domain of the reports app: FIT scores and the
involvement questionnaire, reached through the child's own need-to-know getter."""
