"""Shared pieces of the safety routers (safety.py and its sub-routers for mapping, network and documents)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Path, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

from sikkerhedsnet.core.converters import MAX_ID
from sikkerhedsnet.core.errors import DomainError

# Ids beyond a 64-bit integer would make the database raise instead of answering 404/422.
PathId = Path(..., ge=1, le=MAX_ID)

ParticipantRoleCode = Literal["mother", "father", "child", "network", "caseworker", "professional", "other"]
PHONE_DESCRIPTION = "ASCII digits (0-9), spaces and + ( ) - . / only; otherwise 422 invalid_phone"
VERSION_DESCRIPTION = "Optimistic lock: the `version` you read; a stale value answers 409 stale_edit"


def local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value else None


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """A service names its own field in a refusal (`said_by`); the API answers with the body's name
    (`said_by_id`), so a client can tell which of its fields was refused."""
    try:
        yield
    except DomainError as exc:
        if exc.field in names:
            exc.field = names[exc.field]
        raise


class BodyIn(Schema):
    """A request body: a JSON object, nothing else. ninja also reads a schema's fields as attributes of whatever it
    is given, so without this the bare string "AAA" would be a story whose title is "AAA".title(), i.e. "Aaa"."""

    @model_validator(mode="before")
    @classmethod
    def _json_object_only(cls, values: Any) -> Any:
        given = values._obj if isinstance(values, DjangoGetter) else values  # ninja's wrapper runs first
        if not isinstance(given, dict):
            raise ValueError("The body must be a JSON object.")
        return values
