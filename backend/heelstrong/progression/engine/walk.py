"""Walking the days (how the engine works, docs/protocol.md): each complete day in order, its
mornings, its calf and hip sessions, the end of a program week and the hand-over checks, then
today's plan from where that leaves the patient."""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.catalogue.loader import Catalogue
from heelstrong.progression.engine.calf import calf_day, re_entry
from heelstrong.progression.engine.data import (
    ONE_DAY,
    WEEK,
    CheckIn,
    Decision,
    LoggedSet,
    Profile,
    Result,
    Session,
    State,
)
from heelstrong.progression.engine.handover import no_step_up, red_flag
from heelstrong.progression.engine.hip import hip_day
from heelstrong.progression.engine.mornings import first_morning, flare, morning_signals, week_end
from heelstrong.progression.engine.pacing import track_of
from heelstrong.progression.engine.plan import plan
from heelstrong.progression.engine.walk_context import Walk


def _complete(walk: Walk, day: date, today: date) -> bool:
    """A day is complete once the next morning's check-in is in, or that morning is over; a day
    with a settle question still open waits for the answer until the next day is over."""
    if day + ONE_DAY < today:
        return True
    waiting = any(s.settled is None for s in walk.sessions.get(day, ()))
    return day + ONE_DAY in walk.checkins and not waiting


def _walk(walk: Walk, state: State, today: date) -> State:
    if state.evaluated_through is None:
        day = min([walk.profile.program_start, *walk.checkins, *walk.sessions])
        # A new patient's first stage and load begin with the program.
        state = replace(state, stage_started=state.stage_started or walk.profile.program_start,
                        load_since=state.load_since or walk.profile.program_start)
    else:
        day = state.evaluated_through + ONE_DAY
    while day < today and _complete(walk, day, today):
        state = replace(_walk_day(walk, first_morning(walk, state, day), day), evaluated_through=day)
        day += ONE_DAY
    return state


def _walk_day(walk: Walk, state: State, day: date) -> State:
    week_ago = day - WEEK
    sets = walk.sessions.get(day, ())
    calf_sets = [s for s in sets if track_of(walk.catalogue, s) == "calf"]
    hip_sets = [s for s in sets if track_of(walk.catalogue, s) == "hip"]
    state = replace(
        state,
        # The clock for "no step up in 6 weeks" starts with the first calf session.
        step_clock_since=state.step_clock_since or (day if calf_sets else None),
        flare_days=tuple(d for d in state.flare_days if d > week_ago),
        floor_flag_days=tuple(d for d in state.floor_flag_days if d > week_ago),
        fatigue_days=tuple(d for d in state.fatigue_days if d > week_ago),
        hip_days=tuple(d for d in state.hip_days if d > week_ago),
        hip_paused=tuple((exercise_id, until) for exercise_id, until in state.hip_paused if until > day),
    )
    if day in walk.checkins and day >= walk.profile.program_start and len(state.start_mornings) < 7:
        state = replace(state, start_mornings=(*state.start_mornings, walk.checkins[day].morning_pain))
    next_morning = day + ONE_DAY
    flare_signals = morning_signals(walk.checkins, next_morning, walk.thresholds)

    state = red_flag(walk, state, day)
    if calf_sets:
        state = re_entry(walk, state, day)
        state = replace(calf_day(walk, state, day, calf_sets, flare_signals), last_calf_day=day)
    if hip_sets:
        calm = next_morning in walk.checkins and not flare_signals
        state = hip_day(walk, state, day, hip_sets, calm_morning=calm)
    if (day - walk.profile.program_start).days % 7 == 6:
        state = week_end(walk, state, day)
    state = no_step_up(walk, state, day)
    if flare_signals:  # judged from the next morning, and dated then
        state = flare(walk, state, next_morning, flare_signals)
    return state


def compute(
    profile: Profile,
    thresholds: Thresholds,
    catalogue: Catalogue,
    state: State,
    checkins: Iterable[CheckIn],
    sessions: Iterable[Session],
    today: date,
    earlier_decisions: Sequence[Decision] = (),
) -> Result:
    """Walk the complete days since ``state`` and plan ``today``. Same input, same output."""
    checkin_by_day = {c.local_date: c for c in checkins}
    sets_by_day: dict[date, tuple[LoggedSet, ...]] = {}
    for session in sessions:
        sets_by_day[session.local_date] = sets_by_day.get(session.local_date, ()) + tuple(session.sets)
    walk = Walk(profile, thresholds, catalogue, checkin_by_day, sets_by_day)
    # Today's red flag cannot wait for the day to be walked (that day's walk will not repeat it).
    new_state = red_flag(walk, first_morning(walk, _walk(walk, state, today), today), today)
    decisions = tuple(walk.decisions)
    # Work logged on a day not walked yet (yesterday, or today before the plan is asked again) still counts
    # towards how often a track was trained.
    not_walked = {
        day: sets
        for day, sets in sets_by_day.items()
        if (new_state.evaluated_through is None or day > new_state.evaluated_through) and day <= today
    }
    today_plan = plan(new_state, catalogue, profile, thresholds, today, checkin_by_day,
                      (*earlier_decisions, *decisions), not_walked)
    return Result(plan=today_plan, state=new_state, decisions=decisions)
