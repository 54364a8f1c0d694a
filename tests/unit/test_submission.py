"""The one validator both the HTML form and the API use, without a database."""

import math
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.collect.submission import FORM, RawSubmission, Submission, validate
from app.framework import DEFAULT_FRAMEWORK_FILE
from app.framework.loader import load_file

FRAMEWORK = load_file(DEFAULT_FRAMEWORK_FILE)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def answers(**extra):
    base = {"prompt": "past_weeks", "story": "A story.", "teller": "own", "consent": "yes"}
    base.update(extra)
    return base


def run(lang="en", client_id=None, **extra):
    raw = RawSubmission(
        client_id=client_id or str(uuid.uuid4()), language=lang, answers=answers(**extra)
    )
    return validate(FRAMEWORK, raw, now=NOW)


def messages(result):
    assert not isinstance(result, Submission), "expected problems"
    return {p.key: p for p in result}


def test_minimal_story_is_accepted():
    result = run()
    assert isinstance(result, Submission)
    assert result.text == "A story." and result.prompt_id == "past_weeks"
    assert not result.is_proxy and result.consent_quote


def test_proxy_and_consent_come_from_the_option_meanings():
    result = run(teller="proxy", consent="no")
    assert result.is_proxy and not result.consent_quote


@pytest.mark.parametrize("story", ["", "   \n\t ", None])
def test_empty_story_is_refused(story):
    assert "Please tell your story" in messages(run(story=story))["story"].message


def test_story_over_the_limit_is_refused_with_its_length():
    problem = messages(run(story="a" * 100_000))["story"]
    assert problem.params == {"length": "100,000", "count": "20,000"}
    assert problem.n == 20_000


def test_story_at_the_limit_is_accepted():
    assert isinstance(run(story="ŵ" * 20_000), Submission)


@pytest.mark.parametrize(
    "values",
    [
        ["-1", "50", "50"],
        ["101", "0", "0"],
        ["abc", "1", "1"],
        ["nan", "1", "1"],
        ["1", "1"],
        ["1e999", "1", "1"],
        [math.nan, 1, 1],
        [True, 1, 1],
    ],
)
def test_bad_triad_numbers_are_refused(values):
    problem = messages(run(focus={"values": values}))["focus"]
    assert "from 0 to 100" in problem.message


def test_all_zero_triad_is_refused():
    problem = messages(run(focus={"values": ["0", "0", "0"]}))["focus"]
    assert "more than 0" in problem.message


def test_triad_with_na_and_values_is_refused():
    problem = messages(run(focus={"values": ["1", "2", "3"], "na": True}))["focus"]
    assert "not both" in problem.message


def test_triad_na_is_explicit_and_distinct_from_skipped():
    na = run(focus={"values": ["", "", ""], "na": True})
    skipped = run(focus={"values": ["", "", ""]})
    assert [a for a in na.answers if a.question_id == "focus"][0].is_na
    assert not [a for a in skipped.answers if a.question_id == "focus"]


@given(st.tuples(*[st.floats(0, 100, allow_nan=False)] * 3).filter(lambda t: sum(t) > 0))
@settings(max_examples=60)
def test_any_valid_triad_is_stored_summing_to_one(values):
    result = run(focus={"values": [repr(v) for v in values]})
    triad = next(a for a in result.answers if a.question_id == "focus")
    assert triad.a + triad.b + triad.c == 10_000


@pytest.mark.parametrize("option", ["nope", "", 7, None, ["positive"]])
def test_unknown_option_is_refused(option):
    result = run(feeling=option)
    if option in ("", None):
        assert isinstance(result, Submission)  # optional and skipped
    else:
        assert "not one of the options" in messages(result)["feeling"].message


def test_required_choices_are_required():
    problems = messages(run(teller="", consent=None, prompt=""))
    assert {"teller", "consent", "prompt"} <= set(problems)


def test_multiple_choice_limits_and_unknowns():
    assert isinstance(run(about=["me", "wales"]), Submission)
    assert "not one of the options" in messages(run(about=["me", "mars"]))["about"].message
    ordered = run(about=["wales", "me", "me"])
    assert [a.option_id for a in ordered.answers if a.question_id == "about"] == ["me", "wales"]


def test_dyad_values():
    ok = run(outcome={"value": "62.5"})
    assert next(a for a in ok.answers if a.question_id == "outcome").a == 6250
    assert "from 0 to 100" in messages(run(outcome={"value": "-3"}))["outcome"].message
    assert "not both" in messages(run(outcome={"value": "3", "na": "1"}))["outcome"].message


def test_stones_need_both_coordinates():
    ok = run(support={"items": {"employers": {"x": "10", "y": "90"}}})
    stone = next(a for a in ok.answers if a.question_id == "support")
    assert (stone.item_id, stone.a, stone.b) == ("employers", 1000, 9000)
    problem = messages(run(support={"items": {"employers": {"x": "10", "y": ""}}}))["support"]
    assert problem.params == {"item": "Employers"}
    cy = messages(run(lang="cy", support={"items": {"employers": {"x": "x", "y": "1"}}}))
    assert cy["support"].params["item"] != "Employers"
    unknown = messages(run(support={"items": {"dragons": {"x": "1", "y": "1"}}}))
    assert "support" in unknown


def test_text_is_kept_exactly_except_control_characters():
    story = "Ŵyn a ŷd ✨🏴󠁧󠁢󠁷󠁬󠁳󠁿 mewn\r\nLlŷn\t– ‏שלום‎"
    result = run(story=story + "\x00\x07\x1b")
    assert result.text == story
    assert result.controls_removed == 3


@pytest.mark.parametrize("client_id", ["not-a-uuid", "1234", "'; DROP TABLE story; --"])
def test_junk_client_id_is_a_form_problem(client_id):
    assert FORM in messages(run(client_id=client_id))


def test_unknown_question_is_a_form_problem():
    assert FORM in messages(run(dragons="yes"))


def test_device_times_are_parsed_or_dropped():
    raw = RawSubmission(
        client_id=str(uuid.uuid4()),
        language="cy",
        answers=answers(),
        started_at="2026-12-01T10:00:00Z",
        completed_at="2999-01-01T00:00:00Z",
    )
    result = validate(FRAMEWORK, raw, now=NOW)
    assert result.started_at == datetime(2026, 12, 1, 10, tzinfo=UTC)
    assert result.completed_at is None


def test_same_content_same_hash_and_any_change_changes_it():
    one, two = run(), run()
    assert one.content_hash("iwa") == two.content_hash("iwa")
    assert one.content_hash("iwa") != one.content_hash("wcc")
    assert run(story="A story!").content_hash("iwa") != one.content_hash("iwa")
