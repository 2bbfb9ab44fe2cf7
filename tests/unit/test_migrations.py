"""Alembic owns the schema: the models and the migrations must never drift apart."""

from alembic import command

from heelstrong.cli import alembic_config


def test_alembic_check_finds_no_drift_between_models_and_migrations(database_url):
    command.check(alembic_config(database_url))  # raises if autogenerate would emit anything

