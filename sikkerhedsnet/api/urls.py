"""The public JSON API, /api/v1/ (../shared/api-contract.md). Each app owns its router."""

from __future__ import annotations

from ninja import NinjaAPI

from sikkerhedsnet.audit.api import router as audit_router
from sikkerhedsnet.children.api import router as children_router
from sikkerhedsnet.followup.api import router as followup_router
from sikkerhedsnet.intake.api import router as intake_router
from sikkerhedsnet.measures.api import router as measures_router
from sikkerhedsnet.reports.api import router as reports_router
from sikkerhedsnet.safety.api import router as safety_router

from . import errors
from .auth import TokenAuth

api = NinjaAPI(
    title="Sikkerhedsnet API",
    version="1",
    description="Case management for Danish municipal child and family services. Errors are "
    '`{"code", "message", "errors": [{"field", "message"}]}`.',
    auth=TokenAuth(),
    urls_namespace="api-v1",
)
errors.install(api)

for router in (
    children_router,
    intake_router,
    safety_router,
    measures_router,
    followup_router,
    reports_router,
    audit_router,
):
    api.add_router("", router)
