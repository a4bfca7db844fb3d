"""`manage.py create_user USERNAME --role ROLE [--team TEAM] [--api-token]` (contract: Command line)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from sikkerhedsnet.accounts.models import Team, User
from sikkerhedsnet.audit.models import AuditEvent


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_user_takes_password_from_environment(db, monkeypatch) -> None:
    monkeypatch.setenv("NEW_USER_PASSWORD", "Et-godt-kodeord-2026")
    run("birte", "--role", "caseworker", "--team", "Team Vest")
    assert User.objects.get(username="birte").check_password("Et-godt-kodeord-2026")


def test_create_user_without_password_variable_cannot_log_in_with_a_password(db, monkeypatch) -> None:
    monkeypatch.delenv("NEW_USER_PASSWORD", raising=False)
    run("birte", "--role", "caseworker", "--team", "Team Vest")
    assert not User.objects.get(username="birte").has_usable_password()


def test_create_user_creates_a_missing_team(db) -> None:
    run("birte", "--role", "caseworker", "--team", "Team Vest")
    assert User.objects.get(username="birte").team == Team.objects.get(name="Team Vest")


def test_create_user_reuses_an_existing_team(db) -> None:
    run("birte", "--role", "caseworker", "--team", "Team Vest")
    run("anders", "--role", "caseworker", "--team", "Team Vest")
    assert Team.objects.filter(name="Team Vest").count() == 1


def test_create_user_twice_updates_the_role(db) -> None:
    run("birte", "--role", "caseworker", "--team", "Team Vest")
    run("birte", "--role", "team_leader", "--team", "Team Vest")
    assert User.objects.get(username="birte").role == "team_leader"


def test_create_user_rejects_an_unknown_role(db) -> None:
    with pytest.raises(CommandError):
        run("birte", "--role", "superhelt")


def test_create_user_is_audited(db) -> None:
    run("birte", "--role", "auditor")
    assert AuditEvent.objects.filter(type="user_changed", target_model="accounts.user").count() == 1


def test_api_token_is_the_last_line_and_works_against_the_api(db) -> None:
    lines = run("birte", "--role", "caseworker", "--team", "Team Vest", "--api-token")
    token = lines[-1]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/children?q=Freja")
    assert token.startswith("skn_") and response.status_code == 200


def test_api_token_lets_the_new_caseworker_create_a_child(db) -> None:
    token = run("birte", "--role", "caseworker", "--team", "Team Vest", "--api-token")[-1]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/children",
        data={"cpr": "610115-4001", "first_name": "Freja", "last_name": "Fiktivsen"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["team"]) == (201, "Team Vest")


def test_without_api_token_flag_no_token_is_printed(db) -> None:
    lines = run("birte", "--role", "caseworker", "--team", "Team Vest")
    assert not any(line.startswith("skn_") for line in lines)
