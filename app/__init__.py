"""Straeon: collect people's stories and make sense of them, in Welsh and English."""

from flask import Flask

from app import i18n
from app.charts.svg import circles
from app.config import Config
from app.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Application factory: config, extensions, blueprints, CLI, Jinja."""
    app = Flask(__name__, static_folder="../static", instance_relative_config=True)
    app.config.from_object(Config)
    if config:
        app.config.update(config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["circles"] = circles

    from app import models  # noqa: F401 - register the tables with the metadata
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.auth.cli import user_cli
    from app.collect import bp as collect_bp
    from app.digest import bp as digest_bp
    from app.digest.cli import digest_command
    from app.explore import bp as explore_bp
    from app.explore.cli import explore_cli
    from app.framework.cli import framework_cli
    from app.main import bp as main_bp
    from app.pwa import bp as pwa_bp
    from app.seed.cli import register as register_seed_commands

    app.register_blueprint(main_bp)
    app.register_blueprint(collect_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(explore_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(digest_bp)
    app.register_blueprint(pwa_bp)
    app.cli.add_command(framework_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(digest_command)
    app.cli.add_command(explore_cli)
    register_seed_commands(app)
    return app
