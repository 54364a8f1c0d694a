"""The HTML form: CSRF and hidden fields, and reading the posted answers into plain data."""

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField

from app.collect.submission import RawSubmission
from app.framework.loader import Framework


class StoryForm(FlaskForm):
    """The fields that are not answers. Answers are validated by collect.submission."""

    client_id = HiddenField()
    framework_version = HiddenField()
    started_at = HiddenField()
    completed_at = HiddenField()


def field_names(question: dict[str, Any]) -> list[str]:
    """Every input name a question posts, as the templates render them."""
    qid, qtype = question["id"], question["type"]
    if qtype == "triad":
        return [f"{qid}-1", f"{qid}-2", f"{qid}-3", f"{qid}-na"]
    if qtype == "dyad":
        return [qid, f"{qid}-na"]
    if qtype == "stones":
        return [f"{qid}-{i['id']}-{axis}" for i in question["items"] for axis in "xy"]
    return [qid]


def answers_from_form(framework: Framework, form: MultiDict) -> dict[str, Any]:
    """Posted inputs, reshaped into the answer shapes the API takes."""
    answers: dict[str, Any] = {}
    for q in framework.questions:
        qid, qtype = q["id"], q["type"]
        if qtype == "triad":
            answers[qid] = {
                "values": [form.get(f"{qid}-{n}", "") for n in (1, 2, 3)],
                "na": form.get(f"{qid}-na") == "1",
            }
        elif qtype == "dyad":
            answers[qid] = {"value": form.get(qid, ""), "na": form.get(f"{qid}-na") == "1"}
        elif qtype == "stones":
            answers[qid] = {
                "items": {
                    i["id"]: {
                        "x": form.get(f"{qid}-{i['id']}-x", ""),
                        "y": form.get(f"{qid}-{i['id']}-y", ""),
                    }
                    for i in q["items"]
                }
            }
        elif qtype == "multiple":
            answers[qid] = form.getlist(qid)
        else:
            answers[qid] = form.get(qid, "")
    return answers


def raw_from_form(
    framework: Framework, form: StoryForm, data: MultiDict, lang: str
) -> RawSubmission:
    return RawSubmission(
        client_id=form.client_id.data,
        language=lang,
        answers=answers_from_form(framework, data),
        started_at=form.started_at.data,
        completed_at=form.completed_at.data,
    )
