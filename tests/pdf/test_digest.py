"""PDF digests rendered through the explorer: language, title, redactions, "<5", quotes, access."""

from urllib.parse import urlencode

import pytest

from app.digest import render
from app.extensions import db
from app.models import TimelineEvent
from tests.analysts import make_story, sign_in
from tests.pages import check_page
from tests.pdf.conftest import MARCH, flag, pdf_lang, pdf_text, pdf_title, stories

TITLE = {"cy": "Crynodeb o straeon", "en": "Story digest"}


@pytest.fixture
def client(web):
    return web


def _get(client, lang="en", **params):
    query = {**MARCH, "period": "custom", "digest_lang": lang, **params}
    return client.get(f"/{lang if lang != 'both' else 'cy'}/explore/digest.pdf?{urlencode(query)}")


@pytest.mark.parametrize("lang", ["cy", "en", "both"])
def test_a_digest_in_each_language_has_its_language_title_and_bookmarks(
    client, analysts, framework, cache_dir, curation, lang
):
    stories(framework, 12)
    sign_in(client, analysts["partner_analyst"].email)
    response = _get(client, lang)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = response.data
    assert pdf_lang(pdf) == ("cy" if lang == "both" else lang)
    first = "cy" if lang == "both" else lang
    assert pdf_title(pdf).startswith(TITLE[first])
    text = pdf_text(pdf)
    for each in ("cy", "en") if lang == "both" else (lang,):
        assert TITLE[each] in text
    if lang == "both":
        assert text.index(TITLE["cy"]) < text.index(TITLE["en"])  # Welsh first
    else:
        other = "en" if lang == "cy" else "cy"
        assert TITLE[other] not in text
    name = "Sefydliad Materion Cymreig" if first == "cy" else "Institute of Welsh Affairs"
    assert name in text
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_cells_under_five_show_less_than_five(client, analysts, framework, cache_dir, lang):
    stories(framework, 10, focus=(10_000, 0, 0))
    stories(framework, 3, focus=(0, 0, 10_000))  # a zone with 3 stories
    sign_in(client, analysts["partner_analyst"].email)
    text = pdf_text(_get(client, lang).data)
    assert "<5" in text
    assert "13" in text  # the total is shown
    # the three stories are never counted out loud: not as a count, not as a share (23%)
    assert "23%" not in text


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_too_few_stories_says_so_and_draws_nothing(client, analysts, framework, cache_dir, lang):
    stories(framework, 4)
    sign_in(client, analysts["partner_analyst"].email)
    response = _get(client, lang)
    assert response.status_code == 200
    text = pdf_text(response.data)
    expected = {"cy": "llai na 10 stori", "en": "Fewer than 10 stories"}[lang]
    assert expected in text
    assert "<5" in text


def test_only_flagged_consenting_stories_are_quoted_and_redacted(
    client, analysts, framework, cache_dir, curation
):
    stories(framework, 10)
    quoted = make_story(
        "iwa",
        framework,
        text="Ffoniwch fi ar 07700 900123 neu jo@example.com, rydw i'n byw yn LL55 4UR. "
        "Gweler www.example.cymru. Roedd y gymuned yn wych.",
        title="Stori gyda manylion",
        language="cy",
    )
    refused = make_story("iwa", framework, text="Secret refused story text.", title="Refused")
    refused.consent_quote = False
    unflagged = make_story("iwa", framework, text="Unflagged story never quoted.", title="Plain")
    db.session.commit()
    flag(quoted)
    flag(refused)
    sign_in(client, analysts["partner_analyst"].email)
    text = pdf_text(_get(client, "en").data)
    assert "Roedd y gymuned yn wych." in text
    assert "Secret refused story" not in text
    assert unflagged.text not in text
    for detail in ("07700", "900123", "jo@example.com", "LL55", "4UR", "www.example.cymru"):
        assert detail not in text
    for label in ("[phone number removed]", "[email address removed]", "[postcode removed]"):
        assert label in text


def test_hostile_story_text_is_printed_not_interpreted_and_fetches_nothing(
    client, analysts, framework, cache_dir, curation, monkeypatch
):
    asked = []
    original = render.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(render.StaticOnlyFetcher, "fetch", spy)
    stories(framework, 10)
    hostile = make_story(
        "iwa",
        framework,
        title="</style><h1>Hacked</h1>",
        text='<img src="http://example.invalid/x.png"> </style><style>*{display:none}</style> '
        "ŵ ŷ Ŵ Ŷ 😀 שלום عالم " + "x" * 10_000,
    )
    flag(hostile)
    sign_in(client, analysts["partner_analyst"].email)
    response = _get(client, "en")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "<img src=" in text and "</style>" in text  # shown as text
    assert "ŵ ŷ Ŵ Ŷ" in text
    assert asked, "the fonts and the stylesheet come through the fetcher"
    assert all(url.startswith("file://") and "/static/" in url for url in asked)
    assert not any("example.invalid" in url for url in asked)


def test_the_fetcher_refuses_anything_outside_static(app):
    from pathlib import Path

    root = Path(app.static_folder).resolve()
    fetcher = render.StaticOnlyFetcher(root)
    assert fetcher.fetch((root / "css" / "print.css").as_uri()).read()
    for url in (
        "http://example.com/x.css",
        "https://127.0.0.1/",
        "data:text/css,body{}",
        "file:///etc/passwd",
        (root / ".." / "app" / "config.py").as_uri(),
        (root / "css" / ".." / ".." / "wsgi.py").as_uri(),
        "file://evil.example/static/css/print.css",
        (root / "icons" / "icon.svg").as_uri(),  # inside static, but not a font or a stylesheet
    ):
        with pytest.raises(render.RefusedURL):
            fetcher.fetch(url)


def test_timeline_events_in_the_period_are_listed(client, analysts, framework, cache_dir, curation):
    from datetime import UTC, date, datetime

    stories(framework, 10)
    db.session.add_all(
        [
            TimelineEvent(happened_on=date(2026, 3, 10), title_cy="Cyllid newydd", title_en="New funding", created_at=datetime.now(UTC)),
            TimelineEvent(happened_on=date(2026, 5, 10), title_cy="", title_en="Outside the period", created_at=datetime.now(UTC)),
        ]
    )  # fmt: skip
    db.session.commit()
    sign_in(client, analysts["partner_analyst"].email)
    assert "Cyllid newydd" in pdf_text(_get(client, "cy").data)
    text = pdf_text(_get(client, "en").data)
    assert "New funding" in text and "Outside the period" not in text


def test_events_are_marked_on_the_weekly_chart_and_numbered_in_the_table(app, ctx, framework):
    from datetime import date

    from app.digest.data import DigestData, Event, Scope
    from app.digest.period import Period
    from app.digest.render import render_html

    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    data = DigestData(Scope(None), period, 40, 30, 10, 5, 20)
    data.weeks = {date(2026, 3, 2): 12, date(2026, 3, 9): 14, date(2026, 3, 16): 14}
    data.events = [
        Event(date(2026, 3, 20), "Ail ddigwyddiad", "Second event", None),
        Event(date(2026, 3, 10), "Cyllid newydd", "New funding", None),
    ]
    with app.test_request_context("/en/"):
        html = render_html(data, framework, "en", date(2026, 4, 1))
    chart = html[html.index('class="chart weekly"') :]
    chart = chart[: chart.index("</figure>")]
    assert chart.count('class="event-line"') == 2
    assert 'class="event-list"' not in chart  # the digest's own table lists them instead
    table = html[html.index('class="events"') :]
    first, second = table.index("New funding"), table.index("Second event")
    assert first < second  # by date, numbered 1 and 2 like the lines on the chart
    assert "<td>1</td>" in table[:first] and "<td>2</td>" in table[first:second]


def test_the_partnership_digest_compares_partners(client, analysts, framework, cache_dir):
    stories(framework, 10, partner="iwa")
    stories(framework, 6, partner="wcc")
    stories(framework, 2, partner="bitc")
    sign_in(client, analysts["partnership_analyst"].email)
    text = pdf_text(_get(client, "en").data)
    assert "The partners side by side" in text
    table = text[text.index("The partners side by side") :]
    assert "Business in the Community Business <5" in table  # 2 stories: "<5"
    assert "Cymorth Cymru" in table and "Co-operative" in table


@pytest.mark.parametrize("role", ["partner_analyst", "partnership_analyst", "admin"])
def test_access_follows_the_explorer_scope(client, analysts, framework, cache_dir, role):
    stories(framework, 10, partner="wcc")
    sign_in(client, analysts[role].email)
    own = _get(client, "en", partner="iwa")
    other = _get(client, "en", partner="wcc")
    assert own.status_code == 200
    if role == "partner_analyst":
        assert other.status_code == 404
        assert b"%PDF" not in other.data
        assert _get(client, "en", partner="no-such").status_code == 404
        assert "Institute of Welsh Affairs" in pdf_text(_get(client, "en").data)
    else:
        assert other.status_code == 200
        assert "Wales Co-operative Centre" in pdf_text(other.data)


def test_signed_out_is_sent_to_sign_in(client, cache_dir):
    response = _get(client, "en")
    assert response.status_code in (302, 303)
    assert "/explore/login" in response.headers["Location"]


def test_asking_twice_costs_nothing_and_a_new_story_invalidates(
    client, analysts, framework, cache_dir, curation
):
    made = stories(framework, 10)
    sign_in(client, analysts["partner_analyst"].email)
    first = _get(client, "en")
    assert first.headers["X-Digest-Cache"] == "miss"
    second = _get(client, "en")
    assert second.headers["X-Digest-Cache"] == "hit"
    assert second.data == first.data
    assert len(list(cache_dir.glob("*.pdf"))) == 1
    assert _get(client, "cy").headers["X-Digest-Cache"] == "miss"  # another language
    stories(framework, 1)
    assert _get(client, "en").headers["X-Digest-Cache"] == "miss"
    assert _get(client, "en").headers["X-Digest-Cache"] == "hit"
    flag(made[0])
    assert _get(client, "en").headers["X-Digest-Cache"] == "miss"  # flags count too
    assert _get(client, "en").headers["X-Digest-Cache"] == "hit"
    partner = analysts["partner_analyst"].partner
    before, partner.name_en = partner.name_en, "Renamed by an administrator"
    db.session.commit()
    try:
        assert _get(client, "en").headers["X-Digest-Cache"] == "miss"  # the name printed changed
    finally:  # the partners are shared by every test
        partner.name_en = before
        db.session.commit()


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    "params, message",
    [
        ({"from": "2026-03-31", "to": "2026-03-01"}, {"cy": "dyddiad dechrau", "en": "start date must be on or before"}),
        ({"from": "2999-01-01", "to": "2999-01-31"}, {"cy": "dyfodol", "en": "in the future"}),
        ({"from": "31/03/2026", "to": ""}, {"cy": "2026-03-31", "en": "2026-03-31"}),
        ({"period": "next-decade"}, {"cy": "cyfnodau", "en": "one of the periods"}),
        ({"digest_lang": "fr"}, {"cy": "Saesneg neu", "en": "Welsh, English or both"}),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_translated_error_never_a_500(
    client, analysts, cache_dir, params, message, lang
):
    sign_in(client, analysts["partner_analyst"].email, lang=lang)
    query = {**MARCH, "period": "custom", "digest_lang": "en", **params}
    response = client.get(f"/{lang}/explore/digest.pdf?{urlencode(query)}")
    page = check_page(response, lang, status=400)
    assert message[lang] in response.get_data(as_text=True)
    assert page.title.strip().startswith({"cy": "Gwall:", "en": "Error:"}[lang])


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_an_empty_period_and_a_partner_with_no_stories_give_a_pdf(
    client, analysts, cache_dir, lang
):
    sign_in(client, analysts["partnership_analyst"].email, lang=lang)
    response = _get(client, lang, partner="ylab")
    assert response.status_code == 200
    assert pdf_text(response.data)


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ["partner_analyst", "partnership_analyst"])
def test_the_digest_form_page(client, analysts, lang, role):
    sign_in(client, analysts[role].email, lang=lang)
    response = client.get(f"/{lang}/explore/digest?from=2026-03-01&to=2026-03-31")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert 'value="2026-03-01"' in body
    assert ('name="partner"' in body) == (role == "partnership_analyst")
    explorer = client.get(f"/{lang}/explore/").get_data(as_text=True)
    assert "/explore/digest" in explorer
