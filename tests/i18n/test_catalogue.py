"""The Welsh catalogue is complete, current and has all six plural forms."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"
PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


def _read(path):
    with path.open("rb") as fh:
        return read_po(fh, locale="cy" if path.suffix == ".po" else None)


def _ids(catalog):
    return {m.id for m in catalog if m.id}


def test_messages_pot_is_not_stale(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "Nn_:1,2",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    assert _ids(_read(fresh)) == _ids(_read(POT)), "run `make extract` and commit messages.pot"


def test_welsh_catalogue_covers_the_template():
    assert _ids(_read(POT)) == _ids(_read(PO)), "run `make extract` and translate the new strings"


def test_every_welsh_entry_is_translated_and_not_fuzzy():
    untranslated, fuzzy = [], []
    for message in _read(PO):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated and not fuzzy, (untranslated, fuzzy)


def test_plural_forms_header_is_babels_for_welsh():
    catalog = _read(PO)
    expected = get_plural(Locale.parse("cy"))
    assert catalog.num_plurals == expected.num_plurals == 6
    assert catalog.plural_expr == expected.plural_expr


def test_every_plural_entry_has_six_welsh_forms():
    plurals = [m for m in _read(PO) if isinstance(m.id, tuple)]
    assert plurals, "the catalogue should have plural entries"
    for message in plurals:
        assert len(message.string) == 6 and all(message.string), message.id


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)s|\{\w+\}")
    for message in _read(PO):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for s in strings:
            assert set(placeholder.findall(s)) == wanted, (message.id, s)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 6, 7, 11])
def test_welsh_plurals_render_for_every_form(app, n):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/cy/"), force_locale("cy"):
        text = ngettext(
            "We removed %(num)s invisible control character from your text. Everything else "
            "was kept exactly as you wrote it.",
            "We removed %(num)s invisible control characters from your text. Everything else "
            "was kept exactly as you wrote it.",
            n,
        )
    assert text.startswith("Rydym wedi tynnu") and str(n) in text
