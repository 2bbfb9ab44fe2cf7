"""Keeps `progress_day` equal to what it is made from.

After every flush that touched a check-in, a session or a set, the days they belong to are
aggregated again from their rows, in the write's own transaction: no write path can forget it,
and a write rolled back takes its totals with it. A day is read again whole (not adjusted by the
change), so replays, edits and deletes need no arithmetic of their own.
"""

import functools
from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, bindparam, case, delete, event, func, insert, select, union
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session

from heelstrong.catalogue.loader import get_catalogue
from heelstrong.checkins.models import CheckIn
from heelstrong.progress.models import ProgressDay
from heelstrong.training.models import ExerciseSet, TrainingSession

COLUMNS = [column.name for column in ProgressDay.__table__.columns]


def totals(user_id: int, days: list[date]):
    """The patient's `progress_day` rows for these days, from the check-ins, sessions and sets
    (a day with none of them has no row)."""
    return _totals().params(user_id=user_id, days=days)


@functools.cache
def _totals():
    """Built once, with the patient and days as parameters: building a statement this size
    costs more than running it (each write runs it)."""
    catalogue = get_catalogue()
    is_calf = ExerciseSet.exercise_id.in_([e.id for e in catalogue.by_track("calf")])
    is_hip = ExerciseSet.exercise_id.in_([e.id for e in catalogue.by_track("hip")])
    user_id, days = bindparam("user_id"), bindparam("days", expanding=True)
    day = union(
        select(CheckIn.user_id, CheckIn.local_date).where(CheckIn.user_id == user_id, CheckIn.local_date.in_(days)),
        select(TrainingSession.user_id, TrainingSession.local_date).where(
            TrainingSession.user_id == user_id, TrainingSession.local_date.in_(days)
        ),
    ).subquery("day")
    return (
        select(
            day.c.user_id,
            day.c.local_date,
            func.max(CheckIn.morning_pain),
            func.max(CheckIn.stiffness_minutes),
            func.max(ExerciseSet.pain_during),
            func.coalesce(func.sum(case((is_calf, ExerciseSet.hold_seconds), else_=0)), 0),
            func.coalesce(func.sum(case((is_calf, ExerciseSet.reps), else_=0)), 0),
            func.coalesce(func.sum(case((is_calf, 1), else_=0)), 0),
            func.coalesce(func.sum(case((is_hip, 1), else_=0)), 0),
            func.count(ExerciseSet.id),
        )
        .select_from(day)
        .outerjoin(CheckIn, (CheckIn.user_id == day.c.user_id) & (CheckIn.local_date == day.c.local_date))
        .outerjoin(
            TrainingSession,
            (TrainingSession.user_id == day.c.user_id) & (TrainingSession.local_date == day.c.local_date),
        )
        .outerjoin(ExerciseSet, ExerciseSet.session_id == TrainingSession.id)
        .group_by(day.c.user_id, day.c.local_date)
    )


def _touched_days(session: Session) -> dict[int, set[date]]:
    days: dict[int, set[date]] = defaultdict(set)
    sessions = {}
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, CheckIn | TrainingSession):
            days[row.user_id].add(row.local_date)
        if isinstance(row, TrainingSession):
            sessions[row.id] = row
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, ExerciseSet):
            # A set never moves to another session, nor a session to another date. Its session is
            # in this flush, in the identity map (the write looked it up to check its owner) or read.
            owner = sessions.get(row.session_id) or session.get(TrainingSession, row.session_id)
            if owner is not None:
                days[owner.user_id].add(owner.local_date)
    return days


@event.listens_for(Session, "after_flush")
def _count_the_days_again(session: Session, _context: UOWTransaction) -> None:
    for user_id, days in _touched_days(session).items():
        recount(session.connection(), user_id, sorted(days))


def recount(connection: Connection, user_id: int, days: list[date]) -> None:
    """Replace the patient's rows for these days with the days counted from their rows."""
    parameters = {"user_id": user_id, "days": days}
    connection.execute(_forget(), parameters)
    connection.execute(insert(ProgressDay).from_select(COLUMNS, _totals()), parameters)


@functools.cache
def _forget():
    return delete(ProgressDay).where(
        ProgressDay.user_id == bindparam("user_id"), ProgressDay.local_date.in_(bindparam("days", expanding=True))
    )
