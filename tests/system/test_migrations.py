from alembic import command
from sqlalchemy import create_engine, inspect

from heelstrong.cli import alembic_config, migrate

TABLES = {"user", "auth_session", "auth_attempt", "profile", "checkin", "training_session", "exercise_set",
          "patient_thresholds", "progression_state", "decision", "share_link", "share_access"}


def test_upgrade_from_empty_to_head_and_downgrade_back_to_base(fresh_database_url):
    migrate(fresh_database_url)
    engine = create_engine(fresh_database_url)
    assert TABLES <= set(inspect(engine).get_table_names())
    command.downgrade(alembic_config(fresh_database_url), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(fresh_database_url)  # and up again: downgrades leave nothing behind that blocks it
    assert TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()
