"""Properties of the engine over random histories.

Two kinds of history: a patient who follows the plan each day with random pain, settling,
holds, reps, effort, skipped days and missing check-ins (``lived``), and a raw log of random
sets of any exercise, on any side, at any stage (``raw``), which a real client could also send.
"""

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelstrong.catalogue.loader import IsometricRule
from heelstrong.progression.engine import (
    STATE_JSON,
    CheckIn,
    Decision,
    LoggedSet,
    Profile,
    Session,
    State,
    Thresholds,
    compute,
    hold_doses,
)
from heelstrong.progression.engine.ladder import stage_rules

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
                      progress_reps_over=draw(st.sampled_from([None, 8, 12, 18])),
                      load_step_kg=draw(st.sampled_from([None, 1.25, 5.0])),
                      flares_to_refer=draw(st.integers(2, 4)), morning_ceiling=draw(st.integers(6, 9)),
                      least_days_on_stage=draw(st.sampled_from([None, 1, 3, 10])),
                      min_days_between_fatigue_sessions=draw(st.sampled_from([None, 1, 3])),
                      max_fatigue_sessions_per_week=draw(st.sampled_from([None, 2, 7])),
                      least_days_between_load_steps=draw(st.sampled_from([None, 3, 10])),
                      max_load_kg=draw(st.sampled_from([None, 5.0])))


@st.composite
def start_states(draw) -> State:
    stage = draw(st.integers(1, 5))
    rule = CATALOGUE.stages[stage - 1].dose_rule
    # The stage and the load began some time before the program: None, long ago, or just now.
    began = {"stage_started": draw(st.sampled_from([None, START - timedelta(days=30), START])),
             "load_since": draw(st.sampled_from([None, START - timedelta(days=30), START]))}
    if isinstance(rule, IsometricRule):
        sets, seconds = draw(st.sampled_from(hold_doses(rule)))
        return State(calf_stage=stage, hold_sets=sets, hold_seconds=seconds, **began)
    load = draw(st.sampled_from([0.0, 2.5, 5.0])) if stage == 5 else 0.0
    return State(calf_stage=stage, rep_sets=draw(st.integers(1, rule.sets)), calf_load_kg=load, **began)


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
    load=st.sampled_from([None, None, None, 0.0]),
    stiffness=st.sampled_from([None, None, 5, 10, 40]),
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
    stiffness = draw(st.lists(st.sampled_from([None, 5, 10, 60]), min_size=len(log), max_size=len(log)))
    checkins = tuple(CheckIn(day, pain, minutes)
                     for day, (pain, _), minutes in zip(days, log, stiffness, strict=True) if pain is not None)
    sessions = tuple(Session(day, tuple(sets)) for day, (_, sets) in zip(days, log) if sets)
    today = days[-1] + timedelta(days=draw(st.integers(0, 3)))
    return History(Profile(draw(st.sampled_from(["left", "right", "both"])), START), draw(thresholds()),
                   draw(start_states()), checkins, sessions, today)


def as_history(patient: Patient) -> History:
    return History(patient.profile, patient.thresholds, patient.start_state, tuple(patient.checkins),
                   tuple(patient.sessions), patient.today)


# ---------------------------------------------------------------- oracles written from the rules


def _median_before(values: dict[date, int | None], day: date) -> float | None:
    window = [values[d] for d in (day - timedelta(days=n) for n in range(1, 8)) if values.get(d) is not None]
    return median(window) if len(window) >= 3 else None


def flare_mornings(history: History) -> set[date]:
    """Mornings that are flares, worked out from PROTOCOL sections 1 and 2b directly."""
    t = history.thresholds
    pains = {c.local_date: c.morning_pain for c in history.checkins}
    stiffness = {c.local_date: c.stiffness_minutes for c in history.checkins}
    flares = set()
    for morning, pain in pains.items():
        usual, usual_stiffness = _median_before(pains, morning), _median_before(stiffness, morning)
        if (pain >= t.morning_ceiling or (usual is not None and pain > usual + t.flare_margin)
                or (stiffness[morning] is not None and usual_stiffness is not None
                    and stiffness[morning] > usual_stiffness + t.stiffness_margin_minutes)):
            flares.add(morning)
    return flares


def flagged_days(history: History) -> set[date]:
    """Days whose calf session broke a pain rule (hip sets have their own rules)."""
    flares = flare_mornings(history)
    flagged = set()
    for session in history.sessions:
        calf = [s for s in session.sets if s.exercise_id in CALF_IDS]
        if not calf:
            continue  # no calf work: nothing for the calf ladder to judge
        if session.local_date + timedelta(days=1) in flares or any(
                s.pain_during > history.thresholds.pain_limit or not s.settled for s in calf):
            flagged.add(session.local_date)
    return flagged


def worse_weeks(history: History) -> set[date]:
    """Days whose next 7 mornings (ending the morning after) are worse than the 7 before, or
    well above the program's first week (PROTOCOL.md 2b)."""
    pains = {c.local_date: c.morning_pain for c in history.checkins}

    def week_median(last: date) -> float | None:
        week = [pains[d] for d in (last - timedelta(days=n) for n in range(7)) if d in pains]
        return median(week) if len(week) >= 3 else None

    worse = set()
    for day in (START + timedelta(days=n) for n in range(-1, (history.today - START).days + 1)):
        # The baseline as known that day: the program's first (up to) 7 mornings so far.
        first = [pains[d] for d in sorted(pains) if START <= d <= day][:7]
        start = median(first) if len(first) >= 3 else None
        this, last = week_median(day + timedelta(days=1)), week_median(day - timedelta(days=6))
        if this is not None and ((last is not None and this > last)
                                 or (start is not None and this >= start + history.thresholds.worse_than_start_margin)):
            worse.add(day)
    return worse


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
def test_the_stage_moves_one_rung_at_a_time_and_stays_on_the_ladder(history):
    # One rung per decision, not per walk: the first walk also judges the morning of the
    # program's first day, so two flare mornings in a row can be two rungs down in one call.
    _, _, decisions, states = walk_one_day_at_a_time(history)
    assert all(1 <= s.calf_stage <= 5 for s in (history.state, *states))
    stage = history.state.calf_stage
    for decision in decisions:
        if "to_stage" in decision.reasons:
            assert abs(decision.reasons["to_stage"] - stage) == 1, decision
            stage = decision.reasons["to_stage"]
    assert stage == (states[-1].calf_stage if states else history.state.calf_stage)


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
def test_every_state_the_engine_reaches_is_stored_and_read_back_unchanged(patient):
    """The state is kept as JSON (dates as text, tuples as lists) through one pydantic adapter."""
    for state in patient.states.values():
        stored = json.loads(json.dumps(STATE_JSON.dump_python(state, mode="json")))
        assert STATE_JSON.validate_python(stored) == state


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
        stage = CATALOGUE.stages[plan.calf_stage - 1]
        rule, between = stage.dose_rule, stage.pacing.between_days
        for item in (i for i in plan.items if i.track == "calf"):
            if between is not None and item.exercise_id == between.exercise_id:  # a day between sessions to fatigue
                assert (item.sets, item.hold_seconds, item.to_fatigue) == (between.sets, between.seconds, False)
                continue
            assert item.exercise_id in (*stage.exercise_ids, stage.supported)  # seated after the hand-over
            if isinstance(rule, IsometricRule):
                assert (item.sets, item.hold_seconds) in hold_doses(rule)  # 2 x 20 s ... 5 x 45 s
                assert item.sets <= 5 and item.hold_seconds <= 45
            else:
                assert 1 <= item.sets <= 3 and item.hold_seconds is None and item.reps is None
                assert item.to_fatigue and item.target and "{" not in item.target
                assert (item.load_kg or 0) >= 0 and (item.load_kg is None or plan.calf_stage == 5)
    for state in states:
        assert 1 <= state.calf_stage <= 5 and 1 <= state.rep_sets <= 3 and state.calf_load_kg >= 0


# ---------------------------------------------------------------- PROTOCOL.md 2a-2b over 12-week histories

STEP_UPS = {"progress", "dose_up", "resistance_up"}


def stage_starts(patient: Patient) -> list[tuple[date | None, Decision | None]]:
    """When each stage the patient was on began, and the decision that ended it (if any)."""
    began, starts = patient.start_state.stage_started or START, []
    for decision in patient.decisions:
        if "to_stage" in decision.reasons:
            starts.append((began, decision))
            # A flare moves the plan from that morning; any other stage change from the next day.
            began = decision.local_date + timedelta(days=0 if decision.rule == "morning_flare" else 1)
    return starts


# Mostly days that go well, so that histories climb far enough for the pacing rules to bite.
good_days = st.builds(Day, morning=st.sampled_from([1, 2, 2, 3]), pain=st.sampled_from([0, 2, 4]),
                      reps=st.sampled_from([16, 18, 20]), effort=st.sampled_from(["easy", "easy", "right"]),
                      load=st.sampled_from([None, 0.0]))
twelve_weeks = st.builds(lambda state, thresholds, side, days: (state, thresholds, side, days),
                         start_states(), thresholds(), st.sampled_from(["left", "right", "both"]),
                         st.lists(st.one_of(good_days, good_days, good_days, days), min_size=42, max_size=84))


def live_twelve_weeks(state, thresholds, side, history) -> Patient:
    return Patient(side=side, state=state, thresholds=thresholds).live(history)


@SETTINGS
@given(twelve_weeks)
def test_a_stage_is_never_left_upwards_before_its_least_days(drawn):
    patient = live_twelve_weeks(*drawn)
    for began, decision in stage_starts(patient):
        if decision.kind == "progress":
            stage = CATALOGUE.stages[decision.reasons["stage"] - 1]
            least = stage_rules(stage, patient.thresholds).least_days
            assert (decision.local_date + timedelta(days=1) - began).days >= least, decision


@SETTINGS
@given(twelve_weeks)
def test_sessions_to_fatigue_done_as_planned_are_spaced_and_capped(drawn):
    patient = live_twelve_weeks(*drawn)
    rep_ids = {e for stage in CATALOGUE.stages[2:] for e in stage.exercise_ids}
    done = sorted(s.local_date for s in patient.sessions if any(x.exercise_id in rep_ids for x in s.sets))
    rules = stage_rules(CATALOGUE.stages[2], patient.thresholds)  # stages 3-5 share their pacing
    assert all((later - earlier).days >= rules.min_days_between for earlier, later in zip(done, done[1:])), done
    assert all(sum(1 for d in done if 0 <= (d - day).days < 7) <= rules.max_per_week for day in done), done


@SETTINGS
@given(twelve_weeks)
def test_load_rises_at_most_a_step_a_week_and_only_when_the_load_was_logged(drawn):
    patient = live_twelve_weeks(*drawn)
    rules = stage_rules(CATALOGUE.stages[4], patient.thresholds)
    sessions = {s.local_date: s for s in patient.sessions}
    added = [d for d in patient.decisions if d.rule == "add_load"]
    for decision in added:
        carried = [s.load_kg or 0.0 for s in sessions[decision.local_date].sets if s.exercise_id == "calf-raise-single"]
        assert max(carried) >= decision.reasons["load_kg"], decision  # the current load was logged
        assert decision.reasons["to_load_kg"] - decision.reasons["load_kg"] == rules.load_step_kg
    for earlier, later in zip(added, added[1:]):
        assert (later.local_date - earlier.local_date).days >= rules.least_days_between_load_steps


@SETTINGS
@given(st.one_of(twelve_weeks.map(lambda drawn: as_history(live_twelve_weeks(*drawn))), raw()))
def test_nothing_steps_up_while_the_weeks_mornings_are_worse(history):
    worse = worse_weeks(history)
    for decision in history.compute().decisions:
        if decision.kind in STEP_UPS:
            assert decision.local_date not in worse, decision


@SETTINGS
@given(st.one_of(twelve_weeks.map(lambda drawn: as_history(live_twelve_weeks(*drawn))), raw()))
def test_hip_pain_never_changes_the_calf_dose(history):
    hip_ids = {e.id for e in CATALOGUE.by_track("hip")}

    def hurting(session: Session) -> Session:
        return Session(session.local_date, tuple(
            LoggedSet(s.exercise_id, s.side, s.reps, s.hold_seconds, 10, False, "hard", s.load_kg)
            if s.exercise_id in hip_ids else s for s in session.sets))

    calm, painful = history.compute(), history.compute(sessions=tuple(hurting(s) for s in history.sessions))

    def calf(result):
        state = result.state
        return ([d for d in result.decisions if d.track == "calf"],
                (state.calf_stage, state.hold_sets, state.hold_seconds, state.rep_sets, state.calf_load_kg),
                [i for i in result.plan.items if i.track == "calf"])

    assert calf(painful) == calf(calm)
