"""The public JSON API, /api/v1/ (docs/api-contract.md). One router per app, in routers/."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from sikkerhedsnet.api.routers.accounts import router as accounts_router
from sikkerhedsnet.api.routers.children import router as children_router
from sikkerhedsnet.api.routers.followup import router as followup_router
from sikkerhedsnet.api.routers.insight import router as insight_router
from sikkerhedsnet.api.routers.intake import router as intake_router
from sikkerhedsnet.api.routers.management import router as management_router
from sikkerhedsnet.api.routers.measurements import router as measurements_router
from sikkerhedsnet.api.routers.measures import router as measures_router
from sikkerhedsnet.api.routers.reports import router as reports_router
from sikkerhedsnet.api.routers.safety import router as safety_router

from . import errors
from .auth import TokenAuth
from .throttling import UserThrottle

# Answers any operation can give, whatever it declares itself: the contract's error shape for each.
COMMON_RESPONSES = {
    401: "Missing or invalid API token.",
    422: "Invalid input (including a body that is not JSON).",
    429: "Too many requests; see Retry-After.",
    503: "The database cannot be reached.",
}


class SikkerhedsnetAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Error", errors.ERROR_JSON_SCHEMA)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in COMMON_RESPONSES.items():
                    if code == 401 and not operation.get("security"):
                        continue
                    if code not in responses and str(code) not in responses:
                        responses[code] = {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        }
        return schema


api = SikkerhedsnetAPI(
    title="Sikkerhedsnet API",
    version="1",
    description="Case management for Danish municipal child and family services. Errors are "
    '`{"code", "message", "errors": [{"field", "message"}]}`.',
    auth=TokenAuth(),
    throttle=[UserThrottle()],
    urls_namespace="api-v1",
)
errors.install(api)

for router in (
    accounts_router,
    children_router,
    intake_router,
    safety_router,
    measures_router,
    followup_router,
    reports_router,
    insight_router,
    management_router,
    measurements_router,
):
    api.add_router("", router)
