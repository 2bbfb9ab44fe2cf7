"""The progression engine: a pure function of (profile, thresholds, state, history, today).

No database, no clock, no randomness. It walks the days that are complete (a session's day
is complete once the next morning's check-in is in, or that morning has passed), updating
the patient's state and recording every change as a ``Decision`` with its reasons. Then it
writes today's plan from the state. Days already walked are never walked again: a decision
stands once made (editing an old set corrects the record, not the history of decisions).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from statistics import median

from heelstrong.catalogue.loader import Catalogue, Exercise, IsometricRule, RepsRule

RED_FLAGS = (
    "a sudden snap or pop at the back of the ankle",
    "not being able to rise onto tiptoe",
    "heavy swelling or bruising",
    "numbness or tingling",
    "fever",
    "night pain that does not ease",
)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Thresholds:
    """PROTOCOL.md defaults; a clinician can change each one per patient."""

    pain_limit: int = 5  # highest pain during exercise that is still fine
    settle_minutes: int = 5  # what "settled" means to the patient when they answer
    flare_margin: int = 1  # morning pain this far above the 7-day median is a flare
    tolerated_sessions_to_progress: int = 2
    progress_reps_over: int = 15
    load_step_kg: float = 2.5
    flares_to_refer: int = 3  # within 7 days


@dataclass(frozen=True)
class Profile:
    painful_side: str  # left | right | both
    program_start: date


@dataclass(frozen=True)
class CheckIn:
    local_date: date
    morning_pain: int


@dataclass(frozen=True)
class LoggedSet:
    exercise_id: str
    side: str
    reps: int | None
    hold_seconds: int | None
    pain_during: int
    settled: bool
    effort: str | None = None
    load_kg: float | None = None


@dataclass(frozen=True)
class Session:
    local_date: date
    sets: tuple[LoggedSet, ...]


# ---------------------------------------------------------------- state and outputs


@dataclass(frozen=True)
class State:
    """Everything the engine carries from one day to the next."""

    evaluated_through: date | None = None  # last day whose outcome is settled
    calf_stage: int = 1
    hold_sets: int = 3
    hold_seconds: int = 30
    rep_sets: int = 3
    calf_load_kg: float = 0.0
    tolerated_in_a_row: int = 0
    flagged_in_a_row: int = 0
    last_calf_day: date | None = None
    flare_days: tuple[date, ...] = ()  # within the last 7 days
    hip_days: tuple[date, ...] = ()  # within the last 7 days
    hip_levels: tuple[tuple[str, int], ...] = ()  # resistance steps earned per hip exercise


@dataclass(frozen=True)
class Decision:
    local_date: date
    track: str  # calf | hip | safety
    kind: str  # progress | dose_up | dose_back | stage_back | hold | flag | refer | re_entry | resistance_up
    rule: str  # the PROTOCOL rule id behind it
    message: str  # a plain sentence for the patient and their clinician
    reasons: dict = field(default_factory=dict)  # the numbers the rule looked at


@dataclass(frozen=True)
class PlanItem:
    exercise_id: str
    name: str
    track: str
    side: str
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None
    tempo: str | None = None
    lowering_seconds: int | None = None
    rest_seconds: int | None = None
    load_kg: float | None = None
    resistance_step: int | None = None
    times_per_day: str | None = None
    to_fatigue: bool = False
    why: str = ""


@dataclass(frozen=True)
class Plan:
    today: date
    calf_stage: int
    stage_name: str
    hip_day: bool
    items: tuple[PlanItem, ...]
    notices: tuple[str, ...]
    refer_to_clinician: bool


@dataclass(frozen=True)
class Result:
    plan: Plan
    state: State
    decisions: tuple[Decision, ...]


# ---------------------------------------------------------------- the isometric dose ladder


def hold_doses(rule: IsometricRule) -> tuple[tuple[int, int], ...]:
    """(sets, seconds) in order: one hold more per step up to max_sets, then more seconds."""
    doses = [(sets, rule.start_seconds) for sets in range(rule.start_sets, rule.max_sets + 1)]
    seconds = rule.start_seconds
    while seconds < rule.max_seconds:
        seconds = min(seconds + rule.seconds_step, rule.max_seconds)
        doses.append((rule.max_sets, seconds))
    return tuple(doses)


def _step_hold_dose(state: State, rule: IsometricRule, steps: int) -> State:
    doses = hold_doses(rule)
    current = (state.hold_sets, state.hold_seconds)
    index = doses.index(current) if current in doses else 0
    sets, seconds = doses[max(0, min(len(doses) - 1, index + steps))]
    return replace(state, hold_sets=sets, hold_seconds=seconds)


def dose_back(state: State, catalogue: Catalogue, thresholds: Thresholds, steps: int = 1) -> State:
    """One step back per call: a hold less (or 5 s less), else load off, else a set less."""
    for _ in range(steps):
        rule = catalogue.stages[state.calf_stage - 1].dose_rule
        if isinstance(rule, IsometricRule):
            state = _step_hold_dose(state, rule, -1)
        elif state.calf_load_kg > 0:
            state = replace(state, calf_load_kg=max(0.0, state.calf_load_kg - thresholds.load_step_kg))
        else:
            state = replace(state, rep_sets=max(1, state.rep_sets - 1))
    return state


def _start_of_stage(state: State, catalogue: Catalogue, stage: int) -> State:
    rule = catalogue.stages[stage - 1].dose_rule
    state = replace(state, calf_stage=stage, tolerated_in_a_row=0, flagged_in_a_row=0, calf_load_kg=0.0)
    if isinstance(rule, IsometricRule):
        return replace(state, hold_sets=rule.start_sets, hold_seconds=rule.start_seconds)
    return replace(state, rep_sets=rule.sets)


# ---------------------------------------------------------------- judging a day


@dataclass(frozen=True)
class _Verdict:
    broken: tuple[str, ...]  # rule ids the session broke
    confirmed: bool  # the next morning is known
    reasons: dict


def _baseline(checkins: dict[date, int], day: date) -> float | None:
    """Median morning pain of the 7 days before ``day``; None with fewer than 3 to go on."""
    window = [checkins[d] for d in (day - timedelta(days=n) for n in range(1, 8)) if d in checkins]
    return median(window) if len(window) >= 3 else None


def _is_flare(checkins: dict[date, int], day: date, thresholds: Thresholds) -> tuple[bool, dict]:
    pain = checkins.get(day)
    baseline = _baseline(checkins, day)
    if pain is None or baseline is None:
        return False, {"morning_pain": pain, "baseline_median": baseline}
    return pain > baseline + thresholds.flare_margin, {"morning_pain": pain, "baseline_median": baseline}


def _judge(session: Session, next_morning_flare: bool, next_morning_known: bool, thresholds: Thresholds) -> _Verdict:
    max_pain = max(s.pain_during for s in session.sets)
    unsettled = sum(1 for s in session.sets if not s.settled)
    broken = []
    if max_pain > thresholds.pain_limit:
        broken.append("pain_during_limit")
    if unsettled:
        broken.append("pain_settles")
    if next_morning_flare:
        broken.append("next_morning")
    reasons = {"max_pain_during": max_pain, "pain_limit": thresholds.pain_limit, "sets_not_settled": unsettled}
    return _Verdict(tuple(broken), next_morning_known, reasons)


_BROKEN_WORDS = {
    "pain_during_limit": "pain went above {pain_limit}/10",
    "pain_settles": "pain did not settle within a few minutes",
    "next_morning": "the next morning was worse than usual",
}


def _describe_broken(verdict: _Verdict) -> str:
    return " and ".join(_BROKEN_WORDS[rule].format(**verdict.reasons) for rule in verdict.broken)


class _Walker:
    """Walks complete days in order, turning history into state changes and decisions."""

    def __init__(
        self,
        profile: Profile,
        thresholds: Thresholds,
        catalogue: Catalogue,
        checkins: dict[date, int],
        sessions: dict[date, tuple[LoggedSet, ...]],
    ) -> None:
        self.profile = profile
        self.thresholds = thresholds
        self.catalogue = catalogue
        self.checkins = checkins
        self.sessions = sessions
        self.decisions: list[Decision] = []

    def decide(self, day: date, track: str, kind: str, rule: str, message: str, **reasons) -> None:
        self.decisions.append(Decision(day, track, kind, rule, message, reasons))

    def walk(self, state: State, today: date) -> State:
        day = (state.evaluated_through + timedelta(days=1)) if state.evaluated_through else self._first_day()
        # A day is complete once the next morning's check-in is in, or that morning is over.
        while day < today and (day + timedelta(days=1) < today or day + timedelta(days=1) in self.checkins):
            state = replace(self._walk_day(state, day), evaluated_through=day)
            day += timedelta(days=1)
        return state

    def _first_day(self) -> date:
        days = [self.profile.program_start, *self.checkins, *self.sessions]
        return min(days)

    def _walk_day(self, state: State, day: date) -> State:
        week_ago = day - timedelta(days=7)
        state = replace(
            state,
            flare_days=tuple(d for d in state.flare_days if d > week_ago),
            hip_days=tuple(d for d in state.hip_days if d > week_ago),
        )
        sets = self.sessions.get(day, ())
        calf_sets = [s for s in sets if self._track(s) == "calf"]
        hip_sets = [s for s in sets if self._track(s) == "hip"]
        next_morning = day + timedelta(days=1)
        flare, flare_reasons = _is_flare(self.checkins, next_morning, self.thresholds)

        if calf_sets:
            state = self._re_entry(state, day)
            verdict = _judge(Session(day, tuple(sets)), flare, next_morning in self.checkins, self.thresholds)
            state = self._calf_day(state, day, calf_sets, verdict, flare)
            state = replace(state, last_calf_day=day)
        if hip_sets:
            state = self._hip_day(state, day, hip_sets, calm_morning=next_morning in self.checkins and not flare)
        if flare:
            state = self._flare(state, next_morning, flare_reasons)
        return state

    def _track(self, logged: LoggedSet) -> str | None:
        exercise = self.catalogue.get(logged.exercise_id)
        return exercise.track if exercise else None

    # -- calf ladder

    def _re_entry(self, state: State, day: date) -> State:
        """Back after a week or more away: one dose step back per missed week."""
        if state.last_calf_day is None:
            return state
        missed_weeks = ((day - state.last_calf_day).days - 1) // 7
        if missed_weeks < 1:
            return state
        before = dose_words(state, self.catalogue)
        stepped = replace(
            dose_back(state, self.catalogue, self.thresholds, missed_weeks), tolerated_in_a_row=0, flagged_in_a_row=0
        )
        self.decide(
            day,
            "calf",
            "re_entry",
            "catch_up",
            f"Welcome back: {missed_weeks} week{'s' * (missed_weeks > 1)} away, so the dose steps back "
            f"{missed_weeks} step{'s' * (missed_weeks > 1)} ({before} -> {dose_words(stepped, self.catalogue)}).",
            missed_weeks=missed_weeks,
            last_session=state.last_calf_day.isoformat(),
        )
        return stepped

    def _calf_day(self, state: State, day: date, calf_sets: list[LoggedSet], verdict: _Verdict, flare: bool) -> State:
        reasons = verdict.reasons | {"stage": state.calf_stage}
        if verdict.broken:
            reasons["broken_rules"] = list(verdict.broken)
            self.decide(
                day, "calf", "flag", verdict.broken[0], f"Session flagged: {_describe_broken(verdict)}.", **reasons
            )
            if flare:
                return replace(state, tolerated_in_a_row=0)  # the flare itself moves the stage back
            flagged = state.flagged_in_a_row + 1
            if flagged >= 2 and state.calf_stage > 1:
                back = _start_of_stage(state, self.catalogue, state.calf_stage - 1)
                self.decide(
                    day,
                    "calf",
                    "stage_back",
                    "two_flagged",
                    f"Two flagged sessions in a row: back to stage {back.calf_stage}, "
                    f"{self._stage_name(back.calf_stage)}.",
                    **reasons,
                    to_stage=back.calf_stage,
                )
                return back
            stepped = replace(
                dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0, flagged_in_a_row=flagged
            )
            change = (
                "at the starting dose"
                if stepped == replace(state, tolerated_in_a_row=0, flagged_in_a_row=flagged)
                else "with the dose one step back"
            )
            why = _describe_broken(verdict)
            self.decide(
                day,
                "calf",
                "dose_back",
                "flagged_session",
                f"{why[0].upper()}{why[1:]}, so you stay on stage {state.calf_stage} {change}: "
                f"{dose_words(stepped, self.catalogue)}.",
                **reasons,
            )
            return stepped
        state = replace(state, flagged_in_a_row=0)
        if not verdict.confirmed:
            self.decide(
                day,
                "calf",
                "hold",
                "next_morning",
                "No check-in the morning after, so the session can't count towards moving on: same dose again.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
        rule = self.catalogue.stages[state.calf_stage - 1].dose_rule
        stage_ids = set(self.catalogue.stages[state.calf_stage - 1].exercise_ids)
        done = [s for s in calf_sets if s.exercise_id in stage_ids]
        if isinstance(rule, IsometricRule):
            return self._hold_day(state, day, rule, done, reasons)
        return self._rep_day(state, day, rule, done, reasons)

    def _hold_day(self, state: State, day: date, rule: IsometricRule, done: list[LoggedSet], reasons: dict) -> State:
        full_holds = sum(1 for s in done if (s.hold_seconds or 0) >= state.hold_seconds)
        reasons |= {"holds_done": full_holds, "holds_prescribed": state.hold_sets, "hold_seconds": state.hold_seconds}
        if full_holds < state.hold_sets:
            self.decide(
                day,
                "calf",
                "hold",
                "full_dose",
                f"{full_holds} of {state.hold_sets} holds of {state.hold_seconds} s done: "
                "same dose until the full set is done.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
        at_max = (state.hold_sets, state.hold_seconds) == (rule.max_sets, rule.max_seconds)
        if not at_max:
            stepped = _step_hold_dose(state, rule, +1)
            self.decide(
                day,
                "calf",
                "dose_up",
                "build_holds",
                f"Tolerated {state.hold_sets} x {state.hold_seconds} s (pain at most "
                f"{reasons['max_pain_during']}/10, settled): next time {stepped.hold_sets} x "
                f"{stepped.hold_seconds} s.",
                **reasons,
            )
            return replace(stepped, tolerated_in_a_row=0)
        return self._count_towards_next_stage(state, day, reasons, f"{rule.max_sets} x {rule.max_seconds} s")

    def _rep_day(self, state: State, day: date, rule: RepsRule, done: list[LoggedSet], reasons: dict) -> State:
        best = max((s.reps or 0 for s in done), default=0)
        over = self.thresholds.progress_reps_over
        reasons |= {"best_set_reps": best, "progress_reps_over": over, "sets_done": len(done)}
        if not done:
            self.decide(
                day,
                "calf",
                "hold",
                "full_dose",
                f"No {self._stage_name(state.calf_stage).lower()} logged: same stage next time.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
        if len(done) >= state.rep_sets and state.rep_sets < rule.sets:
            state = replace(state, rep_sets=state.rep_sets + 1)
            self.decide(
                day,
                "calf",
                "dose_up",
                "build_sets",
                f"All sets tolerated: back up to {state.rep_sets} sets.",
                **reasons,
            )
        if best <= over:
            self.decide(
                day,
                "calf",
                "hold",
                "reps_over",
                f"Best set {best} reps: keep going until a set passes {over} reps.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
        return self._count_towards_next_stage(state, day, reasons, f"a set of {best} reps")

    def _count_towards_next_stage(self, state: State, day: date, reasons: dict, achievement: str) -> State:
        in_a_row = state.tolerated_in_a_row + 1
        needed = self.thresholds.tolerated_sessions_to_progress
        reasons |= {"tolerated_in_a_row": in_a_row, "needed_in_a_row": needed}
        summary = f"{achievement} done, pain at most {reasons['max_pain_during']}/10, settled, morning steady"
        if in_a_row < needed:
            self.decide(
                day,
                "calf",
                "hold",
                "tolerated_in_a_row",
                f"{summary[0].upper()}{summary[1:]} ({in_a_row} of {needed} in a row): same dose once more.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=in_a_row)
        if state.calf_stage < len(self.catalogue.stages):
            moved = _start_of_stage(state, self.catalogue, state.calf_stage + 1)
            self.decide(
                day,
                "calf",
                "progress",
                "progress_stage",
                f"Moving to stage {moved.calf_stage}, {self._stage_name(moved.calf_stage).lower()}: "
                f"{summary} on {needed} sessions in a row.",
                **reasons,
                to_stage=moved.calf_stage,
            )
            return moved
        loaded = replace(state, calf_load_kg=state.calf_load_kg + self.thresholds.load_step_kg, tolerated_in_a_row=0)
        self.decide(
            day,
            "calf",
            "progress",
            "add_load",
            f"Adding {self.thresholds.load_step_kg:g} kg (now {loaded.calf_load_kg:g} kg in a backpack): "
            f"{summary} on {needed} sessions in a row.",
            **reasons,
        )
        return loaded

    def _flare(self, state: State, morning: date, reasons: dict) -> State:
        flares = (*(d for d in state.flare_days if d > morning - timedelta(days=7)), morning)
        reasons |= {"flare_margin": self.thresholds.flare_margin, "flares_in_7_days": len(flares)}
        state = replace(state, flare_days=flares)
        if state.calf_stage > 1:
            state = _start_of_stage(state, self.catalogue, state.calf_stage - 1)
            self.decide(
                morning,
                "calf",
                "stage_back",
                "morning_flare",
                f"Morning pain {reasons['morning_pain']}/10 is above your usual "
                f"{reasons['baseline_median']:g}: back to stage {state.calf_stage}, "
                f"{self._stage_name(state.calf_stage).lower()}.",
                **reasons,
                to_stage=state.calf_stage,
            )
        else:
            state = replace(dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0)
            self.decide(
                morning,
                "calf",
                "dose_back",
                "morning_flare",
                f"Morning pain {reasons['morning_pain']}/10 is above your usual "
                f"{reasons['baseline_median']:g}: the holds step back to {dose_words(state, self.catalogue)}.",
                **reasons,
            )
        if len(flares) >= self.thresholds.flares_to_refer:
            self.decide(
                morning,
                "safety",
                "refer",
                "three_flares",
                f"{len(flares)} flare-ups in 7 days: please talk to your clinician before loading more.",
                **reasons,
            )
        return state

    # -- hip and glute track

    def _hip_day(self, state: State, day: date, hip_sets: list[LoggedSet], calm_morning: bool) -> State:
        levels = dict(state.hip_levels)
        by_exercise: dict[str, list[LoggedSet]] = {}
        for logged in hip_sets:
            by_exercise.setdefault(logged.exercise_id, []).append(logged)
        for exercise_id, sets in sorted(by_exercise.items()):
            tolerated = calm_morning and all(s.pain_during <= self.thresholds.pain_limit and s.settled for s in sets)
            if tolerated and all(s.effort == "easy" for s in sets):
                levels[exercise_id] = levels.get(exercise_id, 0) + 1
                self.decide(
                    day,
                    "hip",
                    "resistance_up",
                    "hip_easy",
                    f"{self.catalogue.get(exercise_id).name} felt easy on every set: "
                    "next time use a stronger band or more weight.",
                    exercise_id=exercise_id,
                    sets=len(sets),
                    resistance_step=levels[exercise_id],
                )
        return replace(state, hip_days=(*state.hip_days, day), hip_levels=tuple(sorted(levels.items())))

    def _stage_name(self, stage: int) -> str:
        return self.catalogue.stages[stage - 1].name


def dose_words(state: State, catalogue: Catalogue) -> str:
    rule = catalogue.stages[state.calf_stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        return f"{state.hold_sets} x {state.hold_seconds} s"
    load = f" with {state.calf_load_kg:g} kg" if state.calf_load_kg else ""
    return f"{state.rep_sets} set{'s' * (state.rep_sets != 1)}{load}"


# ---------------------------------------------------------------- today's plan


HIP_ONE_SIDE = ("hip-abduction-band", "hip-extension-band", "hamstring-curl-seated-band", "split-squat")
HIP_BOTH_SIDES = (
    "glute-bridge",
    "hamstring-curl-seated-band",
    "hamstring-curl-side-lying",
    "hip-extension-band",
    "hip-abduction-band",
)
BACK_CHAIN_EXTRA_SETS = 1
HIP_SESSIONS_PER_WEEK = 3


def _opposite(side: str) -> str:
    return {"left": "right", "right": "left"}.get(side, "both")


def _calf_side(exercise: Exercise, painful_side: str) -> str:
    return "both" if exercise.laterality == "bilateral" else painful_side


def is_hip_day(state: State, today: date) -> bool:
    """Three times a week with a rest day between, counted from the log, not fixed weekdays."""
    recent = [d for d in state.hip_days if today - timedelta(days=7) < d < today]
    if recent and (today - max(recent)).days < 2:
        return False
    return len(recent) < HIP_SESSIONS_PER_WEEK


def _calf_items(
    state: State, catalogue: Catalogue, profile: Profile, thresholds: Thresholds, why: str
) -> list[PlanItem]:
    stage = catalogue.stages[state.calf_stage - 1]
    rule = stage.dose_rule
    items = []
    for exercise_id in stage.exercise_ids:
        exercise = catalogue.get(exercise_id)
        common = dict(
            exercise_id=exercise.id,
            name=exercise.name,
            track="calf",
            side=_calf_side(exercise, profile.painful_side),
            tempo=exercise.tempo,
            rest_seconds=exercise.default_dose.rest_seconds,
            why=why,
        )
        if isinstance(rule, IsometricRule):
            items.append(
                PlanItem(
                    **common, sets=state.hold_sets, hold_seconds=state.hold_seconds, times_per_day=rule.times_per_day
                )
            )
        else:
            items.append(
                PlanItem(
                    **common,
                    sets=state.rep_sets,
                    reps=thresholds.progress_reps_over + 1,
                    lowering_seconds=rule.lowering_seconds,
                    to_fatigue=True,
                    load_kg=state.calf_load_kg or None,
                )
            )
    return items


def _hip_items(state: State, catalogue: Catalogue, profile: Profile) -> list[PlanItem]:
    both = profile.painful_side == "both"
    side = "both" if both else _opposite(profile.painful_side)
    levels = dict(state.hip_levels)
    items = []
    for exercise_id in HIP_BOTH_SIDES if both else HIP_ONE_SIDE:
        exercise = catalogue.get(exercise_id)
        extra = BACK_CHAIN_EXTRA_SETS if both and exercise.back_chain else 0
        if both:
            why = (
                "Both heels hurt: both legs, with extra back-of-leg work"
                if exercise.back_chain
                else "Both heels hurt: both legs"
            )
        else:
            why = f"Your {profile.painful_side} heel hurts: strengthen the {side} hip, which steadies the painful side"
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
                resistance_step=levels.get(exercise_id, 0),
                why=why + ".",
            )
        )
    return items


def _mobility_items(catalogue: Catalogue) -> list[PlanItem]:
    return [
        PlanItem(
            exercise_id=e.id,
            name=e.name,
            track="mobility",
            side="both",
            sets=e.default_dose.sets,
            reps=e.default_dose.reps,
            minutes=e.default_dose.minutes,
            tempo=e.tempo,
            why="A few minutes first thing in the morning eases the first steps.",
        )
        for e in catalogue.by_track("mobility")
    ]


def _plan(
    state: State,
    catalogue: Catalogue,
    profile: Profile,
    thresholds: Thresholds,
    today: date,
    decisions: Sequence[Decision],
    logged_hip_days: Iterable[date] = (),
) -> Plan:
    notices = []
    shown = state
    if state.last_calf_day is not None:
        away_weeks = ((today - state.last_calf_day).days - 1) // 7
        if away_weeks >= 1:
            shown = dose_back(state, catalogue, thresholds, away_weeks)
            notices.append(
                f"{away_weeks} week{'s' * (away_weeks > 1)} since your last calf session: "
                f"today's dose is stepped back to {dose_words(shown, catalogue)}."
            )
    calf_why = _calf_reason(shown, catalogue, decisions)
    refer = any(d.kind == "refer" for d in decisions if (today - d.local_date).days < 7)
    red_flags = ", ".join(RED_FLAGS)
    if refer:
        notices.append(f"Several flare-ups this week: talk to your clinician. Get help at once for {red_flags}.")
    elif any(d.rule == "morning_flare" for d in decisions if (today - d.local_date).days < 3):
        # PROTOCOL.md section 5: a flare is when the red flags are worth repeating.
        notices.append(
            f"Your morning pain flared, so today is lighter. See a clinician rather than "
            f"waiting if you notice {red_flags}."
        )
    hip_day = is_hip_day(replace(state, hip_days=(*state.hip_days, *logged_hip_days)), today)
    items = _mobility_items(catalogue) + _calf_items(shown, catalogue, profile, thresholds, calf_why)
    if hip_day:
        items += _hip_items(state, catalogue, profile)
    return Plan(
        today=today,
        calf_stage=shown.calf_stage,
        stage_name=catalogue.stages[shown.calf_stage - 1].name,
        hip_day=hip_day,
        items=tuple(items),
        notices=tuple(notices),
        refer_to_clinician=refer,
    )


def _calf_reason(state: State, catalogue: Catalogue, decisions: Sequence[Decision]) -> str:
    latest = next((d for d in reversed(decisions) if d.track == "calf"), None)
    if latest is not None:
        return latest.message
    return (
        f"Stage {state.calf_stage}, {catalogue.stages[state.calf_stage - 1].name.lower()}: "
        "the starting point. Pain up to 5/10 during is fine if it settles within minutes."
    )


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
    checkin_by_day = {c.local_date: c.morning_pain for c in checkins}
    sets_by_day: dict[date, tuple[LoggedSet, ...]] = {}
    for session in sessions:
        sets_by_day[session.local_date] = sets_by_day.get(session.local_date, ()) + tuple(session.sets)
    walker = _Walker(profile, thresholds, catalogue, checkin_by_day, sets_by_day)
    new_state = walker.walk(state, today)
    decisions = tuple(walker.decisions)
    # Hip work logged on a day not walked yet (yesterday, before this morning's check-in) still counts.
    not_walked = [
        day
        for day, sets in sets_by_day.items()
        if (new_state.evaluated_through is None or day > new_state.evaluated_through)
        and day < today
        and any(walker._track(s) == "hip" for s in sets)
    ]
    plan = _plan(new_state, catalogue, profile, thresholds, today, (*earlier_decisions, *decisions), not_walked)
    return Result(plan=plan, state=new_state, decisions=decisions)
