"""The private iCal feed of a user's deadlines (issue #14): the secret URL, its page and API, the feed itself."""

from datetime import date, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.test import Client

from sikkerhedsnet.accounts.models import CalendarFeed
from sikkerhedsnet.accounts.services import calendar_feed_renew, user_logout_everywhere
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.legal import LOCAL_TZ
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
from sikkerhedsnet.tasks.selectors import my_tasks
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 12, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _feed_path(secret: str) -> str:
    return f"/kalender/{secret}/frister.ics"


def _events(response):  # type: ignore[no-untyped-def]
    calendar = icalendar.Calendar.from_ical(response.content)
    return [c for c in calendar.walk("VEVENT")]


@pytest.fixture
def deadlines(child, colleague_same_team):  # type: ignore[no-untyped-def]
    """The caseworker's child: an overdue investigation and a new notification (hour-based); the colleague's
    child: an investigation that must not show in the caseworker's feed."""
    InvestigationFactory(child=child, awareness_on=date(2025, 11, 1))
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=2), acute=True)
    theirs = ChildFactory(case__caseworker=colleague_same_team, case__team=colleague_same_team.team)
    InvestigationFactory(child=theirs, awareness_on=date(2025, 12, 1))
    return theirs


def test_feed_holds_exactly_the_users_open_deadlines_without_a_session(caseworker, child, deadlines) -> None:
    secret = calendar_feed_renew(user=caseworker)
    response = Client().get(_feed_path(secret))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    events = _events(response)
    expected = my_tasks(caseworker, today=NOW.date(), now=NOW)
    assert len(events) == len(expected) >= 2
    summaries = [str(e["SUMMARY"]) for e in events]
    assert all(s.startswith("Frist: ") and s.endswith(f"– sag {child.case.number}") for s in summaries)
    assert "Frist: Afslut børnefaglig undersøgelse – sag " + child.case.number in summaries
    assert not any(deadlines.case.number in s for s in summaries)  # the colleague's case is not there
    body = response.content.decode()
    for word in (child.first_name, child.last_name, child.cpr, child.cpr_formatted, deadlines.last_name):
        assert word not in body


def test_feed_dates_all_day_or_the_due_moment_in_copenhagen(caseworker, child, deadlines) -> None:
    events = _events(Client().get(_feed_path(calendar_feed_renew(user=caseworker))))
    starts = [e.decoded("DTSTART") for e in events]
    assert any(type(s) is date for s in starts)  # the investigation: an all-day date
    timed = [s for s in starts if isinstance(s, datetime)]
    assert timed and all(str(s.tzinfo) == "Europe/Copenhagen" for s in timed)  # the 24-hour assessment


def test_feed_uid_is_stable_across_fetches_and_renewals(caseworker, child, deadlines) -> None:
    first = sorted(str(e["UID"]) for e in _events(Client().get(_feed_path(calendar_feed_renew(user=caseworker)))))
    second = sorted(str(e["UID"]) for e in _events(Client().get(_feed_path(calendar_feed_renew(user=caseworker)))))
    assert first == second and len(set(first)) == len(first)


def test_every_fetch_is_audited_on_the_user_without_child_data(caseworker, child, deadlines) -> None:
    secret = calendar_feed_renew(user=caseworker)
    Client().get(_feed_path(secret))
    Client().get(_feed_path(secret))
    events = AuditEvent.objects.filter(type="exported", actor_id=caseworker.pk)
    assert events.count() == 2
    assert all(e.child_id is None and e.target_id == str(caseworker.pk) for e in events)
    assert CalendarFeed.objects.get(user=caseworker).last_used_at is not None


def test_renewing_revokes_the_old_url_and_only_a_hash_is_stored(caseworker) -> None:
    old = calendar_feed_renew(user=caseworker)
    new = calendar_feed_renew(user=caseworker)
    assert Client().get(_feed_path(old)).status_code == 404
    assert Client().get(_feed_path(new)).status_code == 200
    feed = CalendarFeed.objects.get(user=caseworker)
    assert feed.key_hash == CalendarFeed.hash_key(new) and new not in feed.key_hash


@pytest.mark.parametrize("secret", ["unknown", "kal_" + "x" * 43, "æøå", "%20", "a" * 500])
def test_unknown_secret_is_404(db, secret) -> None:
    assert Client().get(_feed_path(secret)).status_code == 404


def test_null_character_in_the_secret_is_400_not_500(db) -> None:
    assert Client().get(_feed_path("%00")).status_code == 400  # RejectNullCharacterMiddleware


def test_deactivated_user_feed_is_404(caseworker) -> None:
    secret = calendar_feed_renew(user=caseworker)
    caseworker.is_active = False
    caseworker.save()
    assert Client().get(_feed_path(secret)).status_code == 404


def test_logout_everywhere_revokes_the_feed(caseworker) -> None:
    secret = calendar_feed_renew(user=caseworker)
    user_logout_everywhere(by=caseworker)
    assert Client().get(_feed_path(secret)).status_code == 404


def test_feed_is_rate_limited(caseworker, settings) -> None:
    settings.CALENDAR_FEED_THROTTLE_RATE = "2/hour"
    path = _feed_path(calendar_feed_renew(user=caseworker))
    assert [Client().get(path).status_code for _ in range(3)] == [200, 200, 429]
    assert int(Client().get(path)["Retry-After"]) > 0


def test_post_to_the_feed_is_not_allowed(caseworker) -> None:
    assert Client().post(_feed_path(calendar_feed_renew(user=caseworker))).status_code == 405


# ------------------------------------------------------------------------------------- the profile page


def test_profile_creates_shows_once_renews_and_deletes(caseworker, child, deadlines) -> None:
    client = Client()
    client.force_login(caseworker)
    assert "Du har ikke noget kalenderabonnement" in client.get("/accounts/profil/").content.decode()
    html = client.post("/accounts/profil/kalender/", with_form_token({})).content.decode()
    feed = CalendarFeed.objects.get(user=caseworker)
    url = html.split('id="id_calendar_url" rows="3" spellcheck="false" readonly>')[1].split("<")[0]
    assert url.startswith("http://testserver/kalender/kal_")
    assert CalendarFeed.hash_key(url.split("/")[-2]) == feed.key_hash
    assert len(_events(Client().get(url))) >= 2
    again = client.get("/accounts/profil/").content.decode()
    assert url not in again and "Forny kalenderadresse" in again  # shown once
    response = client.post("/accounts/profil/kalender/slet/", with_form_token({}))
    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(user=caseworker).exists()
    assert Client().get(url).status_code == 404


# --------------------------------------------------------------------------------------------- the API


def test_api_get_renews_and_returns_the_url_delete_revokes(api_client, caseworker, child, deadlines) -> None:
    client = api_client(caseworker)
    first = client.get("/api/v1/me/calendar")
    assert first.status_code == 200 and set(first.json()) == {"url"}
    second = client.get("/api/v1/me/calendar").json()["url"]
    assert first.json()["url"] != second
    assert Client().get(first.json()["url"]).status_code == 404
    feed = Client().get(second)
    assert feed.status_code == 200 and len(_events(feed)) == len(my_tasks(caseworker, today=NOW.date(), now=NOW))
    assert client.delete("/api/v1/me/calendar").status_code == 204
    assert Client().get(second).status_code == 404
    assert client.delete("/api/v1/me/calendar").status_code == 204  # nothing left to revoke


def test_api_without_token_is_401(db) -> None:
    assert Client().get("/api/v1/me/calendar").status_code == 401
    assert Client().delete("/api/v1/me/calendar").status_code == 401
