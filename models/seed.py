"""Reference data every database starts with, read from the files in assets/."""

from __future__ import annotations

import json
from importlib.resources import files

from peer_tui.models.plans import Domain
from peer_tui.models.resources import Resource


def load_asset_json(name: str):
    return json.loads(files("peer_tui.assets").joinpath(name).read_text(encoding="utf-8"))


def seed_reference_data() -> None:
    """Insert the recovery domains and starter resources that are missing (idempotent)."""
    for order, item in enumerate(load_asset_json("domains.json")):
        Domain.insert(key=item["key"], name=item["name"], sort_order=order).on_conflict_ignore(
        ).execute()
    for item in load_asset_json("resources.json"):
        Resource.insert(
            name=item["name"], category=item["category"], pathway=item["pathway"],
            description=item.get("description", ""), contact=item.get("contact", ""),
            website=item.get("website", ""),
            needs_consent=item.get("needs_consent", item["category"] in ("treatment", "legal")),
        ).on_conflict_ignore().execute()
