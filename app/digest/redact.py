"""Redaction of quoted text: email addresses, phone numbers, postcodes and web addresses.

A pure function on plain text. It returns plain text: escaping is the template's job, so
"<img src=...>" in a story is printed as those characters, never interpreted.

Every pattern starts only where the previous character cannot continue the match (a
look-behind) and uses possessive quantifiers, so a 10,000-character word is scanned once,
not once per character.
"""

import re
from collections.abc import Mapping

KINDS = ("email", "web", "phone", "postcode")

# Enough to catch what people type ("jo.bloggs@gmail.com", "www.example.cymru/page",
# "https://…", "example.org.uk"): a bare domain needs a known top-level domain, so
# "e.g." or "Mr.Jones" are left alone.
_TLDS = "com|org|net|uk|cymru|wales|gov|nhs|ac|edu|io|co|info|biz|eu|me|ly|app|dev|ie|scot|london"
_EMAIL = r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"
_WEB = (
    r"(?<![\w@/.-])(?:(?:https?|ftp)://|www\.)[^\s<>\"']++"
    rf"|(?<![\w@/.-])[\w-]++(?:\.[\w-]++)*\.(?:{_TLDS})\b(?![@\w-]|\.[\w-])(?:/[^\s<>\"']*+)?"
)
# UK numbers: +44 or 0044 or 0, then 9 or 10 more digits, with spaces, hyphens, dots or
# brackets between them: 07700 900123, +44 7700 900123, (029) 2034 5678, 01286 123 456.
_PHONE = (
    r"(?<![\w+])(?:(?:\+|00)44[\s.-]*+(?:\(0\)[\s.-]*+)?|\(?0)(?:[\s.()-]{0,2}\d){9,10}(?![\d])"
)
# UK postcodes, with or without the space: CF10 1AA, LL55 4UR, SA1 1AA, NP20 1AA, LD1 5AA,
# SY23 3AA, EC1A 1BB, and the outward code followed by a space and the inward code.
_POSTCODE = r"(?<![\w])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]*+\d[A-Z]{2}(?![\w])"

_PATTERN = re.compile(
    rf"(?P<email>{_EMAIL})|(?P<web>{_WEB})|(?P<phone>{_PHONE})|(?P<postcode>{_POSTCODE})",
    re.IGNORECASE,
)

DEFAULT_LABELS: Mapping[str, str] = {
    "email": "[email address removed]",
    "web": "[web address removed]",
    "phone": "[phone number removed]",
    "postcode": "[postcode removed]",
}


def redact(text: str | None, labels: Mapping[str, str] = DEFAULT_LABELS) -> str:
    """`text` with every email, web address, UK phone number and UK postcode replaced."""
    if not text:
        return ""

    def replace(match: re.Match) -> str:
        return labels[match.lastgroup or "web"]

    return _PATTERN.sub(replace, text)


def found(text: str | None) -> set[str]:
    """Which kinds of personal detail `text` holds (for tests and reports)."""
    return {m.lastgroup for m in _PATTERN.finditer(text or "") if m.lastgroup}
