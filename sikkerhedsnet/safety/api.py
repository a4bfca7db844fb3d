"""API routes of the safety app (see ../shared/api-contract.md)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["safety"])
