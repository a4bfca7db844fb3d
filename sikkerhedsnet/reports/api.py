"""API routes of the reports app (see ../shared/api-contract.md)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
