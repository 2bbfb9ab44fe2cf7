"""What the engine reads (a profile, check-ins, sets), what it carries from day to day (the
state) and what it writes (decisions and today's plan)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import TypeAdapter

from heelstrong.progression.engine.messages import Kind, RuleId, Track

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
    program: str = "ladder"  # the catalogue's program the patient follows (PROTOCOL.md 7)
    condition: str | None = None  # what the heel pain is (PROTOCOL.md 8): it chooses exercises' forms

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
    supported_since: date | None = None  # holds done seated since a day: standing ones hurt at the lowest dose
    loads: tuple[tuple[str, float], ...] = ()  # an RM program's load per exercise (PROTOCOL.md 7)
    program: str = "ladder"  # the program the stage and doses belong to
    condition: str | None = None  # the condition the exercises' forms were chosen for (PROTOCOL.md 8)
    referred: tuple[tuple[str, date], ...] = ()  # the last referral prompt per rule


# How a state is stored (JSON) and read back: dates as ISO strings, tuples as lists.
STATE_JSON = TypeAdapter(State)


@dataclass(frozen=True)
class Decision:
    local_date: date
    track: Track
    kind: Kind
    rule: RuleId  # the PROTOCOL rule behind it (an older engine's stored id reads as its string)
    message: str  # a plain sentence for the patient and their clinician, from the message table
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
    stage_count: int  # of the patient's program
    program_name: str
    hip_day: bool
    items: tuple[PlanItem, ...]
    notices: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    plan: Plan
    state: State
    decisions: tuple[Decision, ...]
