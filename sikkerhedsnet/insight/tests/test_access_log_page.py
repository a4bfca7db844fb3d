"""The auditor's access report for one CPR (the data subject's right of access): page, CSV and PDF."""

import csv
import io
import subprocess

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import selectors, services
from sikkerhedsnet.core import jobs
from sikkerhedsnet.core.models import Job


@pytest.fixture
def auditor(team):  # type: ignore[no-untyped-def]
    return UserFactory(username="revisor", role="auditor", team=None, municipality=team.department.municipality)


@pytest.fixture
def touched(child, caseworker, outsider):  # type: ignore[no-untyped-def]
    """A child read by its caseworker and opened by an outsider with a reason."""
    selectors.child_get_for_user(caseworker, child.pk, purpose="journal")
    selectors.child_get_for_user(outsider, child.pk, reason="Døgnvagt: politiet ringede")
    return child


def _post(client, auditor, cpr: str, fmt: str = "html"):  # type: ignore[no-untyped-def]
    client.force_login(auditor)
    return client.post("/logning/", {"cpr": cpr, "format": fmt})


def _export(client, auditor, cpr: str, fmt: str):  # type: ignore[no-untyped-def]
    """CSV and PDF are made by a background job: the page redirects to its progress page, the file is fetched there."""
    response = _post(client, auditor, cpr, fmt)
    assert response.status_code == 302 and cpr not in response["Location"]
    jobs.run_pending()
    download = client.get(f"/job/{Job.objects.get().public_id}/hent/")
    content = b"".join(download.streaming_content)
    download.close()
    return download, content


def test_page_lists_reads_in_words_with_names_and_reason(client, auditor, touched, outsider) -> None:
    body = _post(client, auditor, touched.cpr_formatted).content.decode()
    assert "Læste journalen" in body and "Døgnvagt: politiet ringede" in body
    assert outsider.get_full_name() in body and "child_viewed" not in body


def test_page_technical_view_shows_the_log_fields_for_verification(client, auditor, touched) -> None:
    client.force_login(auditor)
    body = client.post("/logning/", {"cpr": touched.cpr, "format": "html", "technical": "on"}).content.decode()
    assert "child_viewed" in body and "outsider" in body


@pytest.mark.parametrize(
    ("filters", "shown", "hidden"),
    [
        ({"person": "outsider"}, "Døgnvagt: politiet ringede", "Læste journalen"),
        ({"kind": "access"}, "Åbnede sagen uden at arbejde i barnets team", "Læste journalen"),
        ({"kind": "read"}, "Læste journalen", "Åbnede sagen uden"),
        ({"date_from": "2001-01-01", "date_to": "2001-01-31"}, "0 hændelser", "Læste journalen"),
    ],
)
def test_page_filters_by_person_kind_and_period(client, auditor, touched, filters, shown, hidden) -> None:
    client.force_login(auditor)
    body = client.post("/logning/", {"cpr": touched.cpr, "format": "html"} | filters).content.decode()
    assert shown in body and hidden not in body


def test_page_period_ending_before_it_starts_is_a_form_error(client, auditor, touched) -> None:
    client.force_login(auditor)
    data = {"cpr": touched.cpr, "date_from": "2026-02-01", "date_to": "2026-01-01"}
    assert client.post("/logning/", data).status_code == 422


def test_lookup_itself_is_audited_with_masked_cpr(client, auditor, touched) -> None:
    _post(client, auditor, touched.cpr)
    event = AuditEvent.objects.get(type="access_log_exported", actor_id=auditor.pk)
    assert event.new == {"cpr": touched.cpr[:6] + "-xxxx"}


def test_cpr_is_never_put_in_the_url(client, auditor, touched) -> None:
    client.force_login(auditor)
    assert "?cpr=" not in client.get("/logning/").content.decode()
    assert client.get(f"/logning/?cpr={touched.cpr}").context["events"] is None


def test_csv_has_one_row_per_event_with_the_contract_columns(client, auditor, touched) -> None:
    response, content = _export(client, auditor, touched.cpr, "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert rows[0] == ["at", "user", "action", "object_type", "object_id", "reason"]
    assert [r[2] for r in rows[1:]].count("child_viewed") == 2 and "break_the_glass" in [r[2] for r in rows[1:]]
    assert any(r[1] == "outsider" and r[5] == "Døgnvagt: politiet ringede" for r in rows[1:])


def test_csv_file_name_carries_no_cpr(client, auditor, touched) -> None:
    disposition = _export(client, auditor, touched.cpr, "csv")[0]["Content-Disposition"]
    assert touched.cpr not in disposition and touched.cpr[:6] not in disposition


def test_pdf_names_the_person_and_lists_the_events(client, auditor, touched, tmp_path) -> None:
    # pdftotext comes with poppler-utils, which .ci/run installs.
    response, content = _export(client, auditor, touched.cpr, "pdf")
    path = tmp_path / "indsigt.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert response["Content-Type"] == "application/pdf" and content.startswith(b"%PDF")
    assert "Hvem har set oplysningerne?" in text and touched.cpr_formatted in text
    assert "Døgnvagt:" in text and "Læste journalen" in text  # a long reason wraps within its column
    assert "child_viewed" not in text and "children.child" not in text and f" {touched.pk} " not in text


def test_events_of_a_parent_include_their_childrens_reads(client, auditor, child, caseworker) -> None:
    services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mette", cpr="650385-4012")
    selectors.child_get_for_user(caseworker, child.pk)
    body = _post(client, auditor, "650385-4012").content.decode()
    assert "Læste barnets sag" in body


def test_unknown_cpr_gives_an_empty_report(client, auditor, db) -> None:
    body = _post(client, auditor, "610115-4999").content.decode()
    assert "Ingen hændelser vedrører personen" in body


@pytest.mark.parametrize("cpr", ["", "12", "abcdefghij", "0101011234567"])
def test_malformed_cpr_is_a_danish_form_error(client, auditor, cpr) -> None:
    response = _post(client, auditor, cpr)
    assert response.status_code == 422 and "form-error" in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "admin", "analyst"])
def test_page_is_for_auditors_only(client, team, role, touched) -> None:
    user = UserFactory(
        role=role,
        team=team if role in ("caseworker", "team_leader") else None,
        municipality=team.department.municipality,
    )
    assert _post(client, user, touched.cpr).status_code == 403
