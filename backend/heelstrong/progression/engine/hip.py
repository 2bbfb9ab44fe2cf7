"""The hip and glute track (PROTOCOL.md 3): each exercise on its own resistance steps, trained
on hip days, on the side the catalogue's hip track names for the painful heel."""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from heelstrong.catalogue.loader import EQUIPMENT_WORDS, Catalogue, Exercise
from heelstrong.progression.engine.data import ONE_DAY, WEEK, LoggedSet, PlanItem, Profile, State
from heelstrong.progression.engine.handover import refer
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
from heelstrong.progression.engine.mornings import trend_hold
from heelstrong.progression.engine.pacing import is_training_day, week_days
from heelstrong.progression.engine.pain import PAIN_RULES, broken_words, settle_counts
from heelstrong.progression.engine.walk_context import Walk
from heelstrong.progression.engine.words import day_words, listed, plural

HIP = Track.HIP


def opposite(side: str) -> str:
    return {"left": "right", "right": "left"}.get(side, "both")


def is_hip_day(hip_days: Iterable[date], today: date, profile: Profile, sessions_per_week: int) -> bool:
    """``sessions_per_week`` with a rest day between, on the same weekdays every week (those of
    raises to fatigue, when they are paced the same way); and never after hip work yesterday or
    a full week's of it already logged, whatever day it was done on."""
    if not is_training_day(profile.program_start, today, week_days(2, sessions_per_week)):
        return False
    recent = [d for d in hip_days if today - WEEK < d < today]
    if recent and (today - max(recent)).days < 2:
        return False
    return len(recent) < sessions_per_week


def hip_day(walk: Walk, state: State, day: date, hip_sets: list[LoggedSet], calm_morning: bool) -> State:
    """Each hip exercise on its own (PROTOCOL.md 3): a painful set flags that exercise and
    steps its resistance back; a set that felt hard steps it back; every prescribed set easy
    on enough sessions in a row earns the next step. Nothing here touches the calf plan."""
    levels, easy_runs = dict(state.hip_levels), dict(state.hip_easy_in_a_row)
    by_exercise: dict[str, list[LoggedSet]] = {}
    for logged in hip_sets:
        by_exercise.setdefault(logged.exercise_id, []).append(logged)
    needed = walk.thresholds.tolerated_sessions_to_progress
    severe: list[tuple[Exercise, int]] = []
    for exercise_id, sets in sorted(by_exercise.items()):
        exercise = walk.catalogue.get(exercise_id)
        level = levels.get(exercise_id, 0)
        max_pain = max(s.pain_during for s in sets)
        unsettled, unanswered = settle_counts(sets)
        reasons = {"exercise_id": exercise_id, "sets": len(sets), "max_pain_during": max_pain,
                   "pain_limit": walk.thresholds.pain_limit, "sets_not_settled": unsettled, "resistance_step": level}
        if unanswered:
            reasons["sets_settle_not_answered"] = unanswered
        easy_runs[exercise_id] = 0
        above, name = max_pain > walk.thresholds.pain_limit, exercise.name
        if above and unsettled:
            levels[exercise_id] = max(0, level - 1)
            state = _pause(walk, state, day, exercise, reasons | {"resistance_step": levels[exercise_id]})
            severe.append((exercise, max_pain))
        elif above or unsettled:
            levels[exercise_id] = max(0, level - 1)
            broken = [rule for rule, yes in zip(PAIN_RULES, (above, unsettled)) if yes]
            walk.decide(day, HIP, Kind.FLAG, RuleId.HIP_PAIN, reasons | {"resistance_step": levels[exercise_id]},
                        exercise=name, why=broken_words(broken, reasons),
                        change=say(RuleId.HIP_PAIN, "part:lighter" if level else "part:same"))
        elif any(s.effort == "hard" for s in sets):
            if level:
                levels[exercise_id] = level - 1
                walk.decide(day, HIP, Kind.RESISTANCE_BACK, RuleId.HIP_HARD, reasons | {"resistance_step": level - 1},
                            exercise=name)
        elif calm_morning and len(sets) >= _sets_prescribed(walk, exercise) and all(s.effort == "easy" for s in sets):
            if unanswered:  # not confirmed: an easy session only counts once it settled
                walk.decide(day, HIP, Kind.HOLD, RuleId.SETTLE_NOT_ANSWERED, reasons, variant="hip", exercise=name,
                            sets=plural(unanswered, "set"))
                continue
            run = dict(state.hip_easy_in_a_row).get(exercise_id, 0) + 1
            if run < needed:
                easy_runs[exercise_id] = run
                walk.decide(day, HIP, Kind.HOLD, RuleId.HIP_EASY, reasons, exercise=name, run=run, needed=needed)
            elif not trend_hold(walk, state, day, reasons, track=HIP):
                levels[exercise_id] = level + 1
                harder = walk.catalogue.get(exercise.progresses_to) if exercise.progresses_to else None
                step = (say(RuleId.HIP_EASY, "part:harder", harder=harder.name.lower()) if harder and level == 0
                        else say(RuleId.HIP_EASY, "part:stronger"))
                walk.decide(day, HIP, Kind.RESISTANCE_UP, RuleId.HIP_EASY, reasons | {"resistance_step": level + 1},
                            exercise=name, needed=needed, step=step)
    if severe:
        state = _refer_severe_pain(walk, state, day, severe)
    return replace(
        state,
        hip_days=(*state.hip_days, day),
        hip_levels=tuple(sorted(levels.items())),
        hip_easy_in_a_row=tuple(sorted((k, v) for k, v in easy_runs.items() if v)),
    )


def _pause(walk: Walk, state: State, day: date, exercise: Exercise, reasons: dict) -> State:
    """Pain above the limit that did not settle either: more than a resistance step can
    answer. The exercise pauses for a week, then starts a step lighter."""
    until = day + WEEK + ONE_DAY
    walk.decide(day, HIP, Kind.FLAG, RuleId.HIP_SEVERE, reasons | {"paused_until": until.isoformat()},
                exercise=exercise.name, until=day_words(until))
    paused = {**dict(state.hip_paused), exercise.id: until}
    return replace(state, hip_paused=tuple(sorted(paused.items())))


def _refer_severe_pain(walk: Walk, state: State, day: date, severe: list[tuple[Exercise, int]]) -> State:
    """The next morning, one prompt with the warning signs for every exercise paused the day
    before: a clinician if the pain is still there."""
    reasons = {"exercise_ids": [exercise.id for exercise, _ in severe], "max_pain_during": max(p for _, p in severe)}
    return refer(walk, state, day + ONE_DAY, RuleId.HIP_SEVERE, reasons, every=ONE_DAY,
                 exercises=listed([exercise.name.lower() for exercise, _ in severe]))


def _sets_prescribed(walk: Walk, exercise: Exercise) -> int:
    extra = walk.catalogue.hip_track.back_chain_extra_sets
    return exercise.default_dose.sets + (extra if walk.profile.painful_side == "both" and exercise.back_chain else 0)


# ---------------------------------------------------------------- today's hip work


def hip_items(state: State, catalogue: Catalogue, profile: Profile, today: date,
              spare_heel: bool = False) -> list[PlanItem]:
    """The hip and glute work of a hip day; ``spare_heel`` (a morning at the ceiling) swaps
    standing exercises for the catalogue's lying ones."""
    track = catalogue.hip_track
    both = profile.painful_side == "both"
    sides = track.both_sides if both else track.one_side
    paused = {exercise_id for exercise_id, until in state.hip_paused if today < until}
    side = "both" if both else opposite(profile.painful_side)
    levels = dict(state.hip_levels)
    items, planned = [], set()
    off = dict(profile.switched_off)
    for exercise_id in sides.exercises:
        if exercise_id in off:
            continue
        exercise, instead = _with_what_they_have(catalogue.get(exercise_id), catalogue, profile)
        if spare_heel and exercise.on_flare_morning:
            exercise, instead = catalogue.get(exercise.on_flare_morning.exercise_id), exercise.on_flare_morning.why
        # Once an exercise with a harder form earned its first step, the harder form replaces it.
        while exercise.progresses_to and levels.get(exercise.id, 0) >= 1:
            exercise = catalogue.get(exercise.progresses_to)
        if exercise.id in planned or exercise.id in paused:
            continue  # a stand-in already in the plan: once is enough; a paused one waits
        planned.add(exercise.id)
        extra = track.back_chain_extra_sets if both and exercise.back_chain else 0
        missing = tuple(EQUIPMENT_WORDS[kind] for kind in profile.lacks(exercise.needs))
        why = (sides.why_back_chain or sides.why) if exercise.back_chain else sides.why
        items.append(
            PlanItem(
                exercise_id=exercise.id,
                name=exercise.name,
                track="hip",
                side="both" if exercise.laterality == "bilateral" else side,
                sets=exercise.default_dose.sets + extra,
                reps=exercise.default_dose.reps,
                tempo=exercise.tempo,
                rest_seconds=exercise.default_dose.rest_seconds,
                resistance_step=levels.get(exercise.id, 0),
                why=" ".join(filter(None, (
                    instead,
                    why.format(heel=profile.painful_side, side=side),
                    missing and say(RuleId.NO_EQUIPMENT, "why", missing=" and ".join(missing)),
                ))),
                missing=missing,
            )
        )
    return items


def _with_what_they_have(exercise: Exercise, catalogue: Catalogue, profile: Profile) -> tuple[Exercise, str | None]:
    """The exercise, or the catalogue's stand-in when the patient lacks what it needs, with why."""
    if profile.lacks(exercise.needs) and exercise.substitute:
        return catalogue.get(exercise.substitute.exercise_id), exercise.substitute.why
    return exercise, None
