"""The models of the reports app's write-side sub-domains, gathered here so that Django registers them under the
app label `reports` (tables keep their names: reports_businesscase, reports_evaluation, ...).

Each sub-domain owns its models (`business_cases/`, `evaluations/`, `measurements/`, `early_intervention/`);
import them from there. This module only re-exports them for the app registry and the migrations; the
read-side aggregates of the reports app read none of them (docs/architecture.md, "Inside the reports room").
Everything else the reports show is read from the other apps and aggregated; no report stores a figure that
could be counted from the case data.
"""

from __future__ import annotations

from .business_cases.models import BusinessCase, BusinessCaseLine, BusinessCaseOutcome
from .early_intervention.models import (
    Consultation,
    District,
    EarlyInterventionProject,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from .evaluations.models import Evaluation, EvaluationParticipant, EvaluationSnapshot
from .measurements.models import FitScore, InvolvementResponse
from .publication.models import PublishedCell

__all__ = [
    "BusinessCase",
    "BusinessCaseLine",
    "BusinessCaseOutcome",
    "Consultation",
    "District",
    "EarlyInterventionProject",
    "Evaluation",
    "EvaluationParticipant",
    "EvaluationSnapshot",
    "FitScore",
    "InvolvementResponse",
    "ProjectBudget",
    "ProjectExpense",
    "PublishedCell",
    "WellbeingConversation",
]
