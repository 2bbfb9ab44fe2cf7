"""Small helpers that turn "what the patient did each day" into engine input.

A ``Patient`` lives one day at a time the way the app is used: check in (morning pain),
ask the engine for today's plan, maybe do it, go to the next day. It keeps everything the
engine needs (state carried from yesterday, the whole log, earlier decisions) and what the
tests look at (each day's plan and every decision).

    patient = Patient()
    patient.live(quiet_week(), train(pain=5), rest())   # the last morning judges the session
    assert kinds(patient.decisions_since(patient.day(7))) == ["dose_up:build_holds"]
    assert dose(patient.plan) == "S1 4x30s"
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from heelstrong.catalogue.instruments import get_measures
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.measures.reading import Rises
from heelstrong.progression.engine import (
    CheckIn,
    Decision,
    LoggedSet,
    Plan,
    PlanItem,
    Profile,
    RuleId,
    Session,
    State,
    Thresholds,
    compute,
)
from heelstrong.progression.engine.heel_rise import Offer, flagged_times, heel_rise_offer, stage_criterion

START = date(2025, 3, 3)  # a Monday
CATALOGUE = get_catalogue()


@dataclass(frozen=True)
class Day:
    """One day of a patient's life. ``morning=None``: no check-in that day."""

    morning: int | None = 2  # morning pain, 0-10, checked in before asking for the plan
    stiffness: int | None = None  # minutes of morning stiffness, if the patient noted it
    red_flag: bool = False  # reports a sign that needs a clinician in the check-in
    train: bool = True  # do today's calf work (and the hip work on a hip day)
    pain: int = 2  # pain during every set
    settled: bool = True
    holds: int | None = None  # holds done at an isometric stage (None: as prescribed)
    hold_seconds: int | None = None  # seconds per hold (None: as prescribed)
    reps: int = 10  # reps in every calf set at a rep stage
    sets: int | None = None  # calf sets done at a rep stage (None: as prescribed)
    load: float | None = None  # load carried in calf raises (None: as prescribed)
    hip: bool = True  # do the hip work on a hip day
    effort: str = "right"  # effort of the hip sets: easy | right | hard


def train(**day) -> Day:
    return Day(**day)


def rest(morning: int | None = 2) -> Day:
    return Day(morning=morning, train=False)


def mornings(*pains: int | None) -> list[Day]:
    """Rest days with these morning pains (None: no check-in)."""
    return [rest(pain) for pain in pains]


def quiet_week(morning: int = 2) -> list[Day]:
    """Seven check-ins at the same morning pain and no training: a baseline to judge flares by."""
    return [rest(morning)] * 7


class Patient:
    def __init__(self, side: str = "right", state: State | None = None,
                 thresholds: Thresholds | None = None, start: date = START,
                 equipment: frozenset[str] | None = None, program: str = "ladder",
                 condition: str | None = None) -> None:
        self.profile = Profile(painful_side=side, program_start=start, equipment=equipment, program=program,
                               condition=condition)
        self.thresholds = thresholds or Thresholds()
        self.start_state = self.state = state or State()
        self.today = start
        self.checkins: list[CheckIn] = []
        self.sessions: list[Session] = []
        self.decisions: list[Decision] = []
        self.plans: dict[date, Plan] = {}
        self.states: dict[date, State] = {}  # the engine's state after each day's plan
        # How many reps a set manages (the patient, the item): None, the day's `reps` whatever the load.
        self.strength: Callable[[Patient, PlanItem], int] | None = None
        # Heel rises the patient manages on a day, (painful side, other side): None, never tested.
        # They do the test whenever Today offers it as due (PROTOCOL.md 6).
        self.rises: Callable[[Patient], tuple[int, int]] | None = None
        self.heel_rises: list[Rises] = []
        self.offers: dict[date, Offer] = {}

    # -- living

    def live(self, *days: Day | list[Day]) -> "Patient":
        for entry in days:
            for day in entry if isinstance(entry, list) else [entry]:
                self.live_day(day)
        return self

    def live_day(self, day: Day) -> Plan:
        if day.morning is not None:
            self.check_in(day.morning, day.stiffness, day.red_flag)
        if self.rises is not None:
            self.test_if_offered(day.morning)
        plan = self.ask()
        if day.train:
            self.do(plan, day)
        self.next_day()
        return plan

    def next_day(self) -> None:
        self.today += timedelta(days=1)

    def check_in(self, morning_pain: int, stiffness_minutes: int | None = None, red_flag: bool = False) -> None:
        self.checkins.append(CheckIn(self.today, morning_pain, stiffness_minutes, red_flag))

    def test_if_offered(self, morning: int | None) -> None:
        """The heel-rise test, done when due and offered (the offer reads the flares, flagged
        sessions and the morning as the server does)."""
        needed, stage = stage_criterion(CATALOGUE.for_patient(self.profile.program, self.profile.condition),
                                        self.state)
        offer = heel_rise_offer(
            datetime.combine(self.today, time(8)), self.profile.program_start, self.heel_rises, get_measures().heel_rise,
            flare_days=[d.local_date for d in self.decisions if d.rule == RuleId.MORNING_FLARE],
            flagged=flagged_times(self.sessions, self.thresholds.pain_limit, at=time(18)), morning_pain=morning, needed=needed, stage=stage)
        self.offers[self.today] = offer
        if offer.due and offer.offered:
            painful, other = self.rises(self)
            sides = [(self.profile.painful_side, True, painful)] if self.profile.painful_side != "both" else [
                ("left", True, painful), ("right", True, painful)]
            if self.profile.painful_side != "both":
                sides.append(("left" if self.profile.painful_side == "right" else "right", False, other))
            self.heel_rises.append(Rises.of(self.today, sides))

    def ask(self) -> Plan:
        """Today's plan, walking whatever became complete since yesterday."""
        result = compute(self.profile, self.thresholds, CATALOGUE, self.state, self.checkins,
                         self.sessions, self.today, tuple(self.decisions), self.heel_rises)
        self.state = result.state
        self.decisions.extend(result.decisions)
        self.plans[self.today] = result.plan
        self.states[self.today] = result.state
        return result.plan

    def do(self, plan: Plan, day: Day) -> None:
        """Log today's plan as done, with the day's pain, settling, holds, reps and effort."""

        def logged(item, reps=None, hold_seconds=None, effort=None, load_kg=None) -> LoggedSet:
            return LoggedSet(item.exercise_id, item.side, reps, hold_seconds, day.pain, day.settled, effort, load_kg)

        sets: list[LoggedSet] = []
        for item in plan.items:
            if item.track == "calf" and item.hold_seconds is not None:
                count = item.sets if day.holds is None else day.holds
                sets += [logged(item, hold_seconds=day.hold_seconds or item.hold_seconds)] * count
            elif item.track == "calf":
                count = item.sets if day.sets is None else day.sets
                reps = day.reps if self.strength is None else self.strength(self, item)
                sets += [logged(item, reps=reps, load_kg=item.load_kg if day.load is None else day.load)] * count
            elif item.track == "hip" and day.hip:
                sets += [logged(item, reps=item.reps, effort=day.effort)] * item.sets
        if sets:
            self.sessions.append(Session(self.today, tuple(sets)))

    # -- looking back

    @property
    def plan(self) -> Plan:
        """The plan of the last day lived (or asked for)."""
        return self.plans[max(self.plans)]

    def day(self, n: int) -> date:
        return self.profile.program_start + timedelta(days=n)

    def decisions_on(self, day: date, track: str | None = None) -> list[Decision]:
        return [d for d in self.decisions if d.local_date == day and (track is None or d.track == track)]

    def decisions_since(self, day: date, tracks: tuple[str, ...] = ("calf", "safety")) -> list[Decision]:
        return [d for d in self.decisions if d.local_date >= day and d.track in tracks]

    def last_session_day(self) -> date:
        return self.sessions[-1].local_date

    def stage_by_day(self) -> dict[date, int]:
        return {day: plan.calf_stage for day, plan in self.plans.items()}


def kinds(decisions: list[Decision]) -> list[str]:
    """``kind:rule`` of each decision, the way the rule tables are written."""
    return [f"{d.kind}:{d.rule}" for d in decisions]


def dose(plan: Plan) -> str:
    """The calf work of a plan, compactly: ``S1 4x30s``, ``S3 3 sets``, ``S5 3 sets +2.5kg``, and
    ``S3 between 5x45s`` on a day between two sessions to fatigue (holds instead)."""
    item = next((i for i in plan.items if i.track == "calf"), None)
    if item is None:
        return f"S{plan.calf_stage} rest"
    if item.hold_seconds is not None:
        between = " between" if CATALOGUE.stages[plan.calf_stage - 1].dose_rule.kind == "reps" else ""
        return f"S{plan.calf_stage}{between} {item.sets}x{item.hold_seconds}s"
    load = f" +{item.load_kg:g}kg" if item.load_kg else ""
    return f"S{plan.calf_stage} {item.sets} set{'s' * (item.sets != 1)}{load}"


def stage_dose(state: State) -> str:
    """Where the engine has the patient, in the same words: the stage and its dose."""
    if CATALOGUE.stages[state.calf_stage - 1].dose_rule.kind == "isometric":
        return f"S{state.calf_stage} {state.hold_sets}x{state.hold_seconds}s"
    load = f" +{state.calf_load_kg:g}kg" if state.calf_load_kg else ""
    return f"S{state.calf_stage} {state.rep_sets} set{'s' * (state.rep_sets != 1)}{load}"


def at(stage: int = 1, holds: tuple[int, int] = (3, 30), sets: int = 3, load: float = 0.0, **more) -> State:
    """A starting state: stage, hold dose (sets, seconds) and rep sets/load; ``more`` sets any
    other field (by default the stage and the load were reached long enough ago)."""
    long_ago = START - timedelta(weeks=4)
    return State(calf_stage=stage, hold_sets=holds[0], hold_seconds=holds[1], rep_sets=sets, calf_load_kg=load,
                 **{"stage_started": long_ago, "load_since": long_ago} | more)
