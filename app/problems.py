"""Refusals that name the form field they are about, shared by plain service modules (no Flask).

A service raises one (or several at once, through `gather`) with an English msgid marked by
N_; the web shows `translated(gettext)` next to the field, the command line prints str().
"""

from collections.abc import Callable
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    return message


class Refused(ValueError):
    """Input that cannot be saved: `field` names the form field, `message` is an msgid."""

    def __init__(self, field: str, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field, self.message, self.params = field, message, params
        self.others: list[Refused] = []

    def translated(self, gettext: Callable[..., str]) -> str:
        return gettext(self.message, **self.params)

    def all(self) -> list["Refused"]:
        """This refusal and the others found at the same time, in the form's order."""
        return [self, *self.others]


def gather(*steps: Callable[[], Any]) -> list[Any]:
    """Run every check, so the form can show every problem at once; raise the first with
    the rest attached (as `others`), or return each step's result."""
    results, refused = [], []
    for step in steps:
        try:
            results.append(step())
        except Refused as error:
            refused.append(error)
            results.append(None)
    if refused:
        first = refused[0]
        first.others = [*refused[1:], *first.others]
        raise first
    return results
