"""Client-made UUIDs make every write safe to replay (the offline outbox depends on it)."""

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from fastapi import HTTPException, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

Row = TypeVar("Row", bound=SQLModel)


def find_replay(db: Session, model: type[Row], row_id: UUID, user_id: int) -> Row | None:
    """The stored row for a replayed id; an id taken by someone else is a conflict, not a leak."""
    existing = db.get(model, row_id)
    if existing is None:
        return None
    if existing.user_id != user_id:
        raise HTTPException(status_code=409, detail="This id is already in use; send the entry with a new UUID.")
    return existing


def insert_once(db: Session, row: Row, replay: Callable[[], Row | None]) -> tuple[Row, bool]:
    """Insert ``row``; if a concurrent replay won the race, return the stored one. ``True`` = created."""
    db.add(row)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        stored = replay()
        if stored is None:
            raise
        return stored, False
    return row, True


REPLAYED_RESPONSE = {200: {"description": "The id was already stored: the stored entry"}}


def answer_replay_with_200(response: Response, created: bool) -> None:
    """201 for a new entry, 200 for a replay, so a client can tell them apart."""
    if not created:
        response.status_code = 200


def changed(row: SQLModel, values: dict) -> bool:
    """Set ``values`` on ``row``; ``False`` when each already has that value, and the row is left
    as it is: a write sent again changes nothing, not even its ``updated_at``."""
    different = {name: value for name, value in values.items() if getattr(row, name) != value}
    row.sqlmodel_update(different)
    return bool(different)
