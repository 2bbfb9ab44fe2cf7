"""Pacing (PROTOCOL.md 2a): tendons adapt over weeks, so a stage and a load step each take
their days, and raises to fatigue need rest days between."""

from collections.abc import Iterable
from datetime import date

from heelstrong.catalogue.loader import Catalogue
from heelstrong.progression.engine.data import ONE_DAY, WEEK, LoggedSet
from heelstrong.progression.engine.ladder import StageRules
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
from heelstrong.progression.engine.walk_context import Walk
from heelstrong.progression.engine.words import listed, plural


def too_soon(fatigue_days: Iterable[date], day: date, rules: StageRules) -> dict | None:
    """Why a session to fatigue on ``day`` comes too soon after the last ones, or None."""
    recent = sorted(d for d in fatigue_days if day - WEEK < d < day)
    if recent and (day - recent[-1]).days < rules.min_days_between:
        return {"last_fatigue_session": recent[-1].isoformat(), "min_days_between": rules.min_days_between}
    if len(recent) >= rules.max_per_week:
        return {"fatigue_sessions_in_7_days": len(recent), "max_per_week": rules.max_per_week}
    return None


def week_days(every: int, per_week: int) -> frozenset[int]:
    """The days of each program week (0: the weekday the program started) that work paced
    ``every`` days apart, at most ``per_week`` times, is done on: the same weekdays every week,
    so raise days and hip days fall together and don't drift ("every second day" would: a
    week has 7). The last one leaves ``every`` days to the next week's first."""
    return frozenset(range(0, 7 - every + 1, every)[:per_week])


def is_training_day(program_start: date, day: date, days: frozenset[int]) -> bool:
    return (day - program_start).days % 7 in days


def next_training_day(program_start: date, first: date, days: frozenset[int]) -> date:
    """The first of ``days`` on or after ``first``."""
    return next(first + ONE_DAY * n for n in range(7) if is_training_day(program_start, first + ONE_DAY * n, days))


def first_session_day(program_start: date, first: date, rules: StageRules, fatigue_days: Iterable[date]) -> date:
    """The first raise day on or after ``first`` that the sessions to fatigue before it leave room
    for (daily sessions on the stage below fill a week's quota: the first one waits for it)."""
    day = next_training_day(program_start, first, raise_days(rules))
    while too_soon(fatigue_days, day, rules) is not None:
        day = next_training_day(program_start, day + ONE_DAY, raise_days(rules))
    return day


def raise_days(rules: StageRules) -> frozenset[int]:
    return week_days(rules.min_days_between, rules.max_per_week)


def rest_limits(rules: StageRules, program_start: date) -> str:
    """"on Mon, Wed and Fri", the weekdays raises to fatigue are done on."""
    days = sorted(raise_days(rules))
    return say(RuleId.REST_BETWEEN, "part:days", days=listed([f"{program_start + ONE_DAY * d:%a}" for d in days]))


def track_of(catalogue: Catalogue, logged: LoggedSet) -> str | None:
    exercise = catalogue.get(logged.exercise_id)
    return exercise.track if exercise else None


def is_fatigue_set(catalogue: Catalogue, logged: LoggedSet) -> bool:
    exercise = catalogue.get(logged.exercise_id)
    return exercise is not None and exercise.track == "calf" and exercise.dose_kind == "reps"


def wait(walk: Walk, day: date, rule: RuleId, since: date | None, least_days: int, what: str, reasons: dict) -> bool:
    """Hold until ``least_days`` have passed since ``since``; says how many are left."""
    days_on = None if since is None else (day + ONE_DAY - since).days
    if days_on is None or days_on >= least_days:
        return False
    walk.decide(day, Track.CALF, Kind.HOLD, rule, reasons | {"days_at_this_step": days_on, "least_days": least_days},
                what=what, days_left=plural(least_days - days_on, "more day"))
    return True
