from datetime import date

from sqlmodel import Session, col, select

from heelstrong.accounts.models import User
from heelstrong.accounts.service import reject_far_future
from heelstrong.checkins.models import CheckIn, CheckInCreate
from heelstrong.core.base import utcnow
from heelstrong.core.errors import unprocessable
from heelstrong.core.idempotency import changed, find_replay, insert_once
from heelstrong.progress import daily  # noqa: F401  (every write here keeps progress_day up to date)


def record_checkin(db: Session, user: User, entry: CheckInCreate) -> tuple[CheckIn, bool]:
    """Create the day's check-in, or update it: a date has one check-in, whatever id it came with.
    An id sent again is a replay: the stored row is returned as it is.

    Returns the stored row and whether it was created.
    """
    reject_far_future(db, user, entry.local_date)
    replayed = find_replay(db, CheckIn, entry.id, user.id)
    if replayed is not None:
        if replayed.local_date != entry.local_date:
            raise unprocessable("This check-in id belongs to another date; send a new UUID for a new day.")
        return replayed, False  # sent again (an outbox retry): the stored row, as it is
    existing = db.exec(
        select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.local_date == entry.local_date)
    ).first()
    if existing is None:
        return insert_once(
            db,
            CheckIn(user_id=user.id, **entry.model_dump()),
            lambda: record_checkin(db, user, entry)[0],
        )
    values = entry.model_dump(include={"morning_pain", "stiffness_minutes", "note", "red_flag"})
    if changed(existing, values):
        existing.updated_at = utcnow()
        db.add(existing)
        db.commit()
    return existing, False


def list_checkins(db: Session, user: User, start: date | None, end: date | None) -> list[CheckIn]:
    statement = select(CheckIn).where(CheckIn.user_id == user.id)
    if start:
        statement = statement.where(CheckIn.local_date >= start)
    if end:
        statement = statement.where(CheckIn.local_date <= end)
    return list(db.exec(statement.order_by(col(CheckIn.local_date).desc())))
