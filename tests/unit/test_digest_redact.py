"""Redaction of quoted text: emails, UK phone numbers, UK postcodes, web addresses."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.digest.redact import DEFAULT_LABELS, found, redact

EMAIL, WEB = DEFAULT_LABELS["email"], DEFAULT_LABELS["web"]
PHONE, POSTCODE = DEFAULT_LABELS["phone"], DEFAULT_LABELS["postcode"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Email me at jo.bloggs+news@gmail.com please", "email"),
        ("cysylltwch â Siân.Ŵyn@enghraifft.cymru", "email"),
        ("ask bob@example.org.uk", "email"),
        ("ring 07700 900123", "phone"),
        ("ring 07700900123", "phone"),
        ("ring +44 7700 900123", "phone"),
        ("ring +447700900123", "phone"),
        ("ring 0044 7700 900123", "phone"),
        ("ring +44 (0)29 2034 5678", "phone"),
        ("ring (029) 2034 5678", "phone"),
        ("ring 029 2034 5678", "phone"),
        ("ring 01286 123456", "phone"),
        ("ring 01286 123 456", "phone"),
        ("ring 0800-123-4567", "phone"),
        ("ffoniwch 01970.123.456 heno", "phone"),
        ("I live at CF10 1AA now", "postcode"),
        ("yn LL55 4UR", "postcode"),
        ("SA1 1AA", "postcode"),
        ("NP20 1AA", "postcode"),
        ("LD1 5AA", "postcode"),
        ("SY23 3AA", "postcode"),
        ("ll554ur", "postcode"),
        ("EC1A 1BB", "postcode"),
        ("see https://example.com/a?b=1", "web"),
        ("see http://192.168.0.1/x", "web"),
        ("see www.example.cymru", "web"),
        ("see llyw.cymru", "web"),
        ("see example.org.uk/page.", "web"),
        ("<img src=http://x>", "web"),
    ],
)
def test_personal_details_are_removed(text, kind):
    out = redact(text)
    assert DEFAULT_LABELS[kind] in out
    assert found(text) == {kind}
    assert found(out) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Roedd y bws yn hwyr eto, ond fe helpodd cymydog fi.",
        "e.g. Mr.Jones paid £10.50 in 2023 for 1.5 miles",
        "dyddiad 12/03/2024 am 10:30 gyda 3 o blant",
        "the A470 and the M4, junction 32",
        "ŵ ŷ Ŵ Ŷ â ê î ô û",
        "😀🏴󠁧󠁢󠁷󠁬󠁳󠁿 emoji",
        "שלום עולם مرحبا",
        "</style><script>alert(1)</script>",
        "1234 people, 20 % more",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert redact(text) == text


def test_html_is_returned_as_text_for_the_template_to_escape():
    assert redact('<img src="http://evil.example/x.png"> </style>') == f'<img src="{WEB}"> </style>'


def test_labels_are_the_callers():
    labels = {"email": "[e-bost]", "web": "[gwe]", "phone": "[ffôn]", "postcode": "[cod]"}
    assert redact("a@b.co, 07700 900123, CF10 1AA, www.x.com", labels) == (
        "[e-bost], [ffôn], [cod], [gwe]"
    )


@pytest.mark.parametrize(
    "text",
    ["a" * 10_000, "1" * 10_000, "a." * 5_000, "a@" * 5_000, "0 " * 5_000, "www." * 2_500,
     "x" * 9_990 + ".com", "-" * 10_000, "+44" * 3_000],
)  # fmt: skip
def test_long_words_are_fast(text):
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 0.5


@given(st.text(max_size=400))
def test_any_text_gives_text_with_nothing_left_to_find(text):
    out = redact(text)
    assert isinstance(out, str)
    assert found(out) == set() or found(out) <= found(text)


def test_empty():
    assert redact("") == "" and redact(None) == ""
