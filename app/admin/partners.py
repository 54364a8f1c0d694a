"""Partners on the administrator's pages: list with story counts, add, change. No Flask here.

A partner that is not active stops collecting: its story form and install manifest answer
404, the API refuses its stories (a phone keeps them, with the reason) and the home page no
longer lists it. Its stories, its analysts and their access stay as they were.
"""

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.collect.service import forget_receivers
from app.digest.sectors import SECTORS
from app.extensions import db
from app.models import Partner, Story, User
from app.models.partner import NAME_MAX, SLUG, SLUG_MAX
from app.problems import N_, Refused, gather

# C0 and C1 control characters: invisible in a name, and NUL breaks PostgreSQL.
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


class PartnerError(Refused):
    """A partner change that cannot be made; `field` is the form field it is about."""


@dataclass(frozen=True)
class PartnerRow:
    partner: Partner
    stories: int
    analysts: int


def partner_rows(lang: str) -> list[PartnerRow]:
    """Every partner, active or not, with its numbers of stories and partner analysts, in
    the alphabetical order of their names in `lang`."""
    stories = (
        select(Story.partner_id, func.count(Story.id).label("n"))
        .group_by(Story.partner_id)
        .subquery()
    )
    analysts = (
        select(User.partner_id, func.count(User.id).label("n"))
        .where(User.partner_id.is_not(None))
        .group_by(User.partner_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Partner, func.coalesce(stories.c.n, 0), func.coalesce(analysts.c.n, 0))
        .outerjoin(stories, stories.c.partner_id == Partner.id)
        .outerjoin(analysts, analysts.c.partner_id == Partner.id)
    ).all()
    out = [PartnerRow(partner, n_stories, n_analysts) for partner, n_stories, n_analysts in rows]
    return sorted(out, key=lambda row: (row.partner.name(lang).casefold(), row.partner.slug))


def partners_by_name(lang: str) -> list[Partner]:
    """Every partner, in the alphabetical order of their names in `lang` (for a choice list)."""
    found = db.session.execute(select(Partner)).scalars()
    return sorted(found, key=lambda partner: (partner.name(lang).casefold(), partner.slug))


def partner_by_slug(slug: str) -> Partner | None:
    if len(slug) > SLUG_MAX or not SLUG.fullmatch(slug):
        return None  # never a query: a slug in a URL may hold anything, NUL included
    return db.session.execute(select(Partner).where(Partner.slug == slug)).scalar_one_or_none()


def sector_codes(current: str | None = None) -> list[str]:
    """The sectors a partner may be in (they have translated names), and its current one."""
    codes = list(SECTORS)
    return codes + [current] if current and current not in codes else codes


def tidy_name(text: str | None) -> str:
    """Control characters removed, runs of spaces (and line breaks) made one space."""
    return " ".join(CONTROL_CHARS.sub(" ", text or "").split())


def _name(field: str, text: str | None) -> str:
    name = tidy_name(text)
    if not name:
        message = (
            N_("Enter the name in Welsh") if field == "name_cy" else N_("Enter the name in English")
        )
        raise PartnerError(field, message)
    if len(name) > NAME_MAX:
        message = (
            N_("Enter a Welsh name of 200 characters or fewer")
            if field == "name_cy"
            else N_("Enter an English name of 200 characters or fewer")
        )
        raise PartnerError(field, message)
    return name


def _sector(code: str | None, current: str | None = None) -> str:
    if code not in sector_codes(current):
        raise PartnerError("sector", N_("Choose a sector from the list"))
    return code


def _new_slug(slug: str | None) -> str:
    slug = (slug or "").strip().lower()
    if not slug:
        raise PartnerError("slug", N_("Enter a short name for the web address"))
    if len(slug) > SLUG_MAX:
        raise PartnerError("slug", N_("Enter a short name of 40 characters or fewer"))
    if not SLUG.fullmatch(slug):
        raise PartnerError(
            "slug",
            N_(
                "Use only lowercase letters a to z, digits and hyphens, with a letter or digit at each end, like care-forum"
            ),
        )
    if partner_by_slug(slug) is not None:
        raise PartnerError("slug", DUPLICATE_SLUG)
    return slug


DUPLICATE_SLUG = N_("There is already a partner with this short name")


def create_partner(slug: str, name_cy: str, name_en: str, sector: str) -> Partner:
    """A new, active partner; PartnerError (and nothing written) if any part is not right."""
    name_cy, name_en, sector, slug = gather(  # in the form's order, for the error summary
        lambda: _name("name_cy", name_cy),
        lambda: _name("name_en", name_en),
        lambda: _sector(sector),
        lambda: _new_slug(slug),
    )
    partner = Partner(slug=slug, name_cy=name_cy, name_en=name_en, sector=sector, active=True)
    db.session.add(partner)
    try:
        db.session.commit()
    except IntegrityError:  # the same slug added at the same moment elsewhere
        db.session.rollback()
        raise PartnerError("slug", DUPLICATE_SLUG) from None
    forget_receivers()
    return partner


def update_partner(
    partner: Partner, name_cy: str, name_en: str, sector: str, active: str
) -> Partner:
    """New names, sector and "yes"/"no" for active; the slug never changes (links use it)."""
    name_cy, name_en, sector, active_ = gather(
        lambda: _name("name_cy", name_cy),
        lambda: _name("name_en", name_en),
        lambda: _sector(sector, partner.sector),
        lambda: _yes_no(active),
    )
    partner.name_cy, partner.name_en, partner.sector = name_cy, name_en, sector
    partner.active = active_
    db.session.commit()
    forget_receivers()  # so this process stops (or starts) taking its stories at once
    return partner


def _yes_no(value: str | None) -> bool:
    if value not in ("yes", "no"):
        raise PartnerError("active", N_("Choose whether this partner is collecting stories"))
    return value == "yes"
