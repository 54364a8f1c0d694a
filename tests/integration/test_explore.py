"""The explorer: pages, filters and chips, charts and their drill-down links, exports, bad input."""

import csv
import html
import io
import itertools
import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import literal, select

from app.charts.bars import dyad_bin
from app.charts.ternary import density_cell, zone_of
from app.explore import aggregate, rollup_read
from app.explore.scope import stories_for
from app.explore.sql import (
    density_col_sql,
    density_row_sql,
    dyad_bin_sql,
    split_triad_key,
    triad_key_sql,
    zone_sql,
)
from app.extensions import db
from app.models.story import SCALE
from tests.analysts import make_story, sign_in
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


@pytest.fixture
def signed_in(client, analysts):
    sign_in(client, "bryn@example.org")
    return client


@pytest.fixture
def stories(framework, analysts):
    """Five stories: three at the top corner, one in the centre, one N/A; two told in Welsh."""
    made = [
        make_story("iwa", framework, focus=(SCALE, 0, 0), outcome=0, title="Corner one"),
        make_story(
            "iwa",
            framework,
            focus=(7_000, 3_000, 0),
            outcome=9_500,
            title="Corner two",
            language="cy",
        ),
        make_story(
            "wcc",
            framework,
            focus=(6_000, 2_000, 2_000),
            is_proxy=True,
            title="Corner three",
            feeling="negative",
        ),
        make_story(
            "wcc",
            framework,
            focus=(3_334, 3_333, 3_333),
            title="Centre story",
            language="cy",
            about=("family",),
            received_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        ),  # fmt: skip
        make_story(
            "bitc", framework, focus=None, na=("focus",), title="Not applicable story", outcome=None
        ),
    ]
    return {s.title: s.id for s in made}


def _titles(response) -> set[str]:
    return set(
        re.findall(
            r'class="story-title"><a href="[^"]*">([^<]+)</a>', response.get_data(as_text=True)
        )
    )


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    "url",
    [
        "/{lang}/explore/",
        "/{lang}/explore/?told=cy&teller=own&answer=feeling:positive&zone=focus:c0&bin=outcome:9&q=bus&from=2026-01-01&to=2026-12-31&partner=iwa&prompt=past_weeks&version=1",
        "/{lang}/explore/stories",
        "/{lang}/explore/stories?zone=focus:centre",
        "/{lang}/explore/?q=nothing+matches+this",
    ],
)
def test_explorer_pages(signed_in, stories, url, lang):
    check_page(signed_in.get(url.format(lang=lang)), lang)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_story_page_draws_every_answer(signed_in, stories, lang):
    response = signed_in.get(f"/{lang}/explore/stories/{stories['Corner two']}")
    page = check_page(response, lang)
    body = response.get_data(as_text=True)
    assert "Corner two" in page.h1[0]
    assert body.count('class="mini"') >= 2 and 'class="mini-line"' in body


def test_counts_and_zone_shares(signed_in, stories):
    body = signed_in.get("/en/explore/").get_data(as_text=True)
    assert "5 stories" in body
    assert "4 stories placed" in body and "1 said not applicable" in body
    # Three of the four placed stories are in the top corner zone: 75%.
    assert re.search(
        r"Mainly Individual wellbeing</a></th><td class=\"num\">3</td><td class=\"num\">75.0%", body
    )


def test_a_click_on_a_zone_opens_the_stories_in_it(signed_in, stories):
    body = signed_in.get("/en/explore/").get_data(as_text=True)
    href = html.unescape(
        re.search(r'<a href="([^"]*zone=focus%3Ac0[^"]*)" class="zone-link"', body).group(1)
    )
    assert _titles(signed_in.get(href)) == {"Corner one", "Corner two", "Corner three"}
    assert _titles(signed_in.get("/en/explore/stories?zone=focus:centre")) == {"Centre story"}


def test_a_click_on_a_dyad_bar_or_a_choice_bar_or_a_week_filters_the_list(signed_in, stories):
    body = html.unescape(signed_in.get("/en/explore/").get_data(as_text=True))
    assert _titles(signed_in.get("/en/explore/stories?bin=outcome:9")) == {"Corner two"}
    assert "answer=feeling%3Anegative" in body
    assert _titles(signed_in.get("/en/explore/stories?answer=feeling:negative")) == {"Corner three"}
    assert "from=2026-01-05&to=2026-01-11" in body
    assert _titles(signed_in.get("/en/explore/stories?from=2026-01-05&to=2026-01-11")) == {
        "Centre story"
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("told=cy", {"Corner two", "Centre story"}),
        ("teller=proxy", {"Corner three"}),
        ("teller=own&told=en", {"Corner one", "Not applicable story"}),
        ("partner=wcc&partner=bitc", {"Corner three", "Centre story", "Not applicable story"}),
        (
            "answer=about:family&answer=about:me&answer=feeling:positive",
            {"Corner one", "Corner two", "Centre story", "Not applicable story"},
        ),
        ("q=centre", {"Centre story"}),
        ("q=100%25", set()),
        ("q=_", set()),
        ("to=2026-02-01", {"Centre story"}),
        ("from=2026-02-01&to=2026-01-01", {"Centre story"}),  # reversed dates are swapped
    ],
)
def test_filters(signed_in, stories, query, expected):
    assert _titles(signed_in.get(f"/en/explore/stories?{query}")) == expected


def test_chips_show_each_filter_and_remove_just_that_one(signed_in, stories):
    body = html.unescape(signed_in.get("/en/explore/?told=cy&teller=own").get_data(as_text=True))
    chips = re.findall(r'<a class="chip" href="([^"]*)">([^<]*)<', body)
    assert [(href, text.strip()) for href, text in chips] == [
        ("/en/explore/?told=cy", "Own experience"),
        ("/en/explore/?teller=own", "Told in Welsh"),
    ]


def test_the_filter_form_redirects_to_a_short_url(signed_in, stories):
    response = signed_in.get("/en/explore/?from=&to=&q=&teller=&told=cy&answer=&prompt=")
    assert response.status_code == 302 and response.headers["Location"] == "/en/explore/?told=cy"


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-13-45",
        "from=yesterday",
        "to=2026-1-1",
        "partner=nope",
        "answer=feeling:ecstatic",
        "answer=story:x",
        "answer=nonsense",
        "zone=focus:c9",
        "zone=outcome:c0",
        "bin=outcome:10",
        "bin=outcome:-1",
        "teller=robot",
        "told=fr",
        "version=1;DROP TABLE story",
        "version=99999999999",
        "q=" + "x" * 201,
        "told=cy&told=en",
        "&".join(["answer=feeling:positive"] * 51),
    ],
)
def test_tampered_filters_are_a_clean_400(signed_in, stories, query):
    for url in ("/en/explore/", "/en/explore/stories", "/en/explore/export.csv"):
        response = signed_in.get(f"{url}?{query}")
        assert response.status_code == 400, (url, query)
        assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "text",
    ["' OR 1=1 --", "<script>alert(1)</script>", "%_%", "\\", "Robert'); DROP TABLE story;--"],
)
def test_hostile_search_words_are_just_words(signed_in, stories, text):
    response = signed_in.get("/en/explore/stories", query_string={"q": text})
    assert response.status_code == 200 and _titles(response) == set()
    assert "<script>alert" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("page", "status"),
    [("2", 200), ("99999", 200), ("0", 400), ("-1", 400), ("1e9", 400), ("999999999999", 400)],
)
def test_page_numbers(signed_in, stories, page, status):
    response = signed_in.get(f"/en/explore/stories?page={page}")
    assert response.status_code == status
    if status == 200:
        assert _titles(response) == set()


@pytest.mark.parametrize("story_id", ["0", "999999", "99999999999999999999", "abc", "-1"])
def test_unknown_story_ids_are_404(signed_in, stories, story_id):
    assert signed_in.get(f"/en/explore/stories/{story_id}").status_code == 404


def test_story_text_is_escaped(signed_in, framework):
    story = make_story("iwa", framework, title="<b>bold</b>", text="<script>alert('x')</script>")
    body = signed_in.get(f"/en/explore/stories/{story.id}").get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_csv_export_one_row_per_story_with_percentages_summing_to_100(signed_in, stories, lang):
    response = signed_in.get(f"/{lang}/explore/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 5
    heads = list(rows[0])
    focus = (
        "Yn y stori hon, beth oedd bwysicaf?"
        if lang == "cy"
        else "In this story, what mattered most?"
    )
    shares = [h for h in heads if h.startswith(focus + ":") and h.endswith("(%)")]
    assert len(shares) == 3
    by_title = {r[heads[6]]: r for r in rows}
    corner = by_title["Corner one"]
    assert [corner[h] for h in shares] == ["100.0", "0.0", "0.0"]
    assert (corner[f"{focus} X"], corner[f"{focus} Y"]) == ("0.5000", "0.8660")
    for row in rows:
        values = [row[h] for h in shares]
        if row[f"{focus} {'Amh.' if lang == 'cy' else 'N/A'}"] == "1":
            assert values == ["", "", ""]
        else:
            assert round(sum(float(v) for v in values), 6) == 100.0
    centre = by_title["Centre story"]
    assert [centre[h] for h in shares] == ["33.4", "33.3", "33.3"]
    about_me = [h for h in heads if h.endswith(": Me") or h.endswith(": Fi")]
    assert [by_title[t][about_me[0]] for t in ("Corner one", "Centre story")] == ["1", "0"]


def test_csv_cells_never_start_a_formula(signed_in, framework):
    make_story("iwa", framework, title='=HYPERLINK("http://evil")', text="+1 then -2")
    rows = list(
        csv.reader(
            io.StringIO(
                signed_in.get("/en/explore/export.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert rows[1][6].startswith("'=") and rows[1][7].startswith("'+")


def test_csv_export_honours_filters(signed_in, stories):
    rows = list(
        csv.reader(
            io.StringIO(
                signed_in.get("/en/explore/export.csv?told=cy")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    assert sorted(r[6] for r in rows[1:]) == ["Centre story", "Corner two"]


def test_json_export(signed_in, stories):
    data = json.loads(signed_in.get("/en/explore/export.json?zone=focus:c0").get_data(as_text=True))
    assert data["filters"] == [["zone", "focus:c0"]]
    assert sorted(s["title"] for s in data["stories"]) == [
        "Corner one",
        "Corner three",
        "Corner two",
    ]
    first = next(s for s in data["stories"] if s["title"] == "Corner one")
    assert first["answers"]["focus"]["shares"] == {
        "wellbeing": 1.0,
        "livelihoods": 0.0,
        "community": 0.0,
    } or (sum(first["answers"]["focus"]["shares"].values()) == 1.0)
    assert first["answers"]["focus"]["zone"] == "c0"


positions = st.tuples(st.integers(0, SCALE), st.integers(0, SCALE)).filter(
    lambda t: t[0] + t[1] <= SCALE
)


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(positions)
def test_sql_and_python_agree_on_zones_bins_and_cells(ctx, t):
    a, b = t
    c = SCALE - a - b
    la, lb, lc = literal(a), literal(b), literal(c)
    row = db.session.execute(
        select(
            zone_sql(la, lb, lc),
            dyad_bin_sql(la),
            density_col_sql(la, lc),
            density_row_sql(la),
            triad_key_sql(la, lb, lc),
        )
    ).one()
    assert row[0] == zone_of(a, b, c)
    assert row[1] == dyad_bin(a)
    assert (row[2], row[3]) == density_cell(a, b, c)
    assert split_triad_key(row[4]) == (zone_of(a, b, c), *density_cell(a, b, c))


def test_sampled_dots_are_the_first_by_story_hash(ctx, framework, analysts, monkeypatch):
    """The dots drawn are the `wanted` answers of smallest story hash, however they are read."""
    from app.explore.sql import HASH_MODULUS, HASH_MULTIPLIER
    from app.models import User

    made = []
    for n in range(12):
        partner = "iwa" if n % 3 else "wcc"
        made.append(make_story(partner, framework, focus=(n * 800, SCALE - n * 800, 0)))
    db.session.commit()
    monkeypatch.setattr(aggregate, "POINTS_PER_TRIAD", 5)  # fewer than placed: a real sample
    monkeypatch.setattr(aggregate, "POINTS_PER_STONE", 2)
    user = db.session.execute(select(User).where(User.email == "bryn@example.org")).scalar_one()
    everything, narrowed = stories_for(user), stories_for(user).where(literal(True))
    # by ids (as a raw filter's scope is read): the hash computed in Python, not in SQL
    by_ids = aggregate.by_ids(db.session.execute(aggregate.story_ids(everything)).scalars().all())

    def first(stories, n):
        return sorted(stories, key=lambda s: ((s.id * HASH_MULTIPLIER) % HASH_MODULUS, s.id))[:n]

    expected = {(a.a, a.b, a.c) for s in first(made, 5) for a in s.answers if a.kind == "triad"}
    for scoped, most in itertools.product((everything, narrowed, by_ids), (5_000, 0)):
        # read by story id (few sampled stories), or by scanning the scope (too many)
        monkeypatch.setattr(aggregate, "MAX_SAMPLED_STORIES", most)
        by_story = aggregate.triads(scoped), aggregate.stones(scoped)
        assert set(by_story[0]["focus"].points) == expected
        assert len(by_story[0]["focus"].points) == 5
        assert len(by_story[1][("support", "neighbours")].points) == 2
        triads, stones = aggregate.triads(scoped, points=False), aggregate.stones(scoped, False)
        assert not any(d.points for d in [*triads.values(), *stones.values()])
        assert triads["focus"].zones == by_story[0]["focus"].zones
        assert triads["focus"].density == by_story[0]["focus"].density
    ana = db.session.execute(select(User).where(User.email == "ana@iwa.example")).scalar_one()
    iwa = [s for s in made if s.partner_id == ana.partner_id]
    expected = {(a.a, a.b, a.c) for s in first(iwa, 5) for a in s.answers if a.kind == "triad"}
    assert set(aggregate.triads(stories_for(ana))["focus"].points) == expected


def test_a_word_search_read_by_ids_gives_the_same_charts(ctx, framework, analysts):
    """by_ids (a word search's stories found once) and the scope itself agree on every chart."""
    from app.explore.filters import Filters
    from app.models import User

    for n in range(9):
        make_story(
            ("iwa", "wcc")[n % 2],
            framework,
            focus=(n * 1_000, SCALE - n * 1_000, 0),
            outcome=n * 1_100,
            text=("The bus was late." if n % 3 else "The library closed."),
            feeling=("positive", "negative")[n % 2],
        )
    for email in ("bryn@example.org", "ana@iwa.example"):
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        filters = Filters(words="bus")
        scoped = stories_for(user, filters)
        ids = db.session.execute(aggregate.story_ids(scoped)).scalars().all()
        assert ids  # the search found stories, so the charts below are not empty
        for read in (aggregate.by_ids(ids), rollup_read.raw(scoped, filters).scoped):
            for chart in ("count", "triads", "dyads", "choices", "stones", "calendar"):
                assert getattr(aggregate, chart)(read) == getattr(aggregate, chart)(scoped), chart


@pytest.mark.parametrize(("lang", "count"), [("cy", "12,345 stori"), ("en", "12,345 stories")])
def test_big_counts_are_grouped_by_thousands(signed_in, stories, monkeypatch, lang, count):
    monkeypatch.setattr(rollup_read, "count", lambda _parts: 12_345)
    body = signed_in.get(f"/{lang}/explore/").get_data(as_text=True)
    assert count in body and "12345" not in body


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_big_triads_dot_sample_note_groups_its_numbers(app, lang):
    """The note under a triad whose dots are a sample: "2,000 of the 12,345", not "2000"."""
    from flask import render_template_string
    from flask_babel import force_locale

    from app.charts.ternary import ternary_chart

    chart = ternary_chart(
        ("A", "B", "C"),
        {"centre": 12_345},
        (12_345 * 3334, 12_345 * 3333, 12_345 * 3333),
        points=[(3334, 3333, 3333)] * 2_000,
    )
    template = '{% from "charts/ternary.html" import ternary %}{{ ternary(chart, "t", "T") }}'
    with app.test_request_context(f"/{lang}/explore/"), force_locale(lang):
        body = render_template_string(template, chart=chart)
    note = re.search(r'<p class="hint">(.*?)</p>', body, re.S).group(1)
    assert "2,000" in note and "12,345" in note
    assert "2000" not in note and "12345" not in note
