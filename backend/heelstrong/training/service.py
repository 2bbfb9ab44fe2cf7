"""Training use cases: sessions and sets, always scoped to their owner."""

from uuid import UUID

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from heelstrong.accounts.models import User
from heelstrong.accounts.service import reject_far_future
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.core.base import utcnow
from heelstrong.core.errors import not_found, unprocessable
from heelstrong.core.idempotency import changed, find_replay, insert_once
from heelstrong.progress import daily  # noqa: F401  (every write here keeps progress_day up to date)
from heelstrong.training.models import (
    ExerciseSet,
    SessionCreate,
    SessionUpdate,
    SetCreate,
    SetFields,
    SetUpdate,
    TrainingSession,
)


def _check_times(started_at, ended_at) -> None:
    if started_at and ended_at and ended_at < started_at:
        raise unprocessable("must not be before started_at", field="ended_at")


def create_session(db: Session, user: User, entry: SessionCreate) -> tuple[TrainingSession, bool]:
    stored = find_replay(db, TrainingSession, entry.id, user.id)
    if stored is not None:
        return stored, False
    reject_far_future(db, user, entry.local_date)
    _check_times(entry.started_at, entry.ended_at)
    row = TrainingSession(user_id=user.id, **entry.model_dump())
    return insert_once(db, row, lambda: find_replay(db, TrainingSession, entry.id, user.id))


def get_session(db: Session, user: User, session_id: UUID) -> TrainingSession:
    row = db.get(TrainingSession, session_id)
    if row is None or row.user_id != user.id:
        raise not_found("session")
    return row


def update_session(db: Session, user: User, session_id: UUID, update: SessionUpdate) -> TrainingSession:
    row = get_session(db, user, session_id)
    row.sqlmodel_update(update.model_dump(exclude_unset=True))
    _check_times(row.started_at, row.ended_at)
    db.add(row)
    db.commit()
    return row


def delete_session(db: Session, user: User, session_id: UUID) -> None:
    db.delete(get_session(db, user, session_id))
    db.commit()


def list_sessions(db: Session, user: User, limit: int, offset: int) -> tuple[list[TrainingSession], int]:
    owned = TrainingSession.user_id == user.id
    total = db.exec(select(func.count()).select_from(TrainingSession).where(owned)).one()
    rows = db.exec(
        select(TrainingSession)
        .options(selectinload(TrainingSession.sets))
        .where(owned)
        .order_by(col(TrainingSession.local_date).desc(), col(TrainingSession.created_at).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def _check_set(fields: SetFields) -> None:
    """Rules that need the catalogue: a known exercise, an allowed side, the right dose kind."""
    exercise = get_catalogue().get(fields.exercise_id)
    if exercise is None:
        raise unprocessable(
            f"'{fields.exercise_id}' is not an exercise in the catalogue (GET /api/exercises lists them)",
            field="exercise_id",
        )
    if fields.side not in exercise.allowed_sides:
        allowed = ", ".join(exercise.allowed_sides)
        raise unprocessable(f"'{fields.side}' is not allowed for {exercise.name}; use {allowed}", field="side")
    if exercise.dose_kind == "reps":
        if fields.reps is None or fields.hold_seconds is not None:
            raise unprocessable(f"{exercise.name} is counted in reps: send reps, not hold_seconds")
    elif fields.hold_seconds is None or fields.reps is not None:
        raise unprocessable(f"{exercise.name} is timed: send hold_seconds, not reps")


def create_set(db: Session, user: User, session_id: UUID, entry: SetCreate) -> tuple[ExerciseSet, bool]:
    stored = find_replay(db, ExerciseSet, entry.id, user.id)
    if stored is not None:
        return stored, False
    get_session(db, user, session_id)
    _check_set(entry)
    row = ExerciseSet(session_id=session_id, user_id=user.id, **entry.model_dump())
    return insert_once(db, row, lambda: find_replay(db, ExerciseSet, entry.id, user.id))


def get_set(db: Session, user: User, set_id: UUID) -> ExerciseSet:
    row = db.get(ExerciseSet, set_id)
    if row is None or row.user_id != user.id:
        raise not_found("set")
    return row


def update_set(db: Session, user: User, set_id: UUID, update: SetUpdate) -> ExerciseSet:
    row = get_set(db, user, set_id)
    changes = update.model_dump(exclude_unset=True)
    # settled may be null: the settle question not answered (yet).
    for required in ("exercise_id", "side", "pain_during"):
        if required in changes and changes[required] is None:
            raise unprocessable("must not be empty", field=required)
    merged = SetFields.model_validate(row.model_dump() | changes)
    _check_set(merged)
    if changed(row, changes):  # the same edit sent again changes nothing
        row.updated_at = utcnow()
        db.add(row)
        db.commit()
    return row


def delete_set(db: Session, user: User, set_id: UUID) -> None:
    db.delete(get_set(db, user, set_id))
    db.commit()
