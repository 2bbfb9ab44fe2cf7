"""Reading mornings (PROTOCOL.md 1 and 2b): a morning that flares against the days before,
a week worse than the last or than the start, and pain high from the very first morning."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from statistics import median

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.catalogue.loader import IsometricRule
from heelstrong.progression.engine.data import ONE_DAY, WEEK, CheckIn, State
from heelstrong.progression.engine.handover import refer
from heelstrong.progression.engine.ladder import back_to_stage, dose_back, dose_of, dose_words, load_change, stage_words
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
from heelstrong.progression.engine.walk_context import Walk
from heelstrong.progression.engine.words import sentence


def _window_before(checkins: dict[date, CheckIn], day: date, value: Callable[[CheckIn], int | None]) -> list[int]:
    """The values of the check-ins in the 7 days before ``day``."""
    window = [value(checkins[d]) for d in (day - timedelta(days=n) for n in range(1, 8)) if d in checkins]
    return [v for v in window if v is not None]


def _median_before(checkins: dict[date, CheckIn], day: date, value: Callable[[CheckIn], int | None]) -> float | None:
    """Median of the 7 days before ``day``; None with fewer than 3 to go on."""
    window = _window_before(checkins, day, value)
    return median(window) if len(window) >= 3 else None


def morning_signals(checkins: dict[date, CheckIn], day: date, thresholds: Thresholds) -> dict | None:
    """What makes ``day``'s morning a flare (PROTOCOL.md 1 and 2b), or None if it is not one."""
    checkin = checkins.get(day)
    if checkin is None:
        return None
    pains = _window_before(checkins, day, lambda c: c.morning_pain)
    pain_median = median(pains) if len(pains) >= 3 else None
    days_before = median(pains) if pains else None
    stiffness_median = _median_before(checkins, day, lambda c: c.stiffness_minutes)
    signals = []
    # A morning as high as the days before is where the patient is, not a flare-up (the very first
    # one is judged as high pain from the start).
    if checkin.morning_pain >= thresholds.morning_ceiling and days_before is not None \
            and checkin.morning_pain > days_before:
        signals.append("morning_ceiling")
    elif pain_median is not None and checkin.morning_pain > pain_median + thresholds.flare_margin:
        signals.append("morning_flare")
    if (
        checkin.stiffness_minutes is not None
        and stiffness_median is not None
        and checkin.stiffness_minutes > stiffness_median + thresholds.stiffness_margin_minutes
    ):
        signals.append("stiffness")
    if not signals:
        return None
    return {
        "signals": signals,
        "morning_pain": checkin.morning_pain,
        "baseline_median": pain_median,
        "days_before_median": days_before,
        "morning_ceiling": thresholds.morning_ceiling,
        "flare_margin": thresholds.flare_margin,
        "stiffness_minutes": checkin.stiffness_minutes,
        "stiffness_median": stiffness_median,
    }


def signal_words(reasons: dict) -> str:
    """"Morning pain 7/10 is above your usual 3 and stiffness lasted ..."."""
    parts = [say(RuleId.MORNING_FLARE, f"part:{signal.removeprefix('morning_')}", **reasons)
             for signal in reasons["signals"]]
    return sentence(" and ".join(parts))


def _window_median(checkins: dict[date, CheckIn], last_day: date) -> float | None:
    """Median morning pain of the 7 days ending ``last_day``; None with fewer than 3."""
    pains = [checkins[d].morning_pain for d in (last_day - timedelta(days=n) for n in range(7)) if d in checkins]
    return median(pains) if len(pains) >= 3 else None


def week_trend(checkins: dict[date, CheckIn], state: State, last_day: date, thresholds: Thresholds) -> dict | None:
    """The 7 mornings ending ``last_day`` against the 7 before and the program-start baseline
    (PROTOCOL.md 2b): the numbers if that week is worse, else None."""
    this_week = _window_median(checkins, last_day)
    if this_week is None:
        return None
    last_week = _window_median(checkins, last_day - WEEK)
    start = median(state.start_mornings) if len(state.start_mornings) >= 3 else None
    worse_than_last = last_week is not None and this_week > last_week
    worse_than_start = start is not None and this_week >= start + thresholds.worse_than_start_margin
    if not (worse_than_last or worse_than_start):
        return None
    return {
        "week_median": this_week,
        "last_week_median": last_week,
        "start_median": start,
        "worse_than_last_week": worse_than_last,
        "worse_than_start": worse_than_start,
    }


def trend_words(trend: dict) -> str:
    """"mornings over the last 7 days (typically 5/10) are worse than last week's (4/10)"."""
    compared = [say(RuleId.WORSE_WEEK, part, **trend)
                for part, worse in (("part:last_week", trend["worse_than_last_week"]),
                                    ("part:start", trend["worse_than_start"])) if worse]
    return say(RuleId.WORSE_WEEK, "part", compared=" and than ".join(compared), **trend)


def first_morning(walk: Walk, state: State, day: date) -> State:
    """Every later morning is judged as the morning after a day; the very first one, here, the
    day it is checked in: pain at the morning ceiling from the start begins the holds below the
    start dose and hands over to a clinician on day 1 (it is not a flare-up: nothing came before)."""
    checkin = walk.checkins.get(day)
    # start_mornings: a state stored before this rule has judged its first mornings already.
    if state.start_checked or state.start_mornings or checkin is None or day != min(walk.checkins):
        return state
    state = replace(state, start_checked=True)
    pain, ceiling = checkin.morning_pain, walk.thresholds.morning_ceiling
    if pain < ceiling:
        return state
    lighter = replace(dose_back(state, walk.catalogue, walk.thresholds), tolerated_in_a_row=0)
    reasons = {"morning_pain": pain, "morning_ceiling": ceiling}
    walk.decide(day, Track.CALF, Kind.DOSE_BACK, RuleId.HIGH_START, reasons, dose=dose_words(lighter, walk.catalogue))
    return refer(walk, lighter, day, RuleId.HIGH_START, reasons)


def flare(walk: Walk, state: State, morning: date, reasons: dict) -> State:
    """A flare-up morning moves the plan back: a stage, or a hold dose at stage 1."""
    flares = (*(d for d in state.flare_days if d > morning - WEEK), morning)  # the 7 days ending this morning
    reasons |= {"flares_in_7_days": len(flares)}
    state = replace(state, flare_days=flares)
    signals = signal_words(reasons)
    if state.calf_stage > 1:
        state = back_to_stage(state, walk.catalogue, state.calf_stage - 1, morning)
        walk.decide(morning, Track.CALF, Kind.STAGE_BACK, RuleId.MORNING_FLARE,
                    reasons | {"to_stage": state.calf_stage}, signals=signals, stage=stage_words(state, walk.catalogue))
    else:
        before = state
        state = replace(dose_back(state, walk.catalogue, walk.thresholds), tolerated_in_a_row=0)
        after = dose_words(state, walk.catalogue)
        rule = walk.catalogue.stages[state.calf_stage - 1].dose_rule
        loads = any(kg > 0 for _, kg in before.loads)
        variant = ("floor" if dose_of(state) == dose_of(before) else None if isinstance(rule, IsometricRule)
                   else "loads" if loads else "sets")
        walk.decide(morning, Track.CALF, Kind.DOSE_BACK, RuleId.MORNING_FLARE, reasons, variant=variant,
                    signals=signals, dose=after)
    if len(flares) >= walk.thresholds.flares_to_refer:
        state = refer(walk, state, morning, RuleId.THREE_FLARES, reasons)
    return state


def week_end(walk: Walk, state: State, day: date) -> State:
    """The last day of a program week: is this week's morning pain worse (PROTOCOL.md 2b)?"""
    trend = week_trend(walk.checkins, state, day, walk.thresholds)
    if trend is None:
        return replace(state, worse_weeks=0)
    worse_weeks = state.worse_weeks + 1
    week = (day - walk.profile.program_start).days // 7 + 1
    walk.decide(day, Track.SAFETY, Kind.TREND, RuleId.WORSE_WEEK,
                trend | {"week": week, "worse_weeks_in_a_row": worse_weeks}, trend=trend_words(trend))
    state = replace(_worse_week_dose_back(walk, state, day, trend), worse_weeks=worse_weeks)
    if worse_weeks >= walk.thresholds.worse_weeks_to_refer:
        state = refer(walk, state, day, RuleId.WORSE_WEEKS, {"worse_weeks_in_a_row": worse_weeks, **trend})
    return state


def _worse_week_dose_back(walk: Walk, state: State, day: date, trend: dict) -> State:
    """A worse week lowers the calf dose a step, not only freezes it (at the floor it stays)."""
    before = dose_words(state, walk.catalogue)
    lighter = replace(dose_back(state, walk.catalogue, walk.thresholds), tolerated_in_a_row=0)
    after = dose_words(lighter, walk.catalogue)
    if after == before:
        return state
    walk.decide(day, Track.CALF, Kind.DOSE_BACK, RuleId.WORSE_WEEK, trend | load_change(state, lighter), dose=after)
    return lighter


def trend_hold(walk: Walk, state: State, day: date, reasons: dict, track: Track = Track.CALF) -> bool:
    """No step up of any kind while the last 7 mornings are worse (judged up to the morning
    after ``day``); says so when it holds one back."""
    trend = week_trend(walk.checkins, state, day + ONE_DAY, walk.thresholds)
    if trend is None:
        return False
    walk.decide(day, track, Kind.HOLD, RuleId.WORSE_WEEK, reasons | trend, trend=sentence(trend_words(trend)))
    return True
