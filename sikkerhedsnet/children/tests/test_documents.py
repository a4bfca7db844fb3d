"""Documents: magic bytes decide the type, size limits hold, downloads are access-checked and audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import Document
from sikkerhedsnet.children.services import sniff_content_type
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.testing.forms import with_form_token

PDF = b"%PDF-1.7\n%fiktivt dokument\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (PDF, "a.pdf", "application/pdf"),
        (PNG, "a.png", "image/png"),
        (b"\xff\xd8\xff\xe0", "a.jpg", "image/jpeg"),
        (b"PK\x03\x04", "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"PK\x03\x04", "a.zip", None),
        (b"MZ\x90\x00", "a.pdf", None),
        (b"<html><script>", "a.pdf", None),
        (b"", "a.pdf", None),
    ],
)
def test_sniff_content_type_trusts_bytes_not_names(head, name, expected) -> None:
    assert sniff_content_type(head, name) == expected


def _upload(child, user, content: bytes, name: str = "notat.pdf", max_bytes: int = 1024):  # type: ignore[no-untyped-def]
    return services.document_upload(
        by=user, child=child, title="Skoleudtalelse", upload=SimpleUploadedFile(name, content), max_bytes=max_bytes
    )


def test_upload_stores_sniffed_type_and_audits(child, caseworker) -> None:
    document = _upload(child, caseworker, PDF, name="udtalelse.PNG")
    assert document.content_type == "application/pdf"
    assert AuditEvent.objects.filter(type="created", target_model="children.document", child_id=child.pk).exists()


def test_upload_never_stores_the_original_name_in_the_path(child, caseworker) -> None:
    document = _upload(child, caseworker, PDF, name="610115-4001 Freja.pdf")
    assert "Freja" not in document.file.name and "610115" not in document.file.name


def test_upload_of_executable_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError, match="Filtypen er ikke tilladt"):
        _upload(child, caseworker, b"MZ\x90\x00rest", name="virus.pdf")


def test_upload_over_the_limit_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError, match="for stor"):
        _upload(child, caseworker, PDF + b"x" * 2000, max_bytes=1024)


def test_empty_upload_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError, match="tom"):
        _upload(child, caseworker, b"")


def test_upload_page_with_wrong_type_keeps_title_and_says_why(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post(
        f"/boern/{child.pk}/dokumenter/",
        with_form_token(
            {"title": "Skoleudtalelse", "file": SimpleUploadedFile("a.pdf", b"<html>", content_type="application/pdf")}
        ),
    )
    body = response.content.decode()
    assert response.status_code == 422 and "Filtypen er ikke tilladt" in body and 'value="Skoleudtalelse"' in body


def test_upload_page_over_10_mb_is_refused(client, child, caseworker, settings) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024
    client.force_login(caseworker)
    response = client.post(
        f"/boern/{child.pk}/dokumenter/", with_form_token({"file": SimpleUploadedFile("a.pdf", PDF + b"x" * 4096)})
    )
    assert response.status_code == 422 and "for stor" in response.content.decode()


def test_upload_page_without_file_is_a_form_error(client, child, caseworker) -> None:
    client.force_login(caseworker)
    assert client.post(f"/boern/{child.pk}/dokumenter/", with_form_token({"title": "x"})).status_code == 422


def test_upload_to_invisible_child_is_404(client, child, outsider) -> None:
    client.force_login(outsider)
    response = client.post(
        f"/boern/{child.pk}/dokumenter/", with_form_token({"file": SimpleUploadedFile("a.pdf", PDF)})
    )
    assert response.status_code == 404 and not Document.objects.exists()


def test_download_returns_the_bytes_as_attachment_and_audits(client, child, caseworker) -> None:
    document = _upload(child, caseworker, PDF)
    client.force_login(caseworker)
    response = client.get(f"/boern/dokumenter/{document.public_id}/")
    content = b"".join(response.streaming_content)  # consuming it closes the file (the test client's wrapper)
    assert content == PDF
    assert response["Content-Disposition"].startswith("attachment") and response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(type="document_downloaded", child_id=child.pk, actor_id=caseworker.pk).exists()


def test_download_file_name_carries_no_personal_data(client, child, caseworker) -> None:
    document = _upload(child, caseworker, PDF, name="Freja Fiktivsen 610115-4001.pdf")
    client.force_login(caseworker)
    response = client.get(f"/boern/dokumenter/{document.public_id}/")
    b"".join(response.streaming_content)
    assert response["Content-Disposition"].endswith('"dokument.pdf"')


def test_download_of_another_teams_document_is_404_and_not_logged_as_download(
    client, child, caseworker, outsider
) -> None:
    document = _upload(child, caseworker, PDF)
    client.force_login(outsider)
    assert client.get(f"/boern/dokumenter/{document.public_id}/").status_code == 404
    assert not AuditEvent.objects.filter(type="document_downloaded", actor_id=outsider.pk).exists()


def test_download_of_unknown_uuid_is_404(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/boern/dokumenter/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_download_with_malformed_uuid_is_404(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/boern/dokumenter/not-a-uuid/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type", "filename"),
    [
        ("brev.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "dokument.docx"),
        ("budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "dokument.xlsx"),
        ("referat.odt", "application/vnd.oasis.opendocument.text", "dokument.odt"),
        ("foto.png", "image/png", "dokument.png"),
    ],
)
def test_download_of_office_documents_keeps_their_type_and_extension(
    client, child, caseworker, name, content_type, filename
) -> None:
    head = PNG if name.endswith(".png") else b"PK\x03\x04" + b"\x00" * 20
    document = _upload(child, caseworker, head, name=name)
    client.force_login(caseworker)
    response = client.get(f"/boern/dokumenter/{document.public_id}/")
    b"".join(response.streaming_content)
    assert response["Content-Type"] == content_type  # issue #20: these came as dokument.bin
    assert response["Content-Disposition"].endswith(f'"{filename}"')
