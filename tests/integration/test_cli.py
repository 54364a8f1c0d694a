"""The CLI: publishing framework versions, loading partners, demo data."""

import copy
import json

from sqlalchemy import func, select

from app.extensions import db
from app.framework import DEFAULT_FRAMEWORK_FILE
from app.framework.service import clear_cache, get_version, latest
from app.models import Answer, FrameworkVersion, Partner, Story
from tests.helpers import post_story


def _publish(app, path):
    return app.test_cli_runner().invoke(args=["framework", "publish", str(path)])


def test_publishing_an_unchanged_framework_keeps_the_version(app, ctx):
    before = latest("live-learning").version
    result = _publish(app, DEFAULT_FRAMEWORK_FILE)
    assert result.exit_code == 0, result.output
    assert f"unchanged, still version {before}" in result.output


def test_a_changed_framework_is_a_new_version_and_old_stories_keep_theirs(app, client, tmp_path):
    first, form = post_story(client, "en")
    old_version = latest("live-learning").version
    changed = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(changed)
    changed["questions"][2]["label"] = {"cy": "Teitl newydd", "en": "A new title question"}
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    try:
        result = _publish(app, path)
        assert result.exit_code == 0, result.output
        assert f"published as version {old_version + 1}" in result.output
        story = db.session.execute(select(Story)).scalar_one()
        assert story.framework.version == old_version
        assert "A new title question" in client.get("/en/s/iwa/").get_data(as_text=True)
        # A form opened before the change, sent after it, is still accepted on its old version.
        response, _ = post_story(client, "en", framework_version=str(old_version))
        assert response.status_code == 303
        newest = db.session.execute(select(Story).order_by(Story.id.desc())).scalars().first()
        assert newest.framework.version == old_version
        assert get_version("live-learning", old_version) is not None
    finally:
        db.session.execute(
            FrameworkVersion.__table__.delete().where(FrameworkVersion.version > old_version)
        )
        db.session.execute(Answer.__table__.delete())
        db.session.execute(Story.__table__.delete())
        db.session.commit()
        clear_cache()  # the deleted version must not linger in this process


def test_a_bad_framework_file_is_refused_with_where_it_is_wrong(app, ctx, tmp_path):
    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    data["questions"][3]["corners"][1]["label"].pop("cy")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    versions = db.session.execute(select(func.count(FrameworkVersion.id))).scalar()
    result = _publish(app, path)
    assert result.exit_code != 0
    assert "bad.json" in result.output and "question 'focus'" in result.output
    assert "field 'corners.1.label'" in result.output
    assert db.session.execute(select(func.count(FrameworkVersion.id))).scalar() == versions


def test_partners_load_idempotently(app, ctx):
    result = app.test_cli_runner().invoke(args=["load-partners"])
    assert result.exit_code == 0 and "0 created, 10 updated" in result.output
    eyst = db.session.execute(select(Partner).filter_by(slug="eyst")).scalar_one()
    assert eyst.name_cy and eyst.name_en and eyst.name_cy != eyst.name_en


def test_seed_demo_writes_varied_valid_stories(app, ctx):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--stories", "400", "--seed", "7"])
    assert result.exit_code == 0, result.output
    count = db.session.execute(select(func.count(Story.id))).scalar()
    assert count == 400
    langs = dict(
        db.session.execute(select(Story.language, func.count()).group_by(Story.language)).all()
    )
    assert langs["cy"] > 80 and langs["en"] > 80
    proxies = db.session.execute(select(func.count()).where(Story.is_proxy)).scalar()
    assert 40 < proxies < 200
    partners = db.session.execute(select(func.count(func.distinct(Story.partner_id)))).scalar()
    assert partners == 10
    triads = db.session.execute(
        select(Answer.a, Answer.b, Answer.c).where(Answer.kind == "triad", ~Answer.is_na)
    ).all()
    assert all(a + b + c == 10000 for a, b, c in triads)
    # spread over the whole triangle: some points near each corner
    for corner in range(3):
        assert any(t[corner] > 8000 for t in triads)
    assert db.session.execute(select(func.count()).where(Answer.is_na)).scalar() > 0
    days = db.session.execute(
        select(func.min(Story.received_at), func.max(Story.received_at))
    ).one()
    assert (days[1] - days[0]).days > 300
    # the API-facing resend check works on demo stories too
    assert db.session.execute(select(func.count(func.distinct(Story.content_hash)))).scalar() > 50
