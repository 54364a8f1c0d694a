"""`flask digest`: one file, a folder for cron, the cache, bad input."""

import pytest

from tests.pdf.conftest import pdf_lang, pdf_text, stories


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["digest", *args])


def test_one_partner_to_a_file_then_from_the_cache(app, framework, cache_dir, tmp_path):
    stories(framework, 10)
    out = tmp_path / "iwa.pdf"
    args = ["--partner", "iwa", "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "cy", "--out", str(out)]  # fmt: skip
    result = _run(app, *args)
    assert result.exit_code == 0, result.output
    assert "rendered" in result.output
    pdf = out.read_bytes()
    assert pdf_lang(pdf) == "cy"
    assert "Sefydliad Materion Cymreig" in pdf_text(pdf)
    again = _run(app, *args)
    assert "from the cache" in again.output
    assert out.read_bytes() == pdf


def test_all_to_a_folder_writes_the_partnership_and_each_partner(
    app, framework, cache_dir, tmp_path
):
    result = _run(
        app, "--all", "--period", "last-month", "--lang", "en", "--out-dir", str(tmp_path / "out")
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert len(names) == 11
    assert any(n.startswith("straeon-digest-all-") for n in names)
    assert any(n.startswith("straeon-digest-iwa-") for n in names)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--partner", "iwa", "--from", "2026-03-31", "--to", "2026-03-01"], "start date"),
        (["--partner", "iwa", "--from", "2999-01-01", "--to", "2999-02-01"], "future"),
        (["--partner", "iwa", "--from", "nonsense", "--to", "2026-03-01"], "2026-03-31"),
        (["--partner", "nobody", "--period", "last-month"], "no partner"),
        (["--partner", "iwa", "--all", "--period", "last-month"], "one of them"),
        (["--all", "--period", "last-month", "--from", "2026-01-01"], "not both"),
    ],
)
def test_bad_input_is_a_clear_error(app, ctx, cache_dir, tmp_path, args, message):
    result = _run(app, *args, "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()
