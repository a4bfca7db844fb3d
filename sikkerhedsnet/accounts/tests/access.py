"""Access expectations for the accounts app (see sikkerhedsnet/testing/access.py)."""

from sikkerhedsnet.testing.access import HIDDEN, LOGIN, NOT_ALLOWED, OK, UNAUTHORIZED, Api, Url, everyone, only, rule

# The admin role manages users of its own municipality; a user elsewhere is 404.
admin_own_municipality = rule(
    "admin, own municipality",
    lambda r, rel: LOGIN if r == "anonymous" else ("forbidden" if r != "admin" else (HIDDEN if rel == "none" else OK)),
)

URLS = {
    "accounts:login": Url(get=everyone(OK, anonymous=OK), post=everyone(OK, anonymous=OK)),
    # Logging out ends on the login page, for everyone.
    "accounts:logout": Url(get=everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED), post=everyone(LOGIN)),
    "accounts:logout_everywhere": Url(get=everyone(NOT_ALLOWED), post=everyone(LOGIN)),
    "accounts:profile": Url(get=everyone(OK), post=everyone(OK)),
    # The private calendar feed (Opret/Forny, Slet): every user for their own feed; buttons that POST.
    "accounts:calendar_feed_create": Url(get=everyone(NOT_ALLOWED), post=everyone(OK)),
    "accounts:calendar_feed_delete": Url(get=everyone(NOT_ALLOWED), post=everyone(OK)),
    # Form drafts (autosave): every user reads and writes only their own; bad input is 422 (OK in this vocabulary).
    "accounts:form_draft": Url(get=everyone(OK), post=everyone(OK)),
    "accounts:otp": Url(get=everyone(OK), post=everyone(OK)),
    "tasks:team_dashboard": Url(get=only(["team_leader", "head"]), post=only(["team_leader", "head"])),
    # A team leader may mark a reasoned access as seen; one outside their team is not found (a message, 302).
    "tasks:break_glass_reviewed": Url(obj="break_glass", get=everyone(NOT_ALLOWED), post=only(["team_leader"])),
    # Kommunens indstillinger: heads and admins of the municipality (a form post without data is 422, shown as OK).
    "accounts:settings": Url(get=only(["head", "admin"]), post=only(["head", "admin"])),
    "accounts:user_list": Url(get=only(["admin"]), post=only(["admin"])),
    "accounts:user_create": Url(get=only(["admin"]), post=only(["admin"])),
    "accounts:user_edit": Url(obj="user", get=admin_own_municipality, post=admin_own_municipality),
}


def _setting_change(world):  # type: ignore[no-untyped-def]
    """A valid change (the version the world's municipality has now); repeated it answers 409/422, after the check."""
    from sikkerhedsnet.accounts.settings_selectors import version

    return {"value": 10, "version": version(world.municipalities["own"].pk)}


API = {
    # The private calendar feed: any logged-in user, their own (GET renews the secret, DELETE revokes it).
    "GET /api/v1/me/calendar": Api(rule=everyone(OK, anonymous=UNAUTHORIZED)),
    "DELETE /api/v1/me/calendar": Api(rule=everyone(OK, anonymous=UNAUTHORIZED)),
    # Kommunens indstillinger: heads and admins of the user's municipality; others 403.
    "GET /api/v1/municipality/settings": Api(rule=only(["head", "admin"], anonymous=UNAUTHORIZED)),
    "PUT /api/v1/municipality/settings/{key}": Api(
        rule=only(["head", "admin"], anonymous=UNAUTHORIZED),
        params={"key": "hearing_period_days"},
        body=_setting_change,
    ),
}
