"""The page checker every rendered page goes through (see check_page)."""

from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

POT = Path(__file__).resolve().parent.parent / "translations" / "messages.pot"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.ids: list[str] = []
        self.h1: list[str] = []
        self.title = ""
        self.lang_links: list[dict] = []
        self.post_forms: list[bool] = []  # has a csrf_token input?
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("hreflang"):
            self.lang_links.append(a)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.post_forms.append(False)
        if tag == "input" and a.get("name") == "csrf_token" and self.post_forms:
            self.post_forms[-1] = True
        if tag in ("h1", "title", "script", "style"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if "h1" in self._in:
            self.h1.append(data)
        if "title" in self._in:
            self.title += data
        if not {"script", "style"} & set(self._in):
            self.text.append(data)


@cache
def english_msgids() -> frozenset[str]:
    """Every English UI sentence in the catalogue template (long enough to be unambiguous)."""
    with POT.open("rb") as fh:
        catalog = read_po(fh)
    ids = set()
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            if msgid and "%(" not in msgid and len(msgid) > 15:
                ids.add(msgid)
    return frozenset(ids)


def check_page(response, lang: str, status: int = 200) -> _Page:
    """Status, one h1, title starts with it, lang, language link, unique ids, CSRF, no English on cy."""
    assert response.status_code == status, response.status_code
    page = _Page()
    page.feed(response.get_data(as_text=True))
    assert page.html_lang == lang
    assert len(page.h1) >= 1 and page.h1.count(page.h1[0]) >= 1
    h1_text = " ".join("".join(page.h1).split())
    title = " ".join(page.title.split())
    assert title.removeprefix("Gwall: ").removeprefix("Error: ").startswith(h1_text), (
        title,
        h1_text,
    )
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicates, duplicates
    other = "en" if lang == "cy" else "cy"
    assert any(a.get("lang") == other and a.get("hreflang") == other for a in page.lang_links)
    assert all(page.post_forms), "a POST form without a CSRF token"
    if lang == "cy":
        text = " ".join(" ".join(page.text).split())
        left = [m for m in english_msgids() if m in text]
        assert not left, left
    return page
