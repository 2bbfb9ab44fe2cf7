"""The progression engine: a pure function of (profile, thresholds, state, history, today).

No database, no clock, no randomness. It walks the days that are complete (a session's day
is complete once the next morning's check-in is in, or that morning has passed), updating
the patient's state and recording every change as a ``Decision`` with its reasons. Then it
writes today's plan from the state. Days already walked are never walked again: a decision
stands once made (editing an old set corrects the record, not the history of decisions).

The rules, their defaults and their sources are in docs/protocol.md; how fast each stage may
be climbed and trained (pacing) is data in the catalogue, overridable per patient.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from statistics import median

from heelstrong.catalogue.clinical import RED_FLAGS, Thresholds
from heelstrong.catalogue.loader import EQUIPMENT_WORDS, Catalogue, Exercise, IsometricRule, RepsRule, RmRule, Stage

WEEK = timedelta(days=7)
ONE_DAY = timedelta(days=1)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Profile:
    painful_side: str  # left | right | both
    program_start: date
    # What the patient has at home (catalogue Equipment); None: not asked yet, the plan as written.
    equipment: frozenset[str] | None = None
    # Exercises the patient's clinician switched off: (exercise id, the clinician's reason).
    switched_off: tuple[tuple[str, str], ...] = ()

    def lacks(self, needs: Iterable[str]) -> tuple[str, ...]:
        """What of `needs` the patient said they don't have."""
        return () if self.equipment is None else tuple(n for n in needs if n not in self.equipment)


@dataclass(frozen=True)
class CheckIn:
    local_date: date
    morning_pain: int
    stiffness_minutes: int | None = None
    red_flag: bool = False  # the patient reports a sign that needs a clinician (PROTOCOL.md 5)


@dataclass(frozen=True)
class LoggedSet:
    exercise_id: str
    side: str
    reps: int | None
    hold_seconds: int | None
    pain_during: int
    settled: bool | None  # None: the settle question is not answered (yet): never taken as a yes
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
    stage_started: date | None = None  # first day of the current stage (None: long enough ago)
    hold_sets: int = 3
    hold_seconds: int = 30
    rep_sets: int = 3
    calf_load_kg: float = 0.0
    rm_target: int | None = None  # with load, the reps each set aims for (PROTOCOL.md 7); None: to fatigue
    load_since: date | None = None  # first day at the current load (None: long enough ago)
    tolerated_in_a_row: int = 0
    flagged_in_a_row: int = 0
    last_calf_day: date | None = None
    step_clock_since: date | None = None  # last step up the ladder (or referral about its absence)
    start_mornings: tuple[int, ...] = ()  # the first 7 morning pains: the program-start baseline
    start_checked: bool = False  # the very first morning has been judged (high pain from the start)
    worse_weeks: int = 0  # program weeks in a row with worse mornings
    flare_days: tuple[date, ...] = ()  # within the last 7 days
    floor_flag_days: tuple[date, ...] = ()  # flagged sessions at the lowest dose, last 7 days
    fatigue_days: tuple[date, ...] = ()  # sessions to fatigue, last 7 days
    hip_days: tuple[date, ...] = ()  # within the last 7 days
    hip_levels: tuple[tuple[str, int], ...] = ()  # resistance steps earned per hip exercise
    hip_easy_in_a_row: tuple[tuple[str, int], ...] = ()  # sessions in a row with every set easy
    hip_paused: tuple[tuple[str, date], ...] = ()  # hip exercises paused after severe pain, until a day
    referred: tuple[tuple[str, date], ...] = ()  # the last referral prompt per rule


@dataclass(frozen=True)
class Decision:
    local_date: date
    track: str  # calf | hip | safety
    # progress | dose_up | dose_back | stage_back | hold | flag | refer | re_entry |
    # resistance_up | resistance_back | trend
    kind: str
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
    target: str | None = None  # what a set to fatigue aims for, in words
    why: str = ""
    missing: tuple[str, ...] = ()  # what it needs that the patient said they don't have, in words


@dataclass(frozen=True)
class Plan:
    today: date
    calf_stage: int
    stage_name: str
    hip_day: bool
    items: tuple[PlanItem, ...]
    notices: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    plan: Plan
    state: State
    decisions: tuple[Decision, ...]


# ---------------------------------------------------------------- a stage's rules for this patient


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
    load = rule.load
    return StageRules(
        least_days=pick(thresholds.least_days_on_stage, pacing.least_days),
        min_days_between=pick(thresholds.min_days_between_fatigue_sessions, pacing.min_days_between),
        max_per_week=pick(thresholds.max_fatigue_sessions_per_week, pacing.max_per_week),
        reps_over=pick(thresholds.progress_reps_over, rule.progress_reps_over),
        load_step_kg=pick(thresholds.load_step_kg, load.step_kg) if load else None,
        least_days_between_load_steps=pick(thresholds.least_days_between_load_steps, load.least_days_between_steps)
        if load
        else None,
        max_load_kg=thresholds.max_load_kg,
        load_needs=load.needs if load else None,
        rm=load.rm if load else None,
    )


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


def _step_hold_dose(state: State, rule: IsometricRule, steps: int) -> State:
    doses = hold_doses(rule)
    sets, seconds = doses[max(0, min(len(doses) - 1, _hold_index(state, rule) + steps))]
    return replace(state, hold_sets=sets, hold_seconds=seconds)


def dose_back(state: State, catalogue: Catalogue, thresholds: Thresholds, steps: int = 1) -> State:
    """One step back per call: a hold less (or fewer seconds), else load off, else a set less."""
    for _ in range(steps):
        stage = catalogue.stages[state.calf_stage - 1]
        rule = stage.dose_rule
        if isinstance(rule, IsometricRule):
            state = _step_hold_dose(state, rule, -1)
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


def _start_of_stage(state: State, catalogue: Catalogue, stage: int, first_day: date) -> State:
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
    )
    if isinstance(rule, IsometricRule):
        return replace(state, hold_sets=rule.start_sets, hold_seconds=rule.start_seconds)
    return replace(state, rep_sets=rule.sets)


def _back_to_stage(state: State, catalogue: Catalogue, stage: int, first_day: date) -> State:
    """A step back a stage, at the last dose tolerated there (the top of its hold ladder): a
    proportionate step, not back to the start of it."""
    state = _start_of_stage(state, catalogue, stage, first_day)
    rule = catalogue.stages[stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        return replace(state, hold_sets=rule.max_sets, hold_seconds=rule.max_seconds)
    return state


def dose_words(state: State, catalogue: Catalogue) -> str:
    """The calf dose: "4 x 30 s", "3 sets", "3 sets with 2.5 kg"."""
    rule = catalogue.stages[state.calf_stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        return f"{state.hold_sets} x {state.hold_seconds} s"
    load = f" with {state.calf_load_kg:g} kg" if state.calf_load_kg else ""
    reps = f" of about {state.rm_target}" if state.rm_target else ""
    return f"{state.rep_sets} set{'s' * (state.rep_sets != 1)}{reps}{load}"


def stage_words(state: State, catalogue: Catalogue) -> str:
    """Everything the calf plan is: "stage 2, single-leg holds, at 3 x 30 s"."""
    name = catalogue.stages[state.calf_stage - 1].name.lower()
    return f"stage {state.calf_stage}, {name}, at {dose_words(state, catalogue)}"


def _load_change(before: State, after: State) -> dict:
    """``to_load_kg`` when a step took load off, so a record of decisions can tell the load."""
    return {"to_load_kg": after.calf_load_kg} if after.calf_load_kg != before.calf_load_kg else {}


def _next_rm_target(target: int | None, rm: RmRule | None) -> int | None:
    """The rep target after a load step: the first with the first load, then each lower one in
    turn, staying at the last."""
    if rm is None:
        return None
    if target is None:
        return rm.targets[0]
    return next((t for t in rm.targets if t < target), rm.targets[-1])


def _day_words(day: date) -> str:
    """"Tue, Dec 1"."""
    return f"{day:%a, %b} {day.day}"


def _listed(words: Sequence[str]) -> str:
    """"a, b and c"."""
    return " and ".join(filter(None, (", ".join(words[:-1]), words[-1])))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


# ---------------------------------------------------------------- reading mornings


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


def _signal_words(reasons: dict) -> str:
    words = []
    if "morning_ceiling" in reasons["signals"]:
        words.append(f"morning pain {reasons['morning_pain']}/10 is up from the days before "
                     f"({reasons['days_before_median']:g}), and {reasons['morning_ceiling']} or more is too high")
    if "morning_flare" in reasons["signals"]:
        words.append(f"morning pain {reasons['morning_pain']}/10 is above your usual {reasons['baseline_median']:g}")
    if "stiffness" in reasons["signals"]:
        words.append(
            f"stiffness lasted {reasons['stiffness_minutes']} min, well over your usual "
            f"{reasons['stiffness_median']:g}"
        )
    return _sentence(" and ".join(words))


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


def _trend_words(trend: dict) -> str:
    compared = []
    if trend["worse_than_last_week"]:
        compared.append(f"last week's ({trend['last_week_median']:g}/10)")
    if trend["worse_than_start"]:
        compared.append(f"when you started ({trend['start_median']:g}/10)")
    return (f"mornings over the last 7 days (typically {trend['week_median']:g}/10) are worse than "
            f"{' and than '.join(compared)}")


# ---------------------------------------------------------------- judging a session


@dataclass(frozen=True)
class _Verdict:
    broken: tuple[str, ...]  # rule ids the session broke
    confirmed: bool  # the next morning is known
    reasons: dict
    answered: bool = True  # every set's settle question answered


def _settle_counts(sets: Sequence[LoggedSet]) -> tuple[int, int]:
    """Sets whose pain did not settle, and sets whose settle question is not answered."""
    return sum(1 for s in sets if s.settled is False), sum(1 for s in sets if s.settled is None)


def _judge(sets: Sequence[LoggedSet], next_morning_flare: bool, next_morning_known: bool,
           thresholds: Thresholds) -> _Verdict:
    max_pain = max(s.pain_during for s in sets)
    unsettled, unanswered = _settle_counts(sets)
    broken = []
    if max_pain > thresholds.pain_limit:
        broken.append("pain_during_limit")
    if unsettled:
        broken.append("pain_settles")
    if next_morning_flare:
        broken.append("next_morning")
    reasons = {"max_pain_during": max_pain, "pain_limit": thresholds.pain_limit, "sets_not_settled": unsettled}
    if unanswered:
        reasons["sets_settle_not_answered"] = unanswered
    return _Verdict(tuple(broken), next_morning_known, reasons, answered=not unanswered)


_BROKEN_WORDS = {
    "pain_during_limit": "pain went above {pain_limit}/10",
    "pain_settles": "pain did not settle within a few minutes",
    "next_morning": "the next morning flared up",
}


def _describe_broken(verdict: _Verdict) -> str:
    return " and ".join(_BROKEN_WORDS[rule].format(**verdict.reasons) for rule in verdict.broken)


def _too_soon(fatigue_days: Iterable[date], day: date, rules: StageRules) -> dict | None:
    """Why a session to fatigue on ``day`` comes too soon after the last ones, or None."""
    recent = sorted(d for d in fatigue_days if day - WEEK < d < day)
    if recent and (day - recent[-1]).days < rules.min_days_between:
        return {"last_fatigue_session": recent[-1].isoformat(), "min_days_between": rules.min_days_between}
    if len(recent) >= rules.max_per_week:
        return {"fatigue_sessions_in_7_days": len(recent), "max_per_week": rules.max_per_week}
    return None


def _track_of(catalogue: Catalogue, logged: LoggedSet) -> str | None:
    exercise = catalogue.get(logged.exercise_id)
    return exercise.track if exercise else None


def _is_fatigue_set(catalogue: Catalogue, logged: LoggedSet) -> bool:
    exercise = catalogue.get(logged.exercise_id)
    return exercise is not None and exercise.track == "calf" and exercise.dose_kind == "reps"


class _Walker:
    """Walks complete days in order, turning history into state changes and decisions."""

    def __init__(
        self,
        profile: Profile,
        thresholds: Thresholds,
        catalogue: Catalogue,
        checkins: dict[date, CheckIn],
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
        if state.evaluated_through is None:
            day = self._first_day()
            # A new patient's first stage and load begin with the program.
            state = replace(state, stage_started=state.stage_started or self.profile.program_start,
                            load_since=state.load_since or self.profile.program_start)
        else:
            day = state.evaluated_through + ONE_DAY
        while day < today and self._complete(day, today):
            state = replace(self._walk_day(self.first_morning(state, day), day), evaluated_through=day)
            day += ONE_DAY
        return state

    def first_morning(self, state: State, day: date) -> State:
        """Every later morning is judged as the morning after a day; the very first one, here, the
        day it is checked in: pain at the morning ceiling from the start begins the holds below the
        start dose and hands over to a clinician on day 1 (it is not a flare-up: nothing came before)."""
        checkin = self.checkins.get(day)
        # start_mornings: a state stored before this rule has judged its first mornings already.
        if state.start_checked or state.start_mornings or checkin is None or day != min(self.checkins):
            return state
        state = replace(state, start_checked=True)
        pain, ceiling = checkin.morning_pain, self.thresholds.morning_ceiling
        if pain < ceiling:
            return state
        lighter = replace(dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0)
        reasons = {"morning_pain": pain, "morning_ceiling": ceiling}
        self.decide(day, "calf", "dose_back", "high_start",
                    f"First-steps pain {pain}/10 from the start: the holds begin lighter, at "
                    f"{dose_words(lighter, self.catalogue)}, and build up as mornings allow.", **reasons)
        return self._refer(lighter, day, "high_start",
                           f"Your first-steps pain is {pain}/10 from the start: a clinician should check the heel "
                           "before the exercises get harder.", **reasons)

    def _complete(self, day: date, today: date) -> bool:
        """A day is complete once the next morning's check-in is in, or that morning is over; a day
        with a settle question still open waits for the answer until the next day is over."""
        if day + ONE_DAY < today:
            return True
        waiting = any(s.settled is None for s in self.sessions.get(day, ()))
        return day + ONE_DAY in self.checkins and not waiting

    def _first_day(self) -> date:
        return min([self.profile.program_start, *self.checkins, *self.sessions])

    def _walk_day(self, state: State, day: date) -> State:
        week_ago = day - WEEK
        sets = self.sessions.get(day, ())
        calf_sets = [s for s in sets if _track_of(self.catalogue, s) == "calf"]
        hip_sets = [s for s in sets if _track_of(self.catalogue, s) == "hip"]
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
        if day in self.checkins and day >= self.profile.program_start and len(state.start_mornings) < 7:
            state = replace(state, start_mornings=(*state.start_mornings, self.checkins[day].morning_pain))
        next_morning = day + ONE_DAY
        flare = morning_signals(self.checkins, next_morning, self.thresholds)

        state = self.red_flag(state, day)
        if calf_sets:
            state = self._re_entry(state, day)
            state = replace(self._calf_day(state, day, calf_sets, flare), last_calf_day=day)
        if hip_sets:
            state = self._hip_day(state, day, hip_sets, calm_morning=next_morning in self.checkins and not flare)
        if (day - self.profile.program_start).days % 7 == 6:
            state = self._week_end(state, day)
        state = self._no_step_up(state, day)
        if flare:  # judged from the next morning, and dated then
            state = self._flare(state, next_morning, flare)
        return state

    # -- hand-over

    def _refer(self, state: State, day: date, rule: str, message: str, every: timedelta = WEEK, **reasons) -> State:
        """A referral prompt, at most once ``every`` (a week) per rule: it stays on Today until acknowledged."""
        last = dict(state.referred).get(rule)
        if last is not None and day - last < every:
            return state
        self.decide(day, "safety", "refer", rule, f"{message} Please talk to your clinician.", **reasons)
        return replace(state, referred=tuple(sorted({**dict(state.referred), rule: day}.items())))

    def red_flag(self, state: State, day: date) -> State:
        """A red flag the patient reports hands over at once, the morning it is reported."""
        checkin = self.checkins.get(day)
        if checkin is None or not checkin.red_flag:
            return state
        return self._refer(
            state,
            day,
            "red_flag",
            "You reported a sign that needs a clinician rather than an app. Rest the calf exercises until a "
            "clinician has seen it.",
            every=ONE_DAY,  # each report is its own prompt
            morning_pain=checkin.morning_pain,
        )

    def _no_step_up(self, state: State, day: date) -> State:
        weeks = self.thresholds.weeks_without_step_to_refer
        if state.step_clock_since is None or (day - state.step_clock_since).days < weeks * 7:
            return state
        state = self._refer(
            state,
            day,
            "no_step_up",
            f"No step up the calf ladder in {weeks} weeks (still {stage_words(state, self.catalogue)}).",
            weeks_without_step=weeks,
            since=state.step_clock_since.isoformat(),
        )
        return replace(state, step_clock_since=day)

    def _week_end(self, state: State, day: date) -> State:
        """The last day of a program week: is this week's morning pain worse (PROTOCOL.md 2b)?"""
        trend = week_trend(self.checkins, state, day, self.thresholds)
        if trend is None:
            return replace(state, worse_weeks=0)
        worse_weeks = state.worse_weeks + 1
        week = (day - self.profile.program_start).days // 7 + 1
        self.decide(
            day,
            "safety",
            "trend",
            "worse_week",
            f"Week {week}: {_trend_words(trend)}. No step up while mornings stay worse.",
            **trend,
            week=week,
            worse_weeks_in_a_row=worse_weeks,
        )
        state = replace(self._worse_week_dose_back(state, day, trend), worse_weeks=worse_weeks)
        if worse_weeks >= self.thresholds.worse_weeks_to_refer:
            state = self._refer(state, day, "worse_weeks", f"Mornings worse {worse_weeks} weeks in a row.",
                                worse_weeks_in_a_row=worse_weeks, **trend)
        return state

    def _worse_week_dose_back(self, state: State, day: date, trend: dict) -> State:
        """A worse week lowers the calf dose a step, not only freezes it (at the floor it stays)."""
        before = dose_words(state, self.catalogue)
        lighter = replace(dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0)
        after = dose_words(lighter, self.catalogue)
        if after == before:
            return state
        self.decide(day, "calf", "dose_back", "worse_week",
                    f"Mornings were worse this week, so the calf dose steps back to {after} until they settle.",
                    **trend, **_load_change(state, lighter))
        return lighter

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
            f"Welcome back: {_plural(missed_weeks, 'week')} away, so the dose steps back "
            f"{_plural(missed_weeks, 'step')} ({before} -> {dose_words(stepped, self.catalogue)}).",
            missed_weeks=missed_weeks,
            last_session=state.last_calf_day.isoformat(),
            **_load_change(state, stepped),
        )
        return stepped

    def _calf_day(self, state: State, day: date, calf_sets: list[LoggedSet], flare: dict | None) -> State:
        """Only calf sets are judged here: hip pain has its own rules and never moves the calf dose."""
        stage = self.catalogue.stages[state.calf_stage - 1]
        rules = stage_rules(stage, self.thresholds)
        verdict = _judge(calf_sets, flare is not None, day + ONE_DAY in self.checkins, self.thresholds)
        exercise_ids = sorted({s.exercise_id for s in calf_sets})
        reasons = verdict.reasons | {"stage": state.calf_stage, "exercise_ids": exercise_ids}
        done = [s for s in calf_sets if s.exercise_id in stage.exercise_ids]
        too_soon = None
        if isinstance(stage.dose_rule, RepsRule) and done:
            too_soon = _too_soon(state.fatigue_days, day, rules)
        if any(_is_fatigue_set(self.catalogue, s) for s in calf_sets):  # of any stage: the tendon worked hard
            state = replace(state, fatigue_days=(*state.fatigue_days, day))
        if verdict.broken:
            return self._flagged(state, day, verdict, reasons, flare is not None)
        if isinstance(stage.dose_rule, RepsRule) and not done:
            return state  # a day between sessions to fatigue: the holds have nothing to count, nor to forgive
        state = replace(state, flagged_in_a_row=0)
        if too_soon:
            self.decide(
                day,
                "calf",
                "hold",
                "rest_between",
                f"Raises to fatigue came too soon after the last ones (the tendon needs "
                f"{_plural(rules.min_days_between - 1, 'day')} between, at most {rules.max_per_week} a week): "
                "this session doesn't count towards moving on.",
                **reasons,
                **too_soon,
            )
            return state
        if not verdict.answered:
            # Not answered is not a yes (nor a no): the session is not confirmed, so it neither
            # counts towards moving on nor flags.
            unanswered = reasons["sets_settle_not_answered"]
            self.decide(
                day,
                "calf",
                "hold",
                "settle_not_answered",
                f"Whether the pain settled wasn't answered for {_plural(unanswered, 'set')}, so the session "
                "can't count towards moving on: same dose again.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
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
        high = self.checkins[day + ONE_DAY].morning_pain
        if high >= self.thresholds.morning_ceiling:
            self.decide(day, "calf", "hold", "high_morning",
                        f"First-steps pain was {high}/10 the next morning, too high to build on: same dose again "
                        "until mornings ease.", **reasons, next_morning_pain=high)
            return replace(state, tolerated_in_a_row=0)
        if isinstance(stage.dose_rule, IsometricRule):
            return self._hold_day(state, day, stage.dose_rule, rules, done, reasons)
        return self._rep_day(state, day, stage.dose_rule, rules, done, reasons)

    def _flagged(self, state: State, day: date, verdict: _Verdict, reasons: dict, flare: bool) -> State:
        reasons["broken_rules"] = list(verdict.broken)
        why = _describe_broken(verdict)
        self.decide(day, "calf", "flag", verdict.broken[0], f"Too much this time: {why}.", **reasons)
        floor = at_lowest_dose(state, self.catalogue)
        if floor:
            state = replace(state, floor_flag_days=(*state.floor_flag_days, day))
        if flare:
            state = replace(state, tolerated_in_a_row=0)  # the flare itself moves the plan back
        else:
            state = self._back_off(state, day, why, reasons)
        if floor and len(state.floor_flag_days) >= self.thresholds.floor_flags_to_refer:
            state = self._refer(
                state,
                day,
                "floor_flags",
                f"{_plural(len(state.floor_flag_days), 'session')} in 7 days were too much at the lowest "
                "dose.",
                flagged_at_lowest_dose_in_7_days=len(state.floor_flag_days),
            )
        return state

    def _back_off(self, state: State, day: date, why: str, reasons: dict) -> State:
        flagged = state.flagged_in_a_row + 1
        if flagged >= 2 and state.calf_stage > 1:
            back = _back_to_stage(state, self.catalogue, state.calf_stage - 1, day + ONE_DAY)
            self.decide(
                day,
                "calf",
                "stage_back",
                "two_flagged",
                f"Two sessions in a row were too much: back to {stage_words(back, self.catalogue)}.",
                **reasons,
                to_stage=back.calf_stage,
            )
            return back
        stepped = replace(
            dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0, flagged_in_a_row=flagged
        )
        same = dose_words(stepped, self.catalogue) == dose_words(state, self.catalogue)
        change = "at the lowest dose" if same else "with the dose one step back"
        self.decide(
            day,
            "calf",
            "dose_back",
            "flagged_session",
            f"{_sentence(why)}, so you stay on stage {state.calf_stage} {change}: "
            f"{dose_words(stepped, self.catalogue)}.",
            **reasons,
            **_load_change(state, stepped),
        )
        return stepped

    def _trend_hold(self, state: State, day: date, reasons: dict, track: str = "calf") -> bool:
        """No step up of any kind while the last 7 mornings are worse (judged up to the
        morning after ``day``); says so when it holds one back."""
        trend = week_trend(self.checkins, state, day + ONE_DAY, self.thresholds)
        if trend is None:
            return False
        self.decide(
            day,
            track,
            "hold",
            "worse_week",
            f"{_sentence(_trend_words(trend))}: no step up until they settle; same dose again.",
            **reasons,
            **trend,
        )
        return True

    def _hold_day(self, state: State, day: date, rule: IsometricRule, rules: StageRules,
                  done: list[LoggedSet], reasons: dict) -> State:
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
        if (state.hold_sets, state.hold_seconds) == (rule.max_sets, rule.max_seconds):
            return self._count_towards_next_step(state, day, rules, reasons, f"{rule.max_sets} x {rule.max_seconds} s")
        if self._trend_hold(state, day, reasons):
            return state
        stepped = _step_hold_dose(state, rule, +1)
        self.decide(
            day,
            "calf",
            "dose_up",
            "build_holds",
            f"Tolerated {state.hold_sets} x {state.hold_seconds} s (pain at most "
            f"{reasons['max_pain_during']}/10, settled): next time {stepped.hold_sets} x {stepped.hold_seconds} s.",
            **reasons,
        )
        return replace(stepped, tolerated_in_a_row=0)

    def _rep_day(self, state: State, day: date, rule: RepsRule, rules: StageRules,
                 done: list[LoggedSet], reasons: dict) -> State:
        # Only sets carrying the current load count: lighter sets are not the prescribed dose.
        at_load = [s for s in done if (s.load_kg or 0.0) >= state.calf_load_kg]
        best = max((s.reps or 0 for s in at_load), default=0)
        reasons |= {"best_set_reps": best, "progress_reps_over": rules.reps_over, "sets_done": len(at_load),
                    "load_kg": state.calf_load_kg}
        if not at_load:
            self.decide(
                day,
                "calf",
                "hold",
                "load_not_logged",
                f"Sets logged without the {state.calf_load_kg:g} kg you carry now: they count towards the "
                "next step once they are done with it.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
        if len(at_load) >= state.rep_sets and state.rep_sets < rule.sets:
            if self._trend_hold(state, day, reasons):
                return replace(state, tolerated_in_a_row=0)
            state = replace(state, rep_sets=state.rep_sets + 1)
            self.decide(
                day, "calf", "dose_up", "build_sets", f"All sets tolerated: back up to {state.rep_sets} sets.",
                **reasons,
            )
        if state.rm_target is not None and rules.rm is not None:
            return self._rm_day(state, day, rules, rules.rm, at_load, reasons)
        if best <= rules.reps_over:
            self.decide(
                day,
                "calf",
                "hold",
                "reps_over",
                f"Best set {best} reps: keep going, as many as you can with good form, until a set passes "
                f"{rules.reps_over}.",
                **reasons,
            )
            return replace(state, tolerated_in_a_row=0)
        load = f" with {state.calf_load_kg:g} kg" if state.calf_load_kg else ""
        return self._count_towards_next_step(state, day, rules, reasons, f"a set of {best} reps{load}")

    def _rm_day(self, state: State, day: date, rules: StageRules, rm: RmRule, at_load: list[LoggedSet],
                reasons: dict) -> State:
        """The RM rule (PROTOCOL.md 7): with load, every set aims for the target. A set short by
        ``short_by`` or more takes a load step off; every set at the target counts towards the
        next step (at the last target, every set past it by ``pass_by``)."""
        target = state.rm_target
        fewest = min(s.reps or 0 for s in at_load)
        reasons |= {"rm_target": target, "fewest_reps": fewest}
        load = f"{state.calf_load_kg:g} kg"
        if fewest <= target - rm.short_by:
            lighter = replace(dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0,
                              load_since=day + ONE_DAY)
            self.decide(
                day,
                "calf",
                "dose_back",
                "rm_short",
                f"A set of {fewest} reps with {load} is {target - fewest} short of the {target} it should allow: "
                f"the load is too heavy for now, so next time {dose_words(lighter, self.catalogue)}.",
                **reasons,
                **_load_change(state, lighter),
            )
            return lighter
        needed = target + rm.pass_by if target == rm.targets[-1] else target
        if len(at_load) < state.rep_sets or fewest < needed:
            self.decide(
                day,
                "calf",
                "hold",
                "rm_target",
                f"Fewest reps in a set: {fewest} with {load}. Same load until every set reaches {needed}.",
                **reasons,
                reps_needed=needed,
            )
            return replace(state, tolerated_in_a_row=0)
        return self._count_towards_next_step(state, day, rules, reasons,
                                             f"every set {needed} reps or more with {load}")

    def _count_towards_next_step(self, state: State, day: date, rules: StageRules, reasons: dict,
                                 achievement: str) -> State:
        needed = self.thresholds.tolerated_sessions_to_progress
        in_a_row = min(state.tolerated_in_a_row + 1, needed)
        reasons |= {"tolerated_in_a_row": in_a_row, "needed_in_a_row": needed}
        summary = f"{achievement} done, pain at most {reasons['max_pain_during']}/10, settled, morning steady"
        state = replace(state, tolerated_in_a_row=in_a_row)
        if in_a_row < needed:
            self.decide(
                day,
                "calf",
                "hold",
                "tolerated_in_a_row",
                f"{_sentence(summary)} ({in_a_row} of {needed} in a row): same dose once more.",
                **reasons,
            )
            return state
        if self._trend_hold(state, day, reasons):
            return state
        if state.calf_stage < len(self.catalogue.stages):
            return self._next_stage(state, day, rules, reasons, summary, needed)
        return self._add_load(state, day, rules, reasons, summary, needed)

    def _wait(self, day: date, rule: str, since: date | None, least_days: int, what: str, reasons: dict) -> bool:
        """Pacing: hold until ``least_days`` have passed since ``since``; says how many are left."""
        days_on = None if since is None else (day + ONE_DAY - since).days
        if days_on is None or days_on >= least_days:
            return False
        left = least_days - days_on
        self.decide(
            day,
            "calf",
            "hold",
            rule,
            f"Ready for {what}, but tendons adapt over weeks: {least_days} days at each step, so "
            f"{_plural(left, 'more day')} at this dose first.",
            **reasons,
            days_at_this_step=days_on,
            least_days=least_days,
        )
        return True

    def _next_stage(self, state: State, day: date, rules: StageRules, reasons: dict, summary: str,
                    needed: int) -> State:
        if self._wait(day, "least_days", state.stage_started, rules.least_days,
                      f"stage {state.calf_stage + 1}", reasons):
            return state
        moved = _start_of_stage(state, self.catalogue, state.calf_stage + 1, day + ONE_DAY)
        self.decide(
            day,
            "calf",
            "progress",
            "progress_stage",
            f"Moving to {stage_words(moved, self.catalogue)}: {summary} on {needed} sessions in a row.",
            **reasons,
            to_stage=moved.calf_stage,
        )
        return replace(moved, step_clock_since=day)

    def _add_load(self, state: State, day: date, rules: StageRules, reasons: dict, summary: str,
                  needed: int) -> State:
        if rules.load_step_kg is None:
            return state  # the top of a ladder without load: keep going
        load = state.calf_load_kg + rules.load_step_kg
        if rules.max_load_kg is not None and load > rules.max_load_kg:
            self.decide(
                day,
                "calf",
                "hold",
                "max_load",
                f"{_sentence(summary)}; another {rules.load_step_kg:g} kg would pass the {rules.max_load_kg:g} kg "
                "your clinician set, so the load stays.",
                **reasons,
                max_load_kg=rules.max_load_kg,
            )
            return state
        if rules.load_needs and self.profile.lacks([rules.load_needs]):
            self.decide(
                day,
                "calf",
                "hold",
                "no_weights",
                f"{_sentence(summary)}: ready for {rules.load_step_kg:g} kg more, but you said you have "
                f"no {EQUIPMENT_WORDS[rules.load_needs].removeprefix('a ')}. Keep going to fatigue; a backpack with "
                "a few books or water bottles will do, then tick it in Profile.",
                **reasons,
            )
            return state
        if self._wait(day, "load_pacing", state.load_since, rules.least_days_between_load_steps, "more load",
                      reasons):
            return state
        loaded = replace(state, calf_load_kg=load, tolerated_in_a_row=0, load_since=day + ONE_DAY,
                         step_clock_since=day, rm_target=_next_rm_target(state.rm_target, rules.rm))
        self.decide(
            day,
            "calf",
            "progress",
            "add_load",
            f"Adding {rules.load_step_kg:g} kg, now {dose_words(loaded, self.catalogue)}: {summary} "
            f"on {needed} sessions in a row.",
            **reasons,
            to_load_kg=load,
        )
        return loaded

    def _flare(self, state: State, morning: date, reasons: dict) -> State:
        flares = (*(d for d in state.flare_days if d > morning - WEEK), morning)  # the 7 days ending this morning
        reasons |= {"flares_in_7_days": len(flares)}
        state = replace(state, flare_days=flares)
        words = _signal_words(reasons)
        if state.calf_stage > 1:
            state = _back_to_stage(state, self.catalogue, state.calf_stage - 1, morning)
            self.decide(
                morning,
                "calf",
                "stage_back",
                "morning_flare",
                f"{words}: back to {stage_words(state, self.catalogue)}.",
                **reasons,
                to_stage=state.calf_stage,
            )
        else:
            before = dose_words(state, self.catalogue)
            state = replace(dose_back(state, self.catalogue, self.thresholds), tolerated_in_a_row=0)
            after = dose_words(state, self.catalogue)
            change = (f"the holds step back to {after}" if after != before
                      else f"the holds stay at the lowest dose, {after}")
            self.decide(morning, "calf", "dose_back", "morning_flare", f"{words}: {change}.", **reasons)
        if len(flares) >= self.thresholds.flares_to_refer:
            state = self._refer(state, morning, "three_flares", f"{len(flares)} flare-ups in 7 days.", **reasons)
        return state

    # -- hip and glute track

    def _hip_day(self, state: State, day: date, hip_sets: list[LoggedSet], calm_morning: bool) -> State:
        """Each hip exercise on its own (PROTOCOL.md 3): a painful set flags that exercise and
        steps its resistance back; a set that felt hard steps it back; every prescribed set easy
        on enough sessions in a row earns the next step. Nothing here touches the calf plan."""
        levels, easy_runs = dict(state.hip_levels), dict(state.hip_easy_in_a_row)
        by_exercise: dict[str, list[LoggedSet]] = {}
        for logged in hip_sets:
            by_exercise.setdefault(logged.exercise_id, []).append(logged)
        needed = self.thresholds.tolerated_sessions_to_progress
        severe: list[tuple[Exercise, int]] = []
        for exercise_id, sets in sorted(by_exercise.items()):
            exercise = self.catalogue.get(exercise_id)
            level = levels.get(exercise_id, 0)
            max_pain = max(s.pain_during for s in sets)
            unsettled, unanswered = _settle_counts(sets)
            reasons = {"exercise_id": exercise_id, "sets": len(sets), "max_pain_during": max_pain,
                       "pain_limit": self.thresholds.pain_limit, "sets_not_settled": unsettled,
                       "resistance_step": level}
            if unanswered:
                reasons["sets_settle_not_answered"] = unanswered
            easy_runs[exercise_id] = 0
            if max_pain > self.thresholds.pain_limit and unsettled:
                levels[exercise_id] = max(0, level - 1)
                state = self._pause_hip(state, day, exercise, reasons | {"resistance_step": levels[exercise_id]})
                severe.append((exercise, max_pain))
            elif max_pain > self.thresholds.pain_limit or unsettled:
                broken = [f"pain went above {self.thresholds.pain_limit}/10"] * (max_pain > self.thresholds.pain_limit)
                broken += ["pain did not settle within a few minutes"] * bool(unsettled)
                levels[exercise_id] = max(0, level - 1)
                change = "one resistance step lighter next time" if level else "same resistance next time"
                self.decide(day, "hip", "flag", "hip_pain",
                            f"{exercise.name} was too much: {' and '.join(broken)}, so {change}. Your calf "
                            "plan is not affected.", **reasons | {"resistance_step": levels[exercise_id]})
            elif any(s.effort == "hard" for s in sets):
                if level:
                    levels[exercise_id] = level - 1
                    self.decide(day, "hip", "resistance_back", "hip_hard",
                                f"{exercise.name} felt too hard: one resistance step lighter next time.",
                                **reasons | {"resistance_step": level - 1})
            elif calm_morning and len(sets) >= self._hip_sets_prescribed(exercise) and all(
                s.effort == "easy" for s in sets
            ):
                if unanswered:  # not confirmed: an easy session only counts once it settled
                    self.decide(day, "hip", "hold", "settle_not_answered",
                                f"{exercise.name} felt easy, but whether the pain settled wasn't answered for "
                                f"{_plural(unanswered, 'set')}: this session can't count towards more resistance.",
                                **reasons)
                    continue
                run = dict(state.hip_easy_in_a_row).get(exercise_id, 0) + 1
                if run < needed:
                    easy_runs[exercise_id] = run
                    self.decide(day, "hip", "hold", "hip_easy",
                                f"{exercise.name} felt easy on every set ({run} of {needed} sessions in a "
                                "row): same resistance once more.", **reasons)
                elif not self._trend_hold(state, day, reasons, track="hip"):
                    levels[exercise_id] = level + 1
                    harder = self.catalogue.get(exercise.progresses_to) if exercise.progresses_to else None
                    step = (f"move on to the {harder.name.lower()}" if harder and level == 0
                            else "use a stronger band or more weight")
                    self.decide(day, "hip", "resistance_up", "hip_easy",
                                f"{exercise.name} felt easy on every set, {needed} sessions in a row: next time "
                                f"{step}.", **reasons | {"resistance_step": level + 1})
        if severe:
            state = self._refer_severe_hip_pain(state, day, severe)
        return replace(
            state,
            hip_days=(*state.hip_days, day),
            hip_levels=tuple(sorted(levels.items())),
            hip_easy_in_a_row=tuple(sorted((k, v) for k, v in easy_runs.items() if v)),
        )

    def _pause_hip(self, state: State, day: date, exercise: Exercise, reasons: dict) -> State:
        """Pain above the limit that did not settle either: more than a resistance step can
        answer. The exercise pauses for a week, then starts a step lighter."""
        until = day + WEEK + ONE_DAY
        self.decide(day, "hip", "flag", "hip_severe",
                    f"{exercise.name}: pain of {reasons['max_pain_during']}/10 that did not settle. It is paused until "
                    f"{_day_words(until)}, then starts again lighter. Your calf plan is not affected.",
                    **reasons, paused_until=until.isoformat())
        paused = {**dict(state.hip_paused), exercise.id: until}
        return replace(state, hip_paused=tuple(sorted(paused.items())))

    def _refer_severe_hip_pain(self, state: State, day: date, severe: list[tuple[Exercise, int]]) -> State:
        """The next morning, one prompt with the warning signs for every exercise paused the day
        before: a clinician if the pain is still there."""
        names = _listed([exercise.name.lower() for exercise, _ in severe])
        pain = max(p for _, p in severe)
        return self._refer(state, day + ONE_DAY, "hip_severe",
                           f"Pain of up to {pain}/10 from the {names} did not settle. If it is still there this "
                           "morning, or you notice any of the warning signs, a clinician should look at it.",
                           every=ONE_DAY, exercise_ids=[exercise.id for exercise, _ in severe], max_pain_during=pain)

    def _hip_sets_prescribed(self, exercise: Exercise) -> int:
        both = self.profile.painful_side == "both"
        return exercise.default_dose.sets + (BACK_CHAIN_EXTRA_SETS if both and exercise.back_chain else 0)


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


def is_hip_day(hip_days: Iterable[date], today: date) -> bool:
    """Three times a week with a rest day between, counted from the log, not fixed weekdays."""
    recent = [d for d in hip_days if today - WEEK < d < today]
    if recent and (today - max(recent)).days < 2:
        return False
    return len(recent) < HIP_SESSIONS_PER_WEEK


def _calf_item(exercise: Exercise, profile: Profile, why: str, **dose) -> PlanItem:
    # One-sided pain on a single-leg stage: the other calf does the same dose (PROTOCOL.md 2a),
    # so calf work is always on both sides; the painful one goes first.
    if exercise.laterality == "unilateral" and profile.painful_side != "both":
        painful, other = profile.painful_side, _opposite(profile.painful_side)
        same = (f"the same number of sets on your {other} leg, each with as many reps as the {painful} leg managed"
                if dose.get("to_fatigue") else f"the same on your {other} leg")
        why += f" Start with your {painful} leg, then do {same}, to keep both sides even."
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
            for exercise_id in stage.exercise_ids
        ], None
    too_soon = _too_soon(fatigue_days, today, rules) if today not in fatigue_days else None
    if too_soon is None:
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
    every = ("every second day" if rules.min_days_between == 2 else f"at most every {rules.min_days_between} days"
             if rules.min_days_between > 2 else "")
    limits = ", ".join(filter(None, (every, f"at most {rules.max_per_week} a week" if rules.max_per_week < 7 else "")))
    rest_words = f"Raises to fatigue {limits}: the tendon rebuilds on the days between."
    if between is None:
        return [], f"{rest_words} Today is a rest day for the calves."
    held = catalogue.get(between.exercise_id)
    why_between = (f"{rest_words} Today: holds instead. They ease pain and keep the calf working without tiring "
                   "the tendon.")
    return [_calf_item(held, profile, why_between, sets=between.sets, hold_seconds=between.seconds)], None


def _hip_items(state: State, catalogue: Catalogue, profile: Profile, today: date,
               spare_heel: bool = False) -> list[PlanItem]:
    """The hip and glute work of a hip day; ``spare_heel`` (a morning at the ceiling) swaps
    standing exercises for the catalogue's lying ones."""
    both = profile.painful_side == "both"
    paused = {exercise_id for exercise_id, until in state.hip_paused if today < until}
    side = "both" if both else _opposite(profile.painful_side)
    levels = dict(state.hip_levels)
    items, planned = [], set()
    off = dict(profile.switched_off)
    for exercise_id in HIP_BOTH_SIDES if both else HIP_ONE_SIDE:
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
        extra = BACK_CHAIN_EXTRA_SETS if both and exercise.back_chain else 0
        missing = _words(profile.lacks(exercise.needs))
        if both:
            why = (
                "Both heels hurt, which points to the front and back of the hips working unevenly: both legs, "
                "with an extra set of back-of-leg work."
                if exercise.back_chain
                else "Both heels hurt: both legs."
            )
        else:
            heel = profile.painful_side
            why = (
                f"Your {heel} heel hurts: train the {side} hip. When the muscles at the side of the {side} hip are "
                f"weak, the back muscles on the {heel} side hitch the {heel} hip up with each step, so the {heel} "
                "foot travels further to the floor and lands harder."
            )
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
                why=" ".join(filter(None, (instead, why, _without(missing)))),
                missing=missing,
            )
        )
    return items


def _with_what_they_have(exercise: Exercise, catalogue: Catalogue, profile: Profile) -> tuple[Exercise, str | None]:
    """The exercise, or the catalogue's stand-in when the patient lacks what it needs, with why."""
    if profile.lacks(exercise.needs) and exercise.substitute:
        return catalogue.get(exercise.substitute.exercise_id), exercise.substitute.why
    return exercise, None


def _words(equipment: Iterable[str]) -> tuple[str, ...]:
    return tuple(EQUIPMENT_WORDS[kind] for kind in equipment)


def _without(missing: tuple[str, ...]) -> str | None:
    # Nothing in our sources stands in for it: say so rather than drop the exercise unseen.
    if not missing:
        return None
    return (f"It needs {' and '.join(missing)}, which you said you don't have: skip it until you do, "
            "or ask your clinician for another way.")


_DAILY_WHY = {
    "mobility": "A few minutes first thing in the morning eases the first steps.",
    "core": "Move well before you move hard: a few minutes of trunk control and balance every day.",
}


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
            why=_DAILY_WHY[track],
        )
        for e in catalogue.by_track(track)
    ]


def _calf_reason(state: State, catalogue: Catalogue, thresholds: Thresholds, latest: Decision | None) -> str:
    """Why the calf dose is what it is: the latest calf decision, or the starting point."""
    if latest is not None:
        return latest.message
    return (
        f"Stage {state.calf_stage}, {catalogue.stages[state.calf_stage - 1].name.lower()}: the starting point. "
        f"Pain up to {thresholds.pain_limit}/10 during is fine if it settles within "
        f"{thresholds.settle_minutes} minutes."
    )


def _plan(
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
            notices.append(
                f"{_plural(away_weeks, 'week')} since your last calf session: "
                f"today's dose is stepped back to {dose_words(shown, catalogue)}."
            )
    # The lighter-day notice lasts exactly while the latest morning is still a flare.
    latest_morning = max((d for d in checkins if today - ONE_DAY <= d <= today), default=None)
    signals = morning_signals(checkins, latest_morning, thresholds) if latest_morning else None
    if signals:
        # PROTOCOL.md section 5: a flare is when the red flags are worth repeating.
        notices.append(
            f"{_signal_words(signals)}, so today is lighter. See a clinician rather than waiting if you notice "
            f"{', '.join(RED_FLAGS)}."
        )
    trend = week_trend(checkins, state, today, thresholds)
    latest_calf = next((d for d in reversed(decisions) if d.track == "calf"), None)
    # Said once a day: the calf exercise's reason already says it when that is why the dose holds.
    if trend and not (latest_calf and latest_calf.rule == "worse_week"):
        notices.append(f"{_sentence(_trend_words(trend))}: no step up until they settle.")

    def logged_days(is_track: Callable[[LoggedSet], bool]) -> list[date]:
        return [day for day, sets in not_walked.items() if any(is_track(s) for s in sets)]

    fatigue_days = (*state.fatigue_days, *logged_days(lambda s: _is_fatigue_set(catalogue, s)))
    calf_why = _calf_reason(shown, catalogue, thresholds, latest_calf)
    calf, rest_notice = _calf_items(shown, catalogue, profile, thresholds, calf_why, fatigue_days, today)
    notices += [rest_notice] if rest_notice else []
    if today in checkins and checkins[today].red_flag:
        calf = []  # PROTOCOL.md 5: a red flag needs a clinician before the tendon is loaded again
        notices.append("No calf exercises today: you reported a sign that needs a clinician. See one first.")
    hip_day = is_hip_day((*state.hip_days, *logged_days(lambda s: _track_of(catalogue, s) == "hip")), today)
    items = _daily_items(catalogue, "mobility") + _daily_items(catalogue, "core") + calf
    if hip_day:
        sore = latest_morning is not None and checkins[latest_morning].morning_pain >= thresholds.morning_ceiling
        items += _hip_items(state, catalogue, profile, today, spare_heel=sore)
    notices += [
        f"Paused after pain that did not settle: {catalogue.get(exercise_id).name}, until {_day_words(until)}."
        for exercise_id, until in state.hip_paused
        if today < until
    ]
    off = dict(profile.switched_off)
    items = [item for item in items if item.exercise_id not in off]
    notices += [
        f"Switched off by your clinician: {catalogue.get(exercise_id).name}. {_sentence(reason.rstrip('.'))}."
        for exercise_id, reason in profile.switched_off
    ]
    return Plan(
        today=today,
        calf_stage=shown.calf_stage,
        stage_name=catalogue.stages[shown.calf_stage - 1].name,
        hip_day=any(item.track == "hip" for item in items),  # none left when all are paused or off
        items=tuple(items),
        notices=tuple(notices),
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
    checkin_by_day = {c.local_date: c for c in checkins}
    sets_by_day: dict[date, tuple[LoggedSet, ...]] = {}
    for session in sessions:
        sets_by_day[session.local_date] = sets_by_day.get(session.local_date, ()) + tuple(session.sets)
    walker = _Walker(profile, thresholds, catalogue, checkin_by_day, sets_by_day)
    # Today's red flag cannot wait for the day to be walked (that day's walk will not repeat it).
    new_state = walker.red_flag(walker.first_morning(walker.walk(state, today), today), today)
    decisions = tuple(walker.decisions)
    # Work logged on a day not walked yet (yesterday, or today before the plan is asked again) still counts
    # towards how often a track was trained.
    not_walked = {
        day: sets
        for day, sets in sets_by_day.items()
        if (new_state.evaluated_through is None or day > new_state.evaluated_through) and day <= today
    }
    plan = _plan(new_state, catalogue, profile, thresholds, today, checkin_by_day, (*earlier_decisions, *decisions),
                 not_walked)
    return Result(plan=plan, state=new_state, decisions=decisions)


# ---------------------------------------------------------------- a clinician's changes


def _from_words(first_day: date, today: date) -> str:
    """When a change made today counts from a day already past: yesterday's session, not yet
    judged because this morning's check-in was not in, is judged by it."""
    if first_day >= today:
        return ""
    return f" It counts from {_day_words(first_day)}: sessions from then on are judged by it."


def clinician_moves_stage(
    state: State, catalogue: Catalogue, stage: int, first_day: date, today: date, who: str
) -> tuple[State, Decision]:
    """The patient's clinician puts them on ``stage`` at its starting dose from ``first_day``
    (the next day the engine walks); the ladder goes on from there by the usual rules. The
    decision is dated ``today``, when the clinician made it."""
    moved = replace(_start_of_stage(state, catalogue, stage, first_day), step_clock_since=first_day)
    return moved, Decision(
        today,
        "calf",
        "clinician",
        "clinician_stage",
        f"Changed by your clinician, {who}: {stage_words(moved, catalogue)}.{_from_words(first_day, today)}",
        {"from_stage": state.calf_stage, "to_stage": stage, "by": who, "from": first_day.isoformat()},
    )


def clinician_changed_settings(first_day: date, today: date, changes: Sequence[str], who: str) -> Decision:
    """A decision recording what the clinician changed today (each change already in words, e.g.
    "pain limit during exercise from 5/10 to 4/10"), applied from ``first_day``, the next day
    the engine walks."""
    return Decision(
        today,
        "plan",
        "clinician",
        "clinician_settings",
        f"Changed by your clinician, {who}: {'; '.join(changes)}.{_from_words(first_day, today)}",
        {"changes": list(changes), "by": who, "from": first_day.isoformat()},
    )
