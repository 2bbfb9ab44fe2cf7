"""The calf ladder (PROTOCOL.md 2 and 7): a stage's rules for this patient, the hold-dose
ladder, a step back, the start of a stage and the RM rule's rep targets. A program's stages
and doses are catalogue data; this is how any of them is climbed and stepped down."""

from dataclasses import dataclass, replace
from datetime import date

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.catalogue.loader import Catalogue, IsometricRule, RepsRule, RmRule, RmScheduleRule, SetsRule, Stage
from heelstrong.progression.engine.data import State


@dataclass(frozen=True)
class StageRules:
    """A stage's pacing and targets from the catalogue, with the patient's overrides applied."""

    least_days: int
    min_days_between: int
    max_per_week: int
    reps_over: int | None
    load_step_kg: float | None
    least_days_between_load_steps: int | None
    max_load_kg: float | None
    load_needs: str | None = None  # what carries the load (catalogue Equipment)
    rm: RmRule | None = None  # with load, sets aim for falling rep targets

    @property
    def paced(self) -> bool:
        return self.min_days_between > 1 or self.max_per_week < 7


def stage_rules(stage: Stage, thresholds: Thresholds) -> StageRules:
    def pick(override, default):
        return default if override is None else override

    rule, pacing = stage.dose_rule, stage.pacing
    if isinstance(rule, IsometricRule):
        return StageRules(pick(thresholds.least_days_on_stage, pacing.least_days), pacing.min_days_between,
                          pacing.max_per_week, None, None, None, None)
    if isinstance(rule, RmScheduleRule):
        return StageRules(
            least_days=pick(thresholds.least_days_on_stage, pacing.least_days),
            min_days_between=pick(thresholds.min_days_between_fatigue_sessions, pacing.min_days_between),
            max_per_week=pick(thresholds.max_fatigue_sessions_per_week, pacing.max_per_week),
            reps_over=None, load_step_kg=pick(thresholds.load_step_kg, rule.step_kg),
            least_days_between_load_steps=None, max_load_kg=thresholds.max_load_kg, load_needs=rule.needs)
    load = rule.load
    return StageRules(
        least_days=pick(thresholds.least_days_on_stage, pacing.least_days),
        min_days_between=pick(thresholds.min_days_between_fatigue_sessions, pacing.min_days_between),
        max_per_week=pick(thresholds.max_fatigue_sessions_per_week, pacing.max_per_week),
        reps_over=pick(thresholds.progress_reps_over, rule.progress_reps_over) if isinstance(rule, RepsRule) else None,
        load_step_kg=pick(thresholds.load_step_kg, load.step_kg) if load else None,
        least_days_between_load_steps=pick(thresholds.least_days_between_load_steps, load.least_days_between_steps)
        if load
        else None,
        max_load_kg=thresholds.max_load_kg,
        load_needs=load.needs if load else None,
        rm=load.rm if load else None,
    )


def stage_level(stage: Stage) -> int:
    """What a stage asks of a calf, on the ladder's scale (its number on the ladder itself)."""
    return stage.level or stage.number


def most_sets(rule: SetsRule) -> int:
    return max(dose.sets for dose in rule.doses)


def program_week(state: State, day: date) -> int:
    """The week of the stage (a program of one stage: of the program) ``day`` falls in, from 1."""
    return (day - state.stage_started).days // 7 + 1 if state.stage_started else 1


def load_of(state: State, exercise_id: str) -> float:
    return dict(state.loads).get(exercise_id, 0.0)


def with_load(state: State, exercise_id: str, kg: float) -> State:
    return replace(state, loads=tuple(sorted({**dict(state.loads), exercise_id: kg}.items())))


# ---------------------------------------------------------------- the isometric dose ladder


def hold_doses(rule: IsometricRule) -> tuple[tuple[int, int], ...]:
    """(sets, seconds) in order: the doses below the start, then one hold more per step up
    to max_sets, then more seconds."""
    doses = [*rule.below_start, *((sets, rule.start_seconds) for sets in range(rule.start_sets, rule.max_sets + 1))]
    seconds = rule.start_seconds
    while seconds < rule.max_seconds:
        seconds = min(seconds + rule.seconds_step, rule.max_seconds)
        doses.append((rule.max_sets, seconds))
    return tuple(doses)


def _hold_index(state: State, rule: IsometricRule) -> int:
    doses = hold_doses(rule)
    current = (state.hold_sets, state.hold_seconds)
    return doses.index(current) if current in doses else len(rule.below_start)


def step_hold_dose(state: State, rule: IsometricRule, steps: int) -> State:
    doses = hold_doses(rule)
    sets, seconds = doses[max(0, min(len(doses) - 1, _hold_index(state, rule) + steps))]
    return replace(state, hold_sets=sets, hold_seconds=seconds)


def dose_back(state: State, catalogue: Catalogue, thresholds: Thresholds, steps: int = 1) -> State:
    """One step back per call: a hold less (or fewer seconds), else load off, else a set less."""
    for _ in range(steps):
        stage = catalogue.stages[state.calf_stage - 1]
        rule = stage.dose_rule
        if isinstance(rule, IsometricRule):
            state = step_hold_dose(state, rule, -1)
        elif isinstance(rule, RmScheduleRule):
            # Each exercise a load step lighter; with none left, a set less.
            step = stage_rules(stage, thresholds).load_step_kg
            if any(kg > 0 for _, kg in state.loads):
                state = replace(state, loads=tuple((e, max(0.0, kg - step)) for e, kg in state.loads))
            else:
                state = replace(state, rep_sets=max(1, state.rep_sets - 1))
        elif state.calf_load_kg > 0:
            step = stage_rules(stage, thresholds).load_step_kg or state.calf_load_kg
            load = max(0.0, state.calf_load_kg - step)
            # Without load there is nothing for a rep target to be "all you can do" with: to fatigue again.
            state = replace(state, calf_load_kg=load, rm_target=state.rm_target if load else None)
        else:
            state = replace(state, rep_sets=max(1, state.rep_sets - 1))
    return state


def at_lowest_dose(state: State, catalogue: Catalogue) -> bool:
    """At stage 1's lowest hold dose: nowhere lower on the ladder to go."""
    rule = catalogue.stages[0].dose_rule
    return state.calf_stage == 1 and isinstance(rule, IsometricRule) and _hold_index(state, rule) == 0


def start_of_stage(state: State, catalogue: Catalogue, stage: int, first_day: date) -> State:
    rule = catalogue.stages[stage - 1].dose_rule
    state = replace(
        state,
        calf_stage=stage,
        stage_started=first_day,
        load_since=first_day,
        tolerated_in_a_row=0,
        flagged_in_a_row=0,
        calf_load_kg=0.0,
        rm_target=None,
        supported_since=None,
        loads=(),
    )
    if isinstance(rule, IsometricRule):
        return replace(state, hold_sets=rule.start_sets, hold_seconds=rule.start_seconds)
    if isinstance(rule, SetsRule):
        return replace(state, rep_sets=most_sets(rule))
    if isinstance(rule, RmScheduleRule):
        # No set taken off yet: the schedule's sets from whichever week the program starts in.
        return replace(state, rep_sets=max(week.sets for week in rule.schedule), rm_target=rule.schedule[0].reps)
    return replace(state, rep_sets=rule.sets)


def back_to_stage(state: State, catalogue: Catalogue, stage: int, first_day: date) -> State:
    """A step back a stage, at the last dose tolerated there (the top of its hold ladder): a
    proportionate step, not back to the start of it."""
    state = start_of_stage(state, catalogue, stage, first_day)
    rule = catalogue.stages[stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        return replace(state, hold_sets=rule.max_sets, hold_seconds=rule.max_seconds)
    return state


def stage_exercises(state: State, stage: Stage) -> tuple[str, ...]:
    """The calf exercises of the patient's stage: its supported form while the holds are done seated."""
    return (stage.supported,) if state.supported_since and stage.supported else stage.exercise_ids


def dose_of(state: State) -> tuple:
    """Everything a step back can change, to tell whether it changed anything."""
    return state.hold_sets, state.hold_seconds, state.rep_sets, state.calf_load_kg, state.loads


def dose_words(state: State, catalogue: Catalogue) -> str:
    """The calf dose: "4 x 30 s", "3 sets", "3 sets with 2.5 kg"."""
    rule = catalogue.stages[state.calf_stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        return f"{state.hold_sets} x {state.hold_seconds} s"
    if isinstance(rule, SetsRule):
        load = f" with {state.calf_load_kg:g} kg" if state.calf_load_kg else ""
        reps = {dose.reps for dose in rule.doses}
        return f"{min(state.rep_sets, most_sets(rule))} x {'/'.join(map(str, sorted(reps)))}{load}"
    load = f" with {state.calf_load_kg:g} kg" if state.calf_load_kg else ""
    reps = f" of about {state.rm_target}" if state.rm_target else ""
    return f"{state.rep_sets} set{'s' * (state.rep_sets != 1)}{reps}{load}"


def stage_words(state: State, catalogue: Catalogue) -> str:
    """Everything the calf plan is: "stage 2, single-leg holds, at 3 x 30 s"."""
    name = catalogue.stages[state.calf_stage - 1].name.lower()
    return f"stage {state.calf_stage}, {name}, at {dose_words(state, catalogue)}"


def stage_name(catalogue: Catalogue, number: int) -> str:
    """"stage 2 (phase 2, off a step)"."""
    return f"stage {number} ({catalogue.stages[number - 1].name.lower()})"


def load_change(before: State, after: State) -> dict:
    """``to_load_kg`` when a step took load off, so a record of decisions can tell the load."""
    return {"to_load_kg": after.calf_load_kg} if after.calf_load_kg != before.calf_load_kg else {}


def next_rm_target(target: int | None, rm: RmRule | None) -> int | None:
    """The rep target after a load step: the first with the first load, then each lower one in
    turn, staying at the last."""
    if rm is None:
        return None
    if target is None:
        return rm.targets[0]
    return next((t for t in rm.targets if t < target), rm.targets[-1])
