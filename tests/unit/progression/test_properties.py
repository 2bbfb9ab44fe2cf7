"""Properties of the engine over random histories.

Two kinds of history: a patient who follows the plan each day with random pain, settling,
holds, reps, effort, skipped days and missing check-ins (``lived``), and a raw log of random
sets of any exercise, on any side, at any stage (``raw``), which a real client could also send.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelstrong.catalogue.loader import IsometricRule
from heelstrong.progression.engine import (
    CheckIn,
    LoggedSet,
    Profile,
    Session,
    State,
    Thresholds,
    compute,
    hold_doses,
)

from .builders import CATALOGUE, START, Day, Patient

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CALF_IDS = {e.id for e in CATALOGUE.by_track("calf")}
ALL_IDS = sorted(e.id for e in CATALOGUE.exercises) + ["not-in-the-catalogue"]


# ---------------------------------------------------------------- strategies


@st.composite
def thresholds(draw) -> Thresholds:
    if draw(st.booleans()):
        return Thresholds()
    return Thresholds(pain_limit=draw(st.integers(2, 7)), flare_margin=draw(st.integers(0, 2)),
                      tolerated_sessions_to_progress=draw(st.integers(1, 3)),
                      progress_reps_over=draw(st.integers(8, 18)), load_step_kg=draw(st.sampled_from([1.25, 2.5, 5.0])),
                      flares_to_refer=draw(st.integers(2, 4)))


@st.composite
def start_states(draw) -> State:
    stage = draw(st.integers(1, 5))
    rule = CATALOGUE.stages[stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        sets, seconds = draw(st.sampled_from(hold_doses(rule)))
        return State(calf_stage=stage, hold_sets=sets, hold_seconds=seconds)
    load = draw(st.sampled_from([0.0, 2.5, 5.0])) if stage == 5 else 0.0
    return State(calf_stage=stage, rep_sets=draw(st.integers(1, rule.sets)), calf_load_kg=load)


MORNINGS = st.sampled_from([None, 1, 2, 2, 2, 2, 3, 3, 4, 6, 9])  # mostly steady, sometimes missing or a flare
days = st.builds(
    Day,
    morning=MORNINGS,
    train=st.sampled_from([True, True, True, False]),
    pain=st.sampled_from([0, 1, 2, 2, 3, 3, 4, 5, 6, 8]),
    settled=st.sampled_from([True] * 7 + [False]),
    holds=st.sampled_from([None, None, None, 2, 6]),
    hold_seconds=st.sampled_from([None, None, None, 25, 50]),
    reps=st.sampled_from([8, 12, 15, 16, 16, 18, 20]),
    sets=st.sampled_from([None, None, 1, 2]),
    hip=st.booleans(),
    effort=st.sampled_from(["easy", "easy", "right", "hard"]),
)


@st.composite
def lived(draw) -> Patient:
    """A patient who asked for the plan every day for 1-9 weeks and did it (or not)."""
    patient = Patient(side=draw(st.sampled_from(["left", "right", "both"])), state=draw(start_states()),
                      thresholds=draw(thresholds()))
    patient.live(draw(st.lists(days, min_size=14, max_size=63)))
    return patient


@dataclass(frozen=True)
class History:
    profile: Profile
    thresholds: Thresholds
    state: State
    checkins: tuple[CheckIn, ...]
    sessions: tuple[Session, ...]
    today: date

    def compute(self, state=None, checkins=None, sessions=None, today=None, earlier=()):
        return compute(self.profile, self.thresholds, CATALOGUE, self.state if state is None else state,
                       self.checkins if checkins is None else checkins,
                       self.sessions if sessions is None else sessions, today or self.today, earlier)


logged_sets = st.builds(
    LoggedSet,
    exercise_id=st.sampled_from(ALL_IDS),
    side=st.sampled_from(["left", "right", "both"]),
    reps=st.one_of(st.none(), st.integers(0, 25)),
    hold_seconds=st.one_of(st.none(), st.integers(0, 60)),
    pain_during=st.integers(0, 10),
    settled=st.booleans(),
    effort=st.sampled_from([None, "easy", "right", "hard"]),
    load_kg=st.one_of(st.none(), st.sampled_from([2.5, 5.0])),
)


@st.composite
def raw(draw) -> History:
    """Random check-ins and random logged sets of any exercise, over up to 6 weeks."""
    log = draw(st.lists(st.tuples(MORNINGS, st.lists(logged_sets, max_size=4)), min_size=7, max_size=42))
    days = [START + timedelta(days=n) for n in range(len(log))]
    checkins = tuple(CheckIn(day, pain) for day, (pain, _) in zip(days, log) if pain is not None)
    sessions = tuple(Session(day, tuple(sets)) for day, (_, sets) in zip(days, log) if sets)
    today = days[-1] + timedelta(days=draw(st.integers(0, 3)))
    return History(Profile(draw(st.sampled_from(["left", "right", "both"])), START), draw(thresholds()),
                   draw(start_states()), checkins, sessions, today)


def as_history(patient: Patient) -> History:
    return History(patient.profile, patient.thresholds, patient.start_state, tuple(patient.checkins),
                   tuple(patient.sessions), patient.today)


# ---------------------------------------------------------------- oracles written from the rules


def flagged_days(history: History) -> set[date]:
    """Days whose session broke a pain rule, worked out from PROTOCOL section 1 directly."""
    mornings = {c.local_date: c.morning_pain for c in history.checkins}
    flagged = set()
    for session in history.sessions:
        if not any(s.exercise_id in CALF_IDS for s in session.sets):
            continue  # no calf work: nothing for the calf ladder to judge
        next_morning = session.local_date + timedelta(days=1)
        window = [mornings[d] for d in (next_morning - timedelta(days=n) for n in range(1, 8)) if d in mornings]
        flare = (next_morning in mornings and len(window) >= 3
                 and mornings[next_morning] > median(window) + history.thresholds.flare_margin)
        if flare or any(s.pain_during > history.thresholds.pain_limit or not s.settled for s in session.sets):
            flagged.add(session.local_date)
    return flagged


def walk_one_day_at_a_time(history: History):
    """Walk exactly one day per call, showing the engine only what was known by that next morning."""
    full = history.compute()
    state, decisions, states = history.state, [], []
    day = min([START, *(c.local_date for c in history.checkins), *(s.local_date for s in history.sessions)])
    while full.state.evaluated_through is not None and day <= full.state.evaluated_through:
        known_checkins = [c for c in history.checkins if c.local_date <= day + timedelta(days=1)]
        known_sessions = [s for s in history.sessions if s.local_date <= day]
        result = history.compute(state=state, checkins=known_checkins, sessions=known_sessions,
                                 today=day + timedelta(days=2), earlier=tuple(decisions))
        assert result.state.evaluated_through == day
        states.append(result.state)
        decisions += result.decisions
        state, day = result.state, day + timedelta(days=1)
    return full, state, decisions, states


# ---------------------------------------------------------------- properties


@SETTINGS
@given(lived())
def test_no_step_up_on_a_day_whose_session_was_flagged(patient):
    flagged = flagged_days(as_history(patient))
    for decision in patient.decisions:
        if decision.kind in {"progress", "dose_up"}:
            assert decision.local_date not in flagged, decision


@SETTINGS
@given(raw())
def test_no_step_up_on_a_flagged_day_in_any_log(history):
    flagged = flagged_days(history)
    for decision in history.compute().decisions:
        if decision.kind in {"progress", "dose_up"}:
            assert decision.local_date not in flagged, decision


@SETTINGS
@given(st.one_of(raw(), lived().map(as_history)))
def test_the_stage_moves_at_most_one_per_day_and_stays_on_the_ladder(history):
    _, _, _, states = walk_one_day_at_a_time(history)
    stages = [history.state.calf_stage] + [s.calf_stage for s in states]
    assert all(1 <= stage <= 5 for stage in stages)
    assert all(abs(after - before) <= 1 for before, after in zip(stages, stages[1:])), stages


@SETTINGS
@given(st.one_of(raw(), lived().map(as_history)))
def test_walking_in_one_call_equals_walking_day_by_day(history):
    full, state, decisions, _ = walk_one_day_at_a_time(history)
    assert state == full.state
    assert tuple(decisions) == full.decisions
    last = history.compute(state=state, earlier=tuple(decisions))
    assert last.decisions == () and last.state == full.state and last.plan == full.plan


@SETTINGS
@given(lived())
def test_the_daily_patient_ends_where_one_walk_ends(patient):
    history = as_history(patient)
    full = history.compute(today=max(patient.plans))  # the last day the patient asked
    assert full.state == patient.state
    assert full.decisions == tuple(patient.decisions)
    assert full.plan == patient.plan


@SETTINGS
@given(st.one_of(raw(), lived().map(as_history)))
def test_same_input_same_output(history):
    assert history.compute() == history.compute()
    shuffled = random.Random(0)
    checkins, sessions = list(history.checkins), list(history.sessions)
    shuffled.shuffle(checkins)
    shuffled.shuffle(sessions)
    assert history.compute(checkins=checkins, sessions=sessions) == history.compute()


@SETTINGS
@given(lived())
def test_one_sided_patients_never_train_the_hip_on_the_painful_side(patient):
    for plan in patient.plans.values():
        hip = [item for item in plan.items if item.track == "hip"]
        assert bool(hip) == plan.hip_day
        if patient.profile.painful_side == "both":
            assert all(item.side == "both" for item in hip)
        else:
            opposite = {"left": "right", "right": "left"}[patient.profile.painful_side]
            assert all(item.side == opposite for item in hip), hip
            assert all(CATALOGUE.get(item.exercise_id).laterality == "unilateral" for item in hip)


@SETTINGS
@given(lived())
def test_hip_work_done_as_planned_is_never_two_days_running_nor_four_in_a_week(patient):
    hip_ids = {e.id for e in CATALOGUE.by_track("hip")}
    done = sorted(s.local_date for s in patient.sessions if any(x.exercise_id in hip_ids for x in s.sets))
    assert all((later - earlier).days >= 2 for earlier, later in zip(done, done[1:])), done
    assert all(sum(1 for d in done if 0 <= (d - day).days < 7) <= 3 for day in done), done


@SETTINGS
@given(st.one_of(lived(), raw()))
def test_doses_stay_within_the_stage(subject):
    if isinstance(subject, History):
        results = [subject.compute()]
        plans, states = [r.plan for r in results], [r.state for r in results]
    else:
        plans, states = list(subject.plans.values()), [subject.state]
    for plan in plans:
        rule = CATALOGUE.stages[plan.calf_stage - 1].dose_rule
        for item in (i for i in plan.items if i.track == "calf"):
            assert item.exercise_id in CATALOGUE.stages[plan.calf_stage - 1].exercise_ids
            if isinstance(rule, IsometricRule):
                assert (item.sets, item.hold_seconds) in hold_doses(rule)  # 3 x 30 s ... 5 x 45 s
                assert item.sets <= 5 and item.hold_seconds <= 45
            else:
                assert 1 <= item.sets <= 3 and item.hold_seconds is None
                assert (item.load_kg or 0) >= 0 and (item.load_kg is None or plan.calf_stage == 5)
    for state in states:
        assert 1 <= state.calf_stage <= 5 and 1 <= state.rep_sets <= 3 and state.calf_load_kg >= 0
