"""Load and validate a framework file; errors name the file, the question and the field."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.json"

COMMON_KEYS = {"id", "type", "label", "hint", "required", "role"}
KEYS_BY_TYPE = {
    "prompt": {"options"},
    "story": {"max_length"},
    "title": {"max_length"},
    "text": {"max_length"},
    "triad": {"corners", "allow_na"},
    "dyad": {"left", "right", "allow_na"},
    "stones": {"x_axis", "y_axis", "items", "allow_na"},
    "single": {"options", "display"},
    "multiple": {"options", "min", "max"},
}
ROLE_MEANING = {"proxy": ("proxy", "own"), "consent": ("consent", "no_consent")}


class FrameworkError(ValueError):
    """A framework file that cannot be used, with where the problem is."""

    def __init__(self, source: str, question: str | None, field_: str | None, message: str):
        self.source, self.question, self.field, self.message = source, question, field_, message
        where = [source]
        if question:
            where.append(f"question '{question}'")
        if field_:
            where.append(f"field '{field_}'")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class Framework:
    """A validated framework definition, with look-ups the form and the validator need."""

    slug: str
    definition: dict[str, Any]
    version: int = 0
    db_id: int | None = None
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def questions(self) -> list[dict[str, Any]]:
        return self.definition["questions"]

    def question(self, qid: str) -> dict[str, Any]:
        return self.by_id[qid]

    def first_of_type(self, qtype: str) -> dict[str, Any] | None:
        return next((q for q in self.questions if q["type"] == qtype), None)

    def with_role(self, role: str) -> dict[str, Any] | None:
        return next((q for q in self.questions if q.get("role") == role), None)


def build(definition: dict[str, Any], version: int = 0, db_id: int | None = None) -> Framework:
    return Framework(
        slug=definition["slug"],
        definition=definition,
        version=version,
        db_id=db_id,
        by_id={q["id"]: q for q in definition["questions"]},
    )


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def _where(data: dict[str, Any], error: ValidationError) -> tuple[str | None, str | None]:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        questions = data.get("questions") or []
        q = questions[path[1]] if path[1] < len(questions) else {}
        qid = q.get("id") if isinstance(q, dict) and isinstance(q.get("id"), str) else None
        name = qid or f"#{path[1] + 1}"
        rest = ".".join(str(p) for p in path[2:]) or None
        return name, rest
    return None, ".".join(str(p) for p in path) or None


def validate(data: Any, source: str = "<framework>") -> Framework:
    """Check a parsed framework against the schema and the rules a schema cannot say."""
    if not isinstance(data, dict):
        raise FrameworkError(source, None, None, "the top level must be a JSON object")
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        question, field_ = _where(data, error)
        raise FrameworkError(source, question, field_, error.message)

    seen: set[str] = set()
    for q in data["questions"]:
        qid = q["id"]
        if qid in seen:
            raise FrameworkError(source, qid, "id", "question ids must be unique")
        seen.add(qid)
        unknown = set(q) - COMMON_KEYS - KEYS_BY_TYPE[q["type"]]
        if unknown:
            raise FrameworkError(
                source, qid, sorted(unknown)[0], f"not a field of a {q['type']} question"
            )
        for key in ("options", "corners", "items"):
            ids = [o["id"] for o in q.get(key, [])]
            if len(ids) != len(set(ids)):
                raise FrameworkError(source, qid, key, "option ids must be unique")
        if q["type"] == "multiple":
            low, high = q.get("min", 0), q.get("max", len(q["options"]))
            if low > high or high > len(q["options"]):
                raise FrameworkError(
                    source, qid, "max", "min must not exceed max, nor max the number of options"
                )
        role = q.get("role")
        if role:
            if q["type"] != "single":
                raise FrameworkError(source, qid, "role", "only a single choice can have a role")
            meanings = {o.get("means") for o in q["options"]}
            if not set(ROLE_MEANING[role]) <= meanings:
                wanted = " and ".join(ROLE_MEANING[role])
                raise FrameworkError(
                    source, qid, "options", f"a {role} question needs options meaning {wanted}"
                )
    for qtype in ("story", "prompt", "title"):
        if sum(q["type"] == qtype for q in data["questions"]) > 1:
            raise FrameworkError(source, None, "questions", f"at most one {qtype} question")
    if not any(q["type"] == "story" for q in data["questions"]):
        raise FrameworkError(source, None, "questions", "a framework needs a story question")
    for role in ROLE_MEANING:
        if sum(q.get("role") == role for q in data["questions"]) > 1:
            raise FrameworkError(source, None, "questions", f"at most one {role} question")
    return build(data)


def load_file(path: str | Path) -> Framework:
    """Read and validate a framework file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(str(path), None, None, "no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameworkError(str(path), None, None, f"not valid UTF-8 JSON ({exc})") from None
    return validate(data, str(path))


def canonical_json(definition: dict[str, Any]) -> str:
    return json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
