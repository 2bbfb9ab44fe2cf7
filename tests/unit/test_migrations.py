"""Alembic owns the schema: the models and the migrations must never drift apart."""

from alembic import command
from sqlalchemy import create_engine, inspect

from heelstrong.cli import alembic_config, migrate


def test_alembic_check_finds_no_drift_between_models_and_migrations(database_url):
    command.check(alembic_config(database_url))  # raises if autogenerate would emit anything


def test_upgrade_from_empty_and_downgrade_back_to_base(tmp_path):
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    migrate(url)
    engine = create_engine(url)
    assert {"user", "auth_session", "profile", "checkin", "training_session", "exercise_set"} <= set(
        inspect(engine).get_table_names()
    )
    command.downgrade(alembic_config(url), "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()
