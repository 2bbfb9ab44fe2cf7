"""What every table shares: constraint naming and UTC timestamps."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

# Stable constraint names keep Alembic autogenerate and batch migrations deterministic.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UTCDateTime = Annotated[datetime, AfterValidator(as_utc)]


class UTCTimestamp(TypeDecorator):
    """A timestamp written and read back in UTC on every database: SQLite keeps no offset, so
    a time is moved to UTC before it is stored and marked as UTC when it is read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect) -> datetime | None:
        return as_utc(value)

    def process_result_value(self, value: datetime | None, _dialect) -> datetime | None:
        return as_utc(value)


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCTimestamp, nullable=True, index=index)
    return Field(default_factory=utcnow, sa_type=UTCTimestamp, nullable=False, index=index)
