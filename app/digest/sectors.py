"""Translated names of the partners' sectors (the codes in app/seed/partners.json)."""

from flask_babel import lazy_gettext as _l

SECTORS = {
    "policy": _l("Public policy"),
    "cooperative": _l("Co-operatives and social business"),
    "business": _l("Business"),
    "research": _l("Research"),
    "care": _l("Social care"),
    "housing": _l("Housing"),
    "homelessness": _l("Homelessness and housing support"),
    "ethnic_minority_youth": _l("Ethnic minorities and young people"),
    "voluntary": _l("Voluntary sector"),
    "innovation": _l("Public service innovation"),
}


def sector_names() -> dict[str, str]:
    """Sector code -> name in the current locale (an unknown code is shown as it is)."""
    return {code: str(name) for code, name in SECTORS.items()}
