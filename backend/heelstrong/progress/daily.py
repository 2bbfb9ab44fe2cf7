"""Keeps `progress_day` equal to what it is made from.

After every flush that touched a check-in, a session or a set, the days they belong to are
aggregated again from their rows, in the write's own transaction: no write path can forget it,
and a write rolled back takes its totals with it. A day is read again whole (not adjusted by the
change), so replays, edits and deletes need no arithmetic of their own; the one exception is a
new set, which is added to its day's row (the hot path, and a day can hold any number of sets).

Two writes to one patient's day at once cannot lose one another: every such write first bumps
the patient's plan version (progression/today.py, before the flush), and on PostgreSQL that
row stays locked until the write commits, so the second write counts the day after the first
has committed. SQLite has one writer at a time.
"""

import functools
from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, bindparam, case, delete, event, func, insert, select, union, update
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


def _touched_days(session: Session) -> tuple[dict[int, set[date]], dict[tuple[int, date], list[ExerciseSet]]]:
    """The days to count again, per patient; and the days that only gained new sets, with them
    (a day gaining a set is added to, not counted again: a day can hold any number of sets)."""
    recount: dict[int, set[date]] = defaultdict(set)
    added: dict[tuple[int, date], list[ExerciseSet]] = defaultdict(list)
    sessions = {}
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, CheckIn | TrainingSession):
            recount[row.user_id].add(row.local_date)
        if isinstance(row, TrainingSession):
            sessions[row.id] = row
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, ExerciseSet):
            # A set never moves to another session, nor a session to another date. Its session is
            # in this flush, in the identity map (the write looked it up to check its owner) or read.
            owner = sessions.get(row.session_id) or session.get(TrainingSession, row.session_id)
            if owner is None:
                continue
            if row in session.new:
                added[owner.user_id, owner.local_date].append(row)
            else:
                recount[owner.user_id].add(owner.local_date)
    return recount, {key: sets for key, sets in added.items() if key[1] not in recount[key[0]]}


@event.listens_for(Session, "after_flush")
def _count_the_days_again(session: Session, _context: UOWTransaction) -> None:
    recount_days, added = _touched_days(session)
    for (user_id, day), sets in added.items():
        if not add_sets(session.connection(), user_id, day, sets):
            recount_days[user_id].add(day)
    for user_id, days in recount_days.items():
        if days:
            recount(session.connection(), user_id, sorted(days))


def add_sets(connection: Connection, user_id: int, day: date, sets: list[ExerciseSet]) -> bool:
    """Add new sets to their day's row; False when the day has no row yet."""
    tracks = [_track_of(s.exercise_id) for s in sets]
    calf = [s for s, track in zip(sets, tracks) if track == "calf"]
    changed = connection.execute(
        _add_statement(),
        {
            "patient": user_id,
            "day": day,
            "pain": max(s.pain_during for s in sets),
            "add_hold_seconds": sum(s.hold_seconds or 0 for s in calf),
            "add_reps": sum(s.reps or 0 for s in calf),
            "add_calf_sets": len(calf),
            "add_hip_sets": tracks.count("hip"),
            "add_sets": len(sets),
        },
    ).rowcount
    return changed == 1


def _track_of(exercise_id: str) -> str | None:
    """Its track; None for an id the catalogue no longer has (counted as neither calf nor hip,
    as the recount does)."""
    exercise = get_catalogue().get(exercise_id)
    return exercise.track if exercise else None


@functools.cache
def _add_statement():
    day = ProgressDay
    pain = bindparam("pain")
    return (
        update(day)
        .where(day.user_id == bindparam("patient"), day.local_date == bindparam("day"))
        .values(
            max_exercise_pain=case(
                (day.max_exercise_pain.is_(None) | (day.max_exercise_pain < pain), pain),
                else_=day.max_exercise_pain,
            ),
            calf_hold_seconds=day.calf_hold_seconds + bindparam("add_hold_seconds"),
            calf_reps=day.calf_reps + bindparam("add_reps"),
            calf_sets=day.calf_sets + bindparam("add_calf_sets"),
            hip_sets=day.hip_sets + bindparam("add_hip_sets"),
            sets=day.sets + bindparam("add_sets"),
        )
    )


def recount(connection: Connection, user_id: int, days: list[date]) -> None:
    """Replace the patient's rows for these days with the days counted from their rows."""
    forget, count = _recount_statements()
    connection.execute(forget, {"user_id": user_id, "days": days})
    connection.execute(count, {"user_id": user_id, "days": days})


@functools.cache
def _recount_statements():
    forget = delete(ProgressDay).where(
        ProgressDay.user_id == bindparam("user_id"), ProgressDay.local_date.in_(bindparam("days", expanding=True))
    )
    return forget, insert(ProgressDay).from_select(COLUMNS, _totals())
