"""Load the partnership's partners from partners.json (idempotent: updates names by slug)."""

import json
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Partner

PARTNERS_FILE = Path(__file__).resolve().parent / "partners.json"


def load_partners(path: Path = PARTNERS_FILE) -> tuple[int, int]:
    """Insert new partners and refresh existing ones; (created, updated)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    existing = {p.slug: p for p in db.session.execute(select(Partner)).scalars()}
    created = updated = 0
    for row in rows:
        partner = existing.get(row["slug"])
        if partner is None:
            partner = Partner(slug=row["slug"], active=True)
            db.session.add(partner)
            created += 1
        else:
            updated += 1
        partner.name_cy, partner.name_en = row["name"]["cy"], row["name"]["en"]
        partner.sector = row["sector"]
    db.session.commit()
    return created, updated
