"""The form builder: the inputs the templates render are exactly those the reader expects."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from app.collect.forms import answers_from_form, field_names
from app.framework import DEFAULT_FRAMEWORK_FILE
from app.framework.loader import load_file

FRAMEWORK = load_file(DEFAULT_FRAMEWORK_FILE)
HIDDEN = {"csrf_token", "client_id", "framework_version", "started_at", "completed_at", "mode"}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_rendered_inputs_match_the_field_names(client, lang):
    html = client.get(f"/{lang}/s/iwa/").get_data(as_text=True)
    rendered = set(re.findall(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', html)) - HIDDEN
    expected = {name for q in FRAMEWORK.questions for name in field_names(q)}
    # N/A boxes only exist where the framework allows N/A
    expected = {n for n in expected if not n.endswith("-na") or n in rendered}
    assert rendered == expected


def test_every_question_gets_a_label_and_an_anchor(client):
    html = client.get("/en/s/iwa/").get_data(as_text=True)
    for q in FRAMEWORK.questions:
        assert f'id="q-{q["id"]}"' in html, q["id"]
        assert f'id="question-{q["id"]}"' in html


def test_answers_from_form_reshapes_every_type():
    form = MultiDict(
        [
            ("prompt", "past_weeks"),
            ("story", "Hanes"),
            ("focus-1", "1"),
            ("focus-2", "2"),
            ("focus-3", "3"),
            ("outcome", "40"),
            ("outcome-na", "1"),
            ("support-employers-x", "5"),
            ("support-employers-y", "6"),
            ("about", "me"),
            ("about", "wales"),
        ]
    )
    answers = answers_from_form(FRAMEWORK, form)
    assert answers["focus"] == {"values": ["1", "2", "3"], "na": False}
    assert answers["outcome"] == {"value": "40", "na": True}
    assert answers["support"]["items"]["employers"] == {"x": "5", "y": "6"}
    assert answers["support"]["items"]["neighbours"] == {"x": "", "y": ""}
    assert answers["about"] == ["me", "wales"]
    assert answers["title"] == "" and answers["shaped_by"] == {"values": ["", "", ""], "na": False}
    assert set(answers) == {q["id"] for q in FRAMEWORK.questions}
