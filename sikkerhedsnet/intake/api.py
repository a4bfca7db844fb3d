"""API routes of the intake app (see ../shared/api-contract.md)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["intake"])
