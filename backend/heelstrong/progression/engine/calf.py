"""A calf session judged and the ladder climbed (PROTOCOL.md 1, 2, 2a and 7): a session past
the pain rules steps back; a tolerated one counts towards the next step, which pacing and the
mornings may still hold back."""

from dataclasses import replace
from datetime import date

from heelstrong.catalogue.loader import EQUIPMENT_WORDS, IsometricRule, RepsRule, RmRule, RmScheduleRule, SetsRule
from heelstrong.progression.engine.data import ONE_DAY, WEEK, LoggedSet, State
from heelstrong.progression.engine.handover import refer
from heelstrong.progression.engine.ladder import (
    StageRules,
    at_lowest_dose,
    back_to_stage,
    dose_back,
    dose_of,
    dose_words,
    hold_doses,
    load_change,
    load_of,
    most_sets,
    next_rm_target,
    program_week,
    stage_exercises,
    stage_name,
    stage_rules,
    stage_words,
    start_of_stage,
    step_hold_dose,
    with_load,
)
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
from heelstrong.progression.engine.mornings import trend_hold
from heelstrong.progression.engine.pacing import first_session_day, is_fatigue_set, too_soon, wait
from heelstrong.progression.engine.pain import Verdict, broken_words, judge
from heelstrong.progression.engine.walk_context import Walk
from heelstrong.progression.engine.words import day_words, plural, sentence

CALF, HOLD = Track.CALF, Kind.HOLD


def re_entry(walk: Walk, state: State, day: date) -> State:
    """Back after a week or more away: one dose step back per missed week."""
    if state.last_calf_day is None:
        return state
    missed_weeks = ((day - state.last_calf_day).days - 1) // 7
    if missed_weeks < 1:
        return state
    stepped = replace(dose_back(state, walk.catalogue, walk.thresholds, missed_weeks), tolerated_in_a_row=0,
                      flagged_in_a_row=0)
    reasons = {"missed_weeks": missed_weeks, "last_session": state.last_calf_day.isoformat(),
               **load_change(state, stepped)}
    walk.decide(day, CALF, Kind.RE_ENTRY, RuleId.CATCH_UP, reasons, weeks=plural(missed_weeks, "week"),
                steps=plural(missed_weeks, "step"), before=dose_words(state, walk.catalogue),
                dose=dose_words(stepped, walk.catalogue))
    return stepped


def calf_day(walk: Walk, state: State, day: date, calf_sets: list[LoggedSet], flare: dict | None) -> State:
    """Only calf sets are judged here: hip pain has its own rules and never moves the calf dose."""
    stage = walk.catalogue.stages[state.calf_stage - 1]
    rules = stage_rules(stage, walk.thresholds)
    verdict = judge(calf_sets, flare is not None, day + ONE_DAY in walk.checkins, walk.thresholds)
    reasons = verdict.reasons | {"stage": state.calf_stage, "exercise_ids": sorted({s.exercise_id for s in calf_sets})}
    done = [s for s in calf_sets if s.exercise_id in stage_exercises(state, stage)]
    paced = isinstance(stage.dose_rule, (RepsRule, RmScheduleRule)) or rules.paced
    early = too_soon(state.fatigue_days, day, rules) if paced and done else None
    if any(is_fatigue_set(walk.catalogue, s) for s in calf_sets):  # of any stage: the tendon worked hard
        state = replace(state, fatigue_days=(*state.fatigue_days, day))
    if verdict.broken:
        return _flagged(walk, state, day, verdict, reasons, flare is not None)
    if paced and not done:
        return state  # a day between sessions to fatigue: the holds have nothing to count, nor to forgive
    state = replace(state, flagged_in_a_row=0)
    if early:
        walk.decide(day, CALF, HOLD, RuleId.REST_BETWEEN, reasons | early,
                    rest_days=plural(rules.min_days_between - 1, "day"), max_per_week=rules.max_per_week)
        return state
    if not verdict.answered:
        # Not answered is not a yes (nor a no): the session is not confirmed, so it neither
        # counts towards moving on nor flags.
        walk.decide(day, CALF, HOLD, RuleId.SETTLE_NOT_ANSWERED, reasons,
                    sets=plural(reasons["sets_settle_not_answered"], "set"))
        return replace(state, tolerated_in_a_row=0)
    if not verdict.confirmed:
        walk.decide(day, CALF, HOLD, RuleId.NEXT_MORNING, reasons)
        return replace(state, tolerated_in_a_row=0)
    high = walk.checkins[day + ONE_DAY].morning_pain
    if high >= walk.thresholds.morning_ceiling:
        walk.decide(day, CALF, HOLD, RuleId.HIGH_MORNING, reasons | {"next_morning_pain": high})
        return replace(state, tolerated_in_a_row=0)
    rule = stage.dose_rule
    if isinstance(rule, IsometricRule):
        return _hold_day(walk, state, day, rule, rules, done, reasons)
    if isinstance(rule, SetsRule):
        return _sets_day(walk, state, day, rule, rules, done, reasons)
    if isinstance(rule, RmScheduleRule):
        return _rm_week_day(walk, state, day, rule, rules, done, reasons)
    return _rep_day(walk, state, day, rule, rules, done, reasons)


def _sets_day(walk: Walk, state: State, day: date, rule: SetsRule, rules: StageRules,
              done: list[LoggedSet], reasons: dict) -> State:
    """A fixed prescription (PROTOCOL.md 7: Silbernagel, Alfredson): every exercise's sets done in
    full at the current load count towards the next phase; with a load rule, weight is added
    once a session is pain-free."""
    prescribed = {dose.exercise_id: (min(dose.sets, state.rep_sets), dose.reps) for dose in rule.doses}
    full = {e: sum(1 for s in done if s.exercise_id == e and (s.reps or 0) >= reps
                   and (s.load_kg or 0.0) >= state.calf_load_kg) for e, (_, reps) in prescribed.items()}
    reasons |= {"sets_done_in_full": sum(full.values()), "sets_prescribed": sum(n for n, _ in prescribed.values()),
                "load_kg": state.calf_load_kg}
    if any(full[e] < sets for e, (sets, _) in prescribed.items()):
        walk.decide(day, CALF, HOLD, RuleId.FULL_DOSE, reasons, variant="sets")
        return replace(state, tolerated_in_a_row=0)
    if state.rep_sets < most_sets(rule):
        if trend_hold(walk, state, day, reasons):
            return replace(state, tolerated_in_a_row=0)
        state = replace(state, rep_sets=state.rep_sets + 1)
        walk.decide(day, CALF, Kind.DOSE_UP, RuleId.BUILD_SETS, reasons, sets=state.rep_sets)
        return replace(state, tolerated_in_a_row=0)
    achievement = say(RuleId.TOLERATED_IN_A_ROW, "part:sets", dose=dose_words(state, walk.catalogue))
    # Weight is added once a session is pain-free, where the program says so (Alfredson 1998).
    load_ok = not (rule.load and rule.load.when_pain_free) or reasons["max_pain_during"] == 0
    if rule.load and not load_ok and state.calf_stage == len(walk.catalogue.stages):
        walk.decide(day, CALF, HOLD, RuleId.PAIN_FREE_LOAD, reasons)
        return replace(state, tolerated_in_a_row=0)
    return _count_towards_next_step(walk, state, day, rules, reasons, achievement, load_ok=load_ok)


def _rm_week_day(walk: Walk, state: State, day: date, rule: RmScheduleRule, rules: StageRules,
                 done: list[LoggedSet], reasons: dict) -> State:
    """An RM program (PROTOCOL.md 7): the week sets the sets and the target reps; each exercise's
    load goes up a step when every set passed the target by ``pass_by``, down a step when a set
    fell short by ``short_by``, and stays otherwise. No stage to climb: the schedule is the
    progression."""
    week = rule.week(program_week(state, day))
    step = rules.load_step_kg
    for exercise_id in walk.catalogue.stages[state.calf_stage - 1].exercise_ids:
        load = load_of(state, exercise_id)
        sets = [s for s in done if s.exercise_id == exercise_id and (s.load_kg or 0.0) >= load]
        if not sets:
            continue
        fewest = min(s.reps or 0 for s in sets)
        exercise = walk.catalogue.get(exercise_id).name
        numbers = reasons | {"exercise_id": exercise_id, "rm_target": week.reps, "sets_done": len(sets),
                             "fewest_reps": fewest, "load_kg": load}
        if fewest <= week.reps - rule.short_by and load > 0:
            lighter = max(0.0, load - step)
            state = with_load(state, exercise_id, lighter)
            walk.decide(day, CALF, Kind.DOSE_BACK, RuleId.RM_SHORT, numbers | {"to_load_kg": lighter},
                        variant="exercise", exercise=exercise, short=week.reps - fewest, next_kg=lighter)
        elif len(sets) >= week.sets and fewest >= week.reps + rule.pass_by \
                and any(day - WEEK < flared <= day + ONE_DAY for flared in state.flare_days):
            # A flare-up this week (PROTOCOL.md 2b): no step up until mornings settle.
            walk.decide(day, CALF, HOLD, RuleId.RM_TARGET, numbers, variant="flare", exercise=exercise)
        elif len(sets) >= week.sets and fewest >= week.reps + rule.pass_by \
                and not trend_hold(walk, state, day, numbers):
            heavier = load + step
            if rules.max_load_kg is not None and heavier > rules.max_load_kg:
                walk.decide(day, CALF, HOLD, RuleId.MAX_LOAD, numbers | {"max_load_kg": rules.max_load_kg},
                            variant="exercise", exercise=exercise, load_step_kg=step)
                continue
            state = replace(with_load(state, exercise_id, heavier), step_clock_since=day)
            walk.decide(day, CALF, Kind.PROGRESS, RuleId.ADD_LOAD, numbers | {"to_load_kg": heavier},
                        variant="exercise", exercise=exercise, pass_by=rule.pass_by, next_kg=heavier)
        else:
            walk.decide(day, CALF, HOLD, RuleId.RM_TARGET, numbers | {"reps_needed": week.reps + rule.pass_by},
                        variant="exercise", exercise=exercise, sets_needed=week.sets)
    # A set taken off (a flagged session or a flare with no load left) comes back one tolerated
    # session at a time, up to the week's sets: a step back is not undone by the schedule.
    return replace(state, tolerated_in_a_row=0, rep_sets=min(week.sets, state.rep_sets + 1), rm_target=week.reps)


def _flagged(walk: Walk, state: State, day: date, verdict: Verdict, reasons: dict, flare: bool) -> State:
    reasons["broken_rules"] = list(verdict.broken)
    why = broken_words(verdict.broken, reasons)
    walk.decide(day, CALF, Kind.FLAG, verdict.broken[0], reasons, why=why)
    floor = at_lowest_dose(state, walk.catalogue)
    if floor:
        state = replace(state, floor_flag_days=(*state.floor_flag_days, day))
    if flare:
        state = replace(state, tolerated_in_a_row=0)  # the flare itself moves the plan back
    else:
        state = _back_off(walk, state, day, why, reasons)
    if floor and len(state.floor_flag_days) >= walk.thresholds.floor_flags_to_refer:
        flagged = len(state.floor_flag_days)
        state = refer(walk, state, day, RuleId.FLOOR_FLAGS, {"flagged_at_lowest_dose_in_7_days": flagged},
                      sessions=plural(flagged, "session"))
        state = _supported(walk, state, day, reasons)
    return state


def _supported(walk: Walk, state: State, day: date, reasons: dict) -> State:
    """Holds that keep hurting at the lowest dose are not prescribed standing again: seated ones
    (the stage's supported form) take the body weight off the tendon while a clinician is sought."""
    seated = walk.catalogue.stages[state.calf_stage - 1].supported
    if seated is None or state.supported_since is not None:
        return state
    state = replace(state, supported_since=day + ONE_DAY, tolerated_in_a_row=0)
    walk.decide(day, CALF, Kind.DOSE_BACK, RuleId.SUPPORTED_HOLDS, reasons,
                exercise=walk.catalogue.get(seated).name.lower(), dose=dose_words(state, walk.catalogue))
    return state


def _back_off(walk: Walk, state: State, day: date, why: str, reasons: dict) -> State:
    flagged = state.flagged_in_a_row + 1
    if flagged >= 2 and state.calf_stage > 1:
        back = back_to_stage(state, walk.catalogue, state.calf_stage - 1, day + ONE_DAY)
        walk.decide(day, CALF, Kind.STAGE_BACK, RuleId.TWO_FLAGGED, reasons | {"to_stage": back.calf_stage},
                    stage=stage_words(back, walk.catalogue))
        return back
    stepped = replace(dose_back(state, walk.catalogue, walk.thresholds), tolerated_in_a_row=0, flagged_in_a_row=flagged)
    dose = dose_words(stepped, walk.catalogue)
    walk.decide(day, CALF, Kind.DOSE_BACK, RuleId.FLAGGED_SESSION, reasons | load_change(state, stepped),
                variant="floor" if dose_of(stepped) == dose_of(state) else None, why=sentence(why), dose=dose)
    return stepped


def _hold_day(walk: Walk, state: State, day: date, rule: IsometricRule, rules: StageRules,
              done: list[LoggedSet], reasons: dict) -> State:
    full_holds = sum(1 for s in done if (s.hold_seconds or 0) >= state.hold_seconds)
    reasons |= {"holds_done": full_holds, "holds_prescribed": state.hold_sets, "hold_seconds": state.hold_seconds}
    if full_holds < state.hold_sets:
        walk.decide(day, CALF, HOLD, RuleId.FULL_DOSE, reasons)
        return replace(state, tolerated_in_a_row=0)
    if state.supported_since and (state.hold_sets, state.hold_seconds) == (rule.start_sets, rule.start_seconds):
        # Seated holds tolerated at the start dose: standing again, from the lowest dose (not while
        # the week's mornings are worse: no step up of any kind then).
        if trend_hold(walk, state, day, reasons):
            return state
        standing = replace(step_hold_dose(state, rule, -len(hold_doses(rule))), supported_since=None,
                           tolerated_in_a_row=0)
        walk.decide(day, CALF, Kind.PROGRESS, RuleId.STANDING_AGAIN, reasons, dose=dose_words(standing, walk.catalogue))
        return standing
    if (state.hold_sets, state.hold_seconds) == (rule.max_sets, rule.max_seconds):
        achievement = say(RuleId.TOLERATED_IN_A_ROW, "part:holds", sets=rule.max_sets, seconds=rule.max_seconds)
        return _count_towards_next_step(walk, state, day, rules, reasons, achievement)
    if trend_hold(walk, state, day, reasons):
        return state
    stepped = step_hold_dose(state, rule, +1)
    walk.decide(day, CALF, Kind.DOSE_UP, RuleId.BUILD_HOLDS, reasons, dose=dose_words(stepped, walk.catalogue))
    return replace(stepped, tolerated_in_a_row=0)


def _rep_day(walk: Walk, state: State, day: date, rule: RepsRule, rules: StageRules,
             done: list[LoggedSet], reasons: dict) -> State:
    # Only sets carrying the current load count: lighter sets are not the prescribed dose.
    at_load = [s for s in done if (s.load_kg or 0.0) >= state.calf_load_kg]
    best = max((s.reps or 0 for s in at_load), default=0)
    reasons |= {"best_set_reps": best, "progress_reps_over": rules.reps_over, "sets_done": len(at_load),
                "load_kg": state.calf_load_kg}
    if not at_load:
        walk.decide(day, CALF, HOLD, RuleId.LOAD_NOT_LOGGED, reasons)
        return replace(state, tolerated_in_a_row=0)
    if len(at_load) >= state.rep_sets and state.rep_sets < rule.sets:
        if trend_hold(walk, state, day, reasons):
            return replace(state, tolerated_in_a_row=0)
        state = replace(state, rep_sets=state.rep_sets + 1)
        walk.decide(day, CALF, Kind.DOSE_UP, RuleId.BUILD_SETS, reasons, sets=state.rep_sets)
    if state.rm_target is not None and rules.rm is not None:
        return _rm_day(walk, state, day, rules, rules.rm, at_load, reasons)
    if best <= rules.reps_over:
        walk.decide(day, CALF, HOLD, RuleId.REPS_OVER, reasons)
        return replace(state, tolerated_in_a_row=0)
    achievement = say(RuleId.TOLERATED_IN_A_ROW, "part:best_load" if state.calf_load_kg else "part:best", **reasons)
    return _count_towards_next_step(walk, state, day, rules, reasons, achievement)


def _rm_day(walk: Walk, state: State, day: date, rules: StageRules, rm: RmRule, at_load: list[LoggedSet],
            reasons: dict) -> State:
    """The RM rule (PROTOCOL.md 7): with load, every set aims for the target. A set short by
    ``short_by`` or more takes a load step off; every set at the target counts towards the
    next step (at the last target, every set past it by ``pass_by``)."""
    target = state.rm_target
    fewest = min(s.reps or 0 for s in at_load)
    reasons |= {"rm_target": target, "fewest_reps": fewest}
    if fewest <= target - rm.short_by:
        lighter = replace(dose_back(state, walk.catalogue, walk.thresholds), tolerated_in_a_row=0,
                          load_since=day + ONE_DAY)
        walk.decide(day, CALF, Kind.DOSE_BACK, RuleId.RM_SHORT, reasons | load_change(state, lighter),
                    short=target - fewest, dose=dose_words(lighter, walk.catalogue))
        return lighter
    needed = target + rm.pass_by if target == rm.targets[-1] else target
    if len(at_load) < state.rep_sets or fewest < needed:
        walk.decide(day, CALF, HOLD, RuleId.RM_TARGET, reasons | {"reps_needed": needed})
        return replace(state, tolerated_in_a_row=0)
    achievement = say(RuleId.TOLERATED_IN_A_ROW, "part:rm", reps_needed=needed, **reasons)
    return _count_towards_next_step(walk, state, day, rules, reasons, achievement)


def _count_towards_next_step(walk: Walk, state: State, day: date, rules: StageRules, reasons: dict,
                             achievement: str, load_ok: bool = True) -> State:
    needed = walk.thresholds.tolerated_sessions_to_progress
    in_a_row = min(state.tolerated_in_a_row + 1, needed)
    reasons |= {"tolerated_in_a_row": in_a_row, "needed_in_a_row": needed}
    summary = say(RuleId.TOLERATED_IN_A_ROW, "part", achievement=achievement, **reasons)
    state = replace(state, tolerated_in_a_row=in_a_row)
    if in_a_row < needed:
        walk.decide(day, CALF, HOLD, RuleId.TOLERATED_IN_A_ROW, reasons, summary=sentence(summary))
        return state
    if trend_hold(walk, state, day, reasons):
        return state
    last = state.calf_stage == len(walk.catalogue.stages)
    # A stage that adds load before the next one (Silbernagel's phase 3) takes its weekly step when due.
    since = state.load_since
    load_due = rules.load_step_kg is not None and load_ok and (
        last or since is None or (day + ONE_DAY - since).days >= rules.least_days_between_load_steps)
    if load_due:
        return _add_load(walk, state, day, rules, reasons, summary)
    if not last:
        return _next_stage(walk, state, day, rules, reasons, summary)
    return state


def _next_stage(walk: Walk, state: State, day: date, rules: StageRules, reasons: dict, summary: str) -> State:
    if wait(walk, day, RuleId.LEAST_DAYS, state.stage_started, rules.least_days, f"stage {state.calf_stage + 1}",
            reasons):
        return state
    if _test_needed(walk, state, day, reasons):
        return state
    moved = start_of_stage(state, walk.catalogue, state.calf_stage + 1, day + ONE_DAY)
    # A paced stage starts on its first training day: the announcement says when, if not tomorrow.
    next_stage = walk.catalogue.stages[moved.calf_stage - 1]
    next_rules = stage_rules(next_stage, walk.thresholds)
    first = day + ONE_DAY
    if next_rules.paced:
        first = first_session_day(walk.profile.program_start, first, next_rules, state.fatigue_days)
    later = "later_rest" if next_stage.pacing.rest_days else "later"
    walk.decide(day, CALF, Kind.PROGRESS, RuleId.PROGRESS_STAGE, reasons | {"to_stage": moved.calf_stage},
                variant=later if first > day + ONE_DAY else None, stage=stage_words(moved, walk.catalogue),
                summary=summary, first_day=day_words(first))
    return replace(moved, step_clock_since=day)


def _test_needed(walk: Walk, state: State, day: date, reasons: dict) -> bool:
    """A stage that asks for a heel-rise result to move on (PROTOCOL.md 7) waits for a test that
    reaches it: the pain rules alone are not enough."""
    needed = walk.catalogue.stages[state.calf_stage - 1].move_on_at_heel_rises
    done = [test for test in walk.heel_rises if test.local_date <= day]
    if needed is None or (done and done[-1].painful_count >= needed):
        return False
    count = done[-1].painful_count if done else None
    walk.decide(day, CALF, HOLD, RuleId.HEEL_RISE_CRITERION, reasons | {"heel_rises_needed": needed,
                                                                         "heel_rises": count},
                variant=None if done else "none", stage=stage_name(walk.catalogue, state.calf_stage + 1),
                needed=needed, count=count, tested=day_words(done[-1].local_date) if done else "")
    return True


def _add_load(walk: Walk, state: State, day: date, rules: StageRules, reasons: dict, summary: str) -> State:
    if rules.load_step_kg is None:
        return state  # the top of a ladder without load: keep going
    load = state.calf_load_kg + rules.load_step_kg
    words = {"summary": sentence(summary), "load_step_kg": rules.load_step_kg}
    if rules.max_load_kg is not None and load > rules.max_load_kg:
        walk.decide(day, CALF, HOLD, RuleId.MAX_LOAD, reasons | {"max_load_kg": rules.max_load_kg}, **words)
        return state
    if rules.load_needs and walk.profile.lacks([rules.load_needs]):
        walk.decide(day, CALF, HOLD, RuleId.NO_WEIGHTS, reasons,
                    equipment=EQUIPMENT_WORDS[rules.load_needs].removeprefix("a "), **words)
        return state
    if wait(walk, day, RuleId.LOAD_PACING, state.load_since, rules.least_days_between_load_steps, "more load",
            reasons):
        return state
    loaded = replace(state, calf_load_kg=load, tolerated_in_a_row=0, load_since=day + ONE_DAY,
                     step_clock_since=day, rm_target=next_rm_target(state.rm_target, rules.rm))
    walk.decide(day, CALF, Kind.PROGRESS, RuleId.ADD_LOAD, reasons | {"to_load_kg": load},
                dose=dose_words(loaded, walk.catalogue), summary=summary, load_step_kg=rules.load_step_kg)
    return loaded
