"""Access expectations for the site-wide URLs, the core app and the Django admin (see testing/access.py)."""

from sikkerhedsnet.testing.access import (
    FORBIDDEN,
    HIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    Url,
    everyone,
    municipality_object,
    only,
    rule,
)

RETENTION = ("admin", "head")

# A job is its creator's alone: anyone else gets 404, as for a job that does not exist.
own_job = rule("own job only", lambda r, rel: LOGIN if r == "anonymous" else (OK if rel == "own" else HIDDEN))
# The result also needs a role that may still download it (the world's jobs are auditor exports).
own_job_download = rule(
    "own job, role may download",
    lambda r, rel: LOGIN if r == "anonymous" else (HIDDEN if rel != "own" else (OK if r == "auditor" else FORBIDDEN)),
)
# Slettestop: case roles see it on their visible cases; only team leaders and heads may change it.
legal_hold_change = rule(
    "legal hold: TL/head change, other case roles 403, invisible 404",
    lambda r, rel: (
        LOGIN
        if r == "anonymous"
        else HIDDEN
        if r not in ("caseworker", "sos_consultant", "team_leader", "head")
        else HIDDEN
        if not (rel == "own" or (r == "head" and rel == "other"))
        else (OK if r in ("team_leader", "head") else FORBIDDEN)
    ),
)

URLS = {
    "home": Url(get=everyone(OK), post=everyone(OK)),
    "healthz": Url(get=everyone(OK, anonymous=OK), post=everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "set_language": Url(get=everyone(OK, anonymous=OK), post=everyone(OK, anonymous=OK)),
    # The schema and the docs are public (the contract) and read-only; ninja answers any method.
    "api-v1:openapi-json": Url(get=everyone(OK, anonymous=OK), post=everyone(OK, anonymous=OK)),
    "api-v1:openapi-view": Url(get=everyone(OK, anonymous=OK), post=everyone(OK, anonymous=OK)),
    "api-v1:api-root": Url(get=everyone(HIDDEN, anonymous=HIDDEN), post=everyone(HIDDEN, anonymous=HIDDEN)),
    "core:job_detail": Url(obj="job", get=own_job, post=own_job),
    "core:job_download": Url(obj="job", get=own_job_download, post=own_job_download, audit=("exported",)),
    "site:retention_index": Url(get=only(RETENTION), post=only(RETENTION)),
    "site:retention_plan": Url(get=everyone(NOT_ALLOWED), post=only(RETENTION)),
    # A deletion run is its municipality's: another municipality's run is 404 (issue #20).
    "site:retention_run": Url(obj="run", get=municipality_object(RETENTION), post=municipality_object(RETENTION)),
    "site:retention_commit": Url(obj="run", get=everyone(NOT_ALLOWED), post=municipality_object(RETENTION)),
    "site:retention_discard": Url(obj="run", get=everyone(NOT_ALLOWED), post=municipality_object(RETENTION)),
    "site:legal_hold": Url(
        obj="child",
        get=rule(
            "case_object",
            lambda r, rel: (
                LOGIN
                if r == "anonymous"
                else HIDDEN
                if r not in ("caseworker", "sos_consultant", "team_leader", "head")
                else (OK if rel == "own" or (r == "head" and rel == "other") else HIDDEN)
            ),
        ),
        post=legal_hold_change,
        audit=("child_viewed",),
    ),
}

# The Django admin: every page of it (whatever models get registered later) is for staff (the admin role)
# only; anyone else is sent to its login page. Tested on every admin URL that takes no arguments.
ADMIN_NAMESPACE = "admin"
admin_staff_only = rule(
    "admin: staff only",
    lambda r, rel: OK if r == "admin" else LOGIN,
)
ADMIN_PUBLIC = {
    "admin:login": everyone(OK, anonymous=OK),
    # Logging out of the admin is a POST for staff; anyone else is simply redirected.
    "admin:logout": rule("admin logout", lambda r, rel: NOT_ALLOWED if r == "admin" else OK),
}
ADMIN_STAFF_OUTCOMES = (OK, FORBIDDEN)  # staff without a model permission get 403 on that model's pages
