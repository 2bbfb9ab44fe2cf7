"""Today's plan (PROTOCOL.md 2-5), written from the state: the calf dose (stepped back after
time away), rest days between raises to fatigue, the hip work of a hip day, the every-day
tracks, and the notices that say why today is what it is."""

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from heelstrong.catalogue.clinical import RED_FLAGS, Thresholds
from heelstrong.catalogue.loader import Catalogue, Exercise, IsometricRule, RepsRule, RmScheduleRule, SetsRule
from heelstrong.progression.engine.data import ONE_DAY, CheckIn, Decision, LoggedSet, Plan, PlanItem, Profile, State
from heelstrong.progression.engine.hip import hip_items, is_hip_day, opposite
from heelstrong.progression.engine.ladder import (
    dose_back,
    dose_words,
    load_of,
    program_week,
    stage_exercises,
    stage_rules,
)
from heelstrong.progression.engine.messages import RuleId, say
from heelstrong.progression.engine.mornings import morning_signals, signal_words, trend_words, week_trend
from heelstrong.progression.engine.pacing import (
    is_fatigue_set,
    is_training_day,
    raise_days,
    rest_limits,
    too_soon,
    track_of,
)
from heelstrong.progression.engine.words import day_words, plural, sentence


def _calf_item(exercise: Exercise, profile: Profile, why: str, **dose) -> PlanItem:
    # One-sided pain on a single-leg stage: the other calf does the same dose (PROTOCOL.md 2a),
    # so calf work is always on both sides; the painful one goes first.
    if exercise.laterality == "unilateral" and profile.painful_side != "both":
        both = say(RuleId.BOTH_CALVES, "why:to_fatigue" if dose.get("to_fatigue") else "why",
                   painful=profile.painful_side, other=opposite(profile.painful_side))
        why = f"{why} {both}"
    return PlanItem(exercise_id=exercise.id, name=exercise.name, track="calf", side="both", tempo=exercise.tempo,
                    rest_seconds=exercise.default_dose.rest_seconds, why=why, **dose)


def _calf_items(state: State, catalogue: Catalogue, profile: Profile, thresholds: Thresholds, why: str,
                fatigue_days: Iterable[date], today: date) -> tuple[list[PlanItem], str | None]:
    """Today's calf work, and a notice when today is a day between sessions to fatigue."""
    stage = catalogue.stages[state.calf_stage - 1]
    rule, rules = stage.dose_rule, stage_rules(stage, thresholds)
    if isinstance(rule, IsometricRule):
        return [
            _calf_item(catalogue.get(exercise_id), profile, why, sets=state.hold_sets,
                       hold_seconds=state.hold_seconds, times_per_day=rule.times_per_day)
            for exercise_id in stage_exercises(state, stage)
        ], None
    raise_day = is_training_day(profile.program_start, today, raise_days(rules))
    session_day = today in fatigue_days or (raise_day and too_soon(fatigue_days, today, rules) is None)
    if isinstance(rule, SetsRule) and (session_day or not rules.paced):
        return [
            _calf_item(catalogue.get(dose.exercise_id), profile, why, sets=min(dose.sets, state.rep_sets),
                       reps=dose.reps, times_per_day=str(rule.times_per_day), target=rule.target,
                       lowering_seconds=catalogue.get(dose.exercise_id).lowering_seconds,
                       load_kg=state.calf_load_kg or None)
            for dose in rule.doses
        ], None
    if isinstance(rule, RmScheduleRule) and session_day:
        week = rule.week(program_week(state, today))
        return [
            _calf_item(catalogue.get(exercise_id), profile, why, sets=min(week.sets, state.rep_sets),
                       target=rule.words.format(reps=week.reps),
                       lowering_seconds=catalogue.get(exercise_id).lowering_seconds,
                       load_kg=load_of(state, exercise_id) or None)
            for exercise_id in stage.exercise_ids
        ], None
    if isinstance(rule, RepsRule) and session_day:
        # The stage's first session: the last calf session was on the stage below, none since
        # (today's own, once logged, is still today's plan).
        first = (state.last_calf_day is not None and state.stage_started is not None
                 and state.last_calf_day < state.stage_started
                 and not any(state.stage_started <= d < today for d in fatigue_days))
        if state.rm_target and rules.rm:
            target = rules.rm.words.format(reps=state.rm_target)
        elif first and rule.first_session:
            target = rule.first_session
        else:
            target = rule.target.format(reps_over=rules.reps_over)
        return [
            _calf_item(catalogue.get(exercise_id), profile, why, sets=state.rep_sets,
                       lowering_seconds=rule.lowering_seconds, to_fatigue=True, target=target,
                       load_kg=state.calf_load_kg or None)
            for exercise_id in stage.exercise_ids
        ], None
    between = stage.pacing.between_days
    if between is None:
        return [], say(RuleId.REST_BETWEEN, "notice", limits=rest_limits(rules, profile.program_start))
    held = catalogue.get(between.exercise_id)
    why_between = say(RuleId.REST_BETWEEN, "why", limits=rest_limits(rules, profile.program_start))
    return [_calf_item(held, profile, why_between, sets=between.sets, hold_seconds=between.seconds)], None


def _daily_items(catalogue: Catalogue, track: str) -> list[PlanItem]:
    return [
        PlanItem(
            exercise_id=e.id,
            name=e.name,
            track=track,
            side="both",
            sets=e.default_dose.sets,
            reps=e.default_dose.reps,
            hold_seconds=e.default_dose.seconds,
            minutes=e.default_dose.minutes,
            tempo=e.tempo,
            rest_seconds=e.default_dose.rest_seconds,
            why=getattr(catalogue.daily_why, track),
        )
        for e in catalogue.by_track(track)
    ]


def _calf_reason(state: State, catalogue: Catalogue, thresholds: Thresholds, latest: Decision | None) -> str:
    """Why the calf dose is what it is: the latest calf decision, or the starting point."""
    if latest is not None:
        return latest.message
    return say(RuleId.START_POINT, "why", stage=state.calf_stage,
               stage_name=catalogue.stages[state.calf_stage - 1].name.lower(), pain_limit=thresholds.pain_limit,
               settle_minutes=thresholds.settle_minutes)


def plan(
    state: State,
    catalogue: Catalogue,
    profile: Profile,
    thresholds: Thresholds,
    today: date,
    checkins: dict[date, CheckIn],
    decisions: Sequence[Decision],
    not_walked: dict[date, tuple[LoggedSet, ...]],
) -> Plan:
    notices = []
    shown = state
    if state.last_calf_day is not None:
        away_weeks = ((today - state.last_calf_day).days - 1) // 7
        if away_weeks >= 1:
            shown = dose_back(state, catalogue, thresholds, away_weeks)
            notices.append(say(RuleId.CATCH_UP, "notice", weeks=plural(away_weeks, "week"),
                               dose=dose_words(shown, catalogue)))
    # The lighter-day notice lasts exactly while the latest morning is still a flare.
    latest_morning = max((d for d in checkins if today - ONE_DAY <= d <= today), default=None)
    signals = morning_signals(checkins, latest_morning, thresholds) if latest_morning else None
    if signals:
        # PROTOCOL.md section 5: a flare is when the red flags are worth repeating.
        notices.append(say(RuleId.MORNING_FLARE, "notice", signals=signal_words(signals),
                           red_flags=", ".join(RED_FLAGS)))
    trend = week_trend(checkins, state, today, thresholds)
    latest_calf = next((d for d in reversed(decisions) if d.track == "calf"), None)
    # Said once a day: the calf exercise's reason already says it when that is why the dose holds.
    if trend and not (latest_calf and latest_calf.rule == RuleId.WORSE_WEEK):
        notices.append(say(RuleId.WORSE_WEEK, "notice", trend=sentence(trend_words(trend))))

    def logged_days(is_track: Callable[[LoggedSet], bool]) -> list[date]:
        return [day for day, sets in not_walked.items() if any(is_track(s) for s in sets)]

    fatigue_days = (*state.fatigue_days, *logged_days(lambda s: is_fatigue_set(catalogue, s)))
    calf_why = _calf_reason(shown, catalogue, thresholds, latest_calf)
    calf, rest_notice = _calf_items(shown, catalogue, profile, thresholds, calf_why, fatigue_days, today)
    notices += [rest_notice] if rest_notice else []
    if today in checkins and checkins[today].red_flag:
        calf = []  # PROTOCOL.md 5: a red flag needs a clinician before the tendon is loaded again
        notices.append(say(RuleId.RED_FLAG, "notice"))
    hip_days = (*state.hip_days, *logged_days(lambda s: track_of(catalogue, s) == "hip"))
    items = _daily_items(catalogue, "mobility") + _daily_items(catalogue, "core") + calf
    if is_hip_day(hip_days, today, profile, catalogue.hip_track.sessions_per_week):
        sore = latest_morning is not None and checkins[latest_morning].morning_pain >= thresholds.morning_ceiling
        items += hip_items(state, catalogue, profile, today, spare_heel=sore)
    notices += [
        say(RuleId.HIP_SEVERE, "notice", exercise=catalogue.get(exercise_id).name, until=day_words(until))
        for exercise_id, until in state.hip_paused
        if today < until
    ]
    off = dict(profile.switched_off)
    items = [item for item in items if item.exercise_id not in off]
    notices += [
        say(RuleId.SWITCHED_OFF, "notice", exercise=catalogue.get(exercise_id).name,
            reason=sentence(reason.rstrip(".")))
        for exercise_id, reason in profile.switched_off
    ]
    return Plan(
        today=today,
        calf_stage=shown.calf_stage,
        stage_name=catalogue.stages[shown.calf_stage - 1].name,
        stage_count=len(catalogue.stages),
        program_name=catalogue.program().name,
        hip_day=any(item.track == "hip" for item in items),  # none left when all are paused or off
        items=tuple(items),
        notices=tuple(notices),
    )
