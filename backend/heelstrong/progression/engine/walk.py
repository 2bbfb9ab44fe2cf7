"""Walking the days (how the engine works, docs/protocol.md): each complete day in order, its
mornings, its calf and hip sessions, the end of a program week and the hand-over checks, then
today's plan from where that leaves the patient."""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.catalogue.loader import CONDITION_WORDS, Catalogue
from heelstrong.measures.reading import Rises
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
from heelstrong.progression.engine.ladder import stage_level, stage_words, start_of_stage
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
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


def _change_program(walk: Walk, state: State, before: Catalogue, today: date) -> State:
    """A new program (PROTOCOL.md 7), from the next day the engine walks: at the first of its
    hardest stages no harder than the one the patient is on, at that stage's starting dose (no
    load: never more than today's). A new patient just starts it."""
    program = walk.catalogue.program()
    if state.program == program.id:
        return state
    if state.evaluated_through is None:  # a new patient starts the program at its first stage's dose
        return replace(start_of_stage(state, walk.catalogue, 1, walk.profile.program_start), program=program.id)
    level = stage_level(before.stages[min(state.calf_stage, len(before.stages)) - 1])
    # The first stage of the hardest level within reach (a maintenance phase after it is not a start).
    reachable = [s for s in program.stages if stage_level(s) <= level]
    top = max((stage_level(s) for s in reachable), default=None)
    stage = min((s.number for s in reachable if stage_level(s) == top), default=1)
    first_day = state.evaluated_through + ONE_DAY
    moved = replace(start_of_stage(state, walk.catalogue, stage, first_day), program=program.id,
                    step_clock_since=first_day)
    walk.decide(today, Track.CALF, Kind.PROGRAM, RuleId.PROGRAM_CHANGE,
                {"from_program": state.program, "to_program": program.id, "from_stage": state.calf_stage,
                 "to_stage": stage}, program=program.name, stage=stage_words(moved, walk.catalogue))
    return moved


def _change_condition(walk: Walk, state: State, before: Catalogue, today: date) -> State:
    """A condition changed since the last walk (PROTOCOL.md 8): say what it changed in the plan,
    the exercises now in another form and the morning routine (the program, if it no longer
    fits, has changed already and said so)."""
    condition, was = walk.profile.condition, state.condition
    if was == condition:
        return state
    state = replace(state, condition=condition)
    if was is None or state.evaluated_through is None:  # a new patient, or a state from before conditions
        return state
    changed = []
    if before.program_id == walk.catalogue.program_id:
        stage = state.calf_stage - 1
        changed = [say(RuleId.CONDITION_CHANGE, "part:form", before=walk.catalogue.get(old).name.lower(),
                       after=walk.catalogue.get(new).name.lower())
                   for old, new in zip(before.stages[stage].exercise_ids, walk.catalogue.stages[stage].exercise_ids)
                   if old != new]
    morning = ({e.id for e in walk.catalogue.by_track("mobility")}, {e.id for e in before.by_track("mobility")})
    changed += [say(RuleId.CONDITION_CHANGE, "part:added", exercise=walk.catalogue.get(e).name.lower())
                for e in sorted(morning[0] - morning[1])]
    changed += [say(RuleId.CONDITION_CHANGE, "part:removed", exercise=walk.catalogue.get(e).name.lower())
                for e in sorted(morning[1] - morning[0])]
    walk.decide(today, Track.PLAN, Kind.PROGRAM, RuleId.CONDITION_CHANGE,
                {"from_condition": before.condition, "to_condition": condition},
                variant=None if changed else "same", condition=CONDITION_WORDS.get(condition, condition),
                changes="; ".join(changed))
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
    heel_rises: Sequence[Rises] = (),
) -> Result:
    """Walk the complete days since ``state`` and plan ``today``. Same input, same output."""
    before = catalogue.for_patient(state.program, state.condition or profile.condition)
    catalogue = catalogue.for_patient(profile.program, profile.condition)
    checkin_by_day = {c.local_date: c for c in checkins}
    sets_by_day: dict[date, tuple[LoggedSet, ...]] = {}
    for session in sessions:
        sets_by_day[session.local_date] = sets_by_day.get(session.local_date, ()) + tuple(session.sets)
    walk = Walk(profile, thresholds, catalogue, checkin_by_day, sets_by_day, heel_rises)
    state = _change_condition(walk, _change_program(walk, state, before, today), before, today)
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
