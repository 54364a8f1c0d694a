import copy
import json

import pytest

from app.framework import DEFAULT_FRAMEWORK_FILE
from app.framework.loader import FrameworkError, load_file, validate

QUESTION_TYPES = {"prompt", "story", "title", "triad", "dyad", "stones", "single", "multiple"}


@pytest.fixture
def default():
    return json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))


def _labels(node):
    """Every {cy, en} label object anywhere in the definition."""
    if isinstance(node, dict):
        if set(node) == {"cy", "en"}:
            yield node
        else:
            for value in node.values():
                yield from _labels(value)
    elif isinstance(node, list):
        for value in node:
            yield from _labels(value)


def test_default_framework_has_the_seventeen_questions():
    framework = load_file(DEFAULT_FRAMEWORK_FILE)
    assert len(framework.questions) == 17
    types = [q["type"] for q in framework.questions]
    assert types[:3] == ["prompt", "story", "title"]
    assert types.count("triad") == 3 and types.count("dyad") == 3 and types.count("stones") == 1
    assert set(types) >= QUESTION_TYPES
    assert framework.with_role("proxy")["id"] == "teller"
    assert framework.with_role("consent")["id"] == "consent"
    area = framework.question("area")
    assert len(area["options"]) == 24  # 22 local authorities, outside Wales, prefer not to say


def test_every_label_of_the_default_framework_is_in_both_languages(default):
    labels = list(_labels(default))
    assert len(labels) > 100
    for label in labels:
        assert label["cy"].strip() and label["en"].strip()
    welsh_same_as_english = [lb for lb in labels if lb["cy"] == lb["en"]]
    # Only proper names may be the same in both languages (e.g. Gwynedd, Powys).
    assert all(len(lb["en"].split()) <= 3 for lb in welsh_same_as_english), welsh_same_as_english


def _broken(default, mutate):
    data = copy.deepcopy(default)
    mutate(data)
    return data


def _question(data, qid):
    return next(q for q in data["questions"] if q["id"] == qid)


@pytest.mark.parametrize(
    ("mutate", "question", "field", "words"),
    [
        (
            lambda d: _question(d, "focus")["label"].pop("cy"),
            "focus",
            "label",
            "'cy' is a required",
        ),
        (lambda d: _question(d, "focus")["corners"].pop(), "focus", "corners", "too short"),
        (lambda d: _question(d, "outcome").pop("left"), "outcome", None, "'left' is a required"),
        (
            lambda d: _question(d, "support")["items"].extend(
                [{"id": f"extra{i}", "label": {"cy": "x", "en": "x"}} for i in range(3)]
            ),
            "support",
            "items",
            "too long",
        ),
        (
            lambda d: _question(d, "feeling").update(type="slider"),
            "feeling",
            "type",
            "is not one of",
        ),
        (lambda d: _question(d, "age").update(colour="red"), "age", "colour", "not a field"),
        (lambda d: _question(d, "age").update(id="feeling"), "feeling", "id", "unique"),
        (lambda d: _question(d, "about").update(min=5, max=2), "about", "max", "min must not"),
        (
            lambda d: _question(d, "teller")["options"][1].pop("means"),
            "teller",
            "options",
            "meaning proxy",
        ),
        (lambda d: _question(d, "story").pop("max_length"), "story", None, "'max_length'"),
    ],
)
def test_bad_framework_names_file_question_and_field(default, mutate, question, field, words):
    with pytest.raises(FrameworkError) as caught:
        validate(_broken(default, mutate), "frameworks/bad.json")
    error = caught.value
    message = str(error)
    assert message.startswith("frameworks/bad.json")
    assert error.question == question
    assert f"question '{question}'" in message
    if field:
        assert error.field.split(".")[0] == field
        assert f"field '{field}" in message
    assert words in message


def test_framework_without_a_story_question_is_refused(default):
    data = _broken(default, lambda d: d["questions"].remove(_question(d, "story")))
    with pytest.raises(FrameworkError, match="needs a story question"):
        validate(data, "x.json")


def test_unreadable_files_are_named(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(FrameworkError, match="broken.json: not valid UTF-8 JSON"):
        load_file(bad)
    with pytest.raises(FrameworkError, match="missing.json: no such file"):
        load_file(tmp_path / "missing.json")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"slug": "ŵ"}'.encode("utf-16"))
    with pytest.raises(FrameworkError, match="latin1.json"):
        load_file(latin1)
    with pytest.raises(FrameworkError, match="top level must be a JSON object"):
        validate([], "list.json")
