"""Handing over to a clinician (PROTOCOL.md 2c and 5): a referral prompt, at most once a
week per rule; a red flag the morning it is reported; no step up the ladder in weeks."""

from dataclasses import replace
from datetime import date, timedelta

from heelstrong.progression.engine.data import ONE_DAY, WEEK, State
from heelstrong.progression.engine.ladder import stage_words
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
from heelstrong.progression.engine.walk_context import Walk


def refer(walk: Walk, state: State, day: date, rule: RuleId, reasons: dict, every: timedelta = WEEK,
          **words) -> State:
    """A referral prompt, at most once ``every`` (a week) per rule: it stays on Today until acknowledged."""
    last = dict(state.referred).get(rule)
    if last is not None and day - last < every:
        return state
    walk.decide(day, Track.SAFETY, Kind.REFER, rule, reasons, ending=say(RuleId.SEE_CLINICIAN, "part"), **words)
    return replace(state, referred=tuple(sorted({**dict(state.referred), rule: day}.items())))


def red_flag(walk: Walk, state: State, day: date) -> State:
    """A red flag the patient reports hands over at once, the morning it is reported."""
    checkin = walk.checkins.get(day)
    if checkin is None or not checkin.red_flag:
        return state
    # Each report is its own prompt.
    return refer(walk, state, day, RuleId.RED_FLAG, {"morning_pain": checkin.morning_pain}, every=ONE_DAY)


def no_step_up(walk: Walk, state: State, day: date) -> State:
    weeks = walk.thresholds.weeks_without_step_to_refer
    if state.step_clock_since is None or (day - state.step_clock_since).days < weeks * 7:
        return state
    reasons = {"weeks_without_step": weeks, "since": state.step_clock_since.isoformat()}
    state = refer(walk, state, day, RuleId.NO_STEP_UP, reasons, stage=stage_words(state, walk.catalogue))
    return replace(state, step_clock_since=day)
