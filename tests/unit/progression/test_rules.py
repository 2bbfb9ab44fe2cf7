"""PROTOCOL.md sections 1-4, one table per rule.

Every row is a little history (what the patient did, day by day, after a calm baseline
week of mornings at 2/10) and what the engine must decide about it: the decisions made
from the last training day on (``kind:rule``) and the calf dose of the plan that follows
(``S1 4x30s`` = stage 1, 4 holds of 30 s; ``S3 2 sets``; ``S5 3 sets +2.5kg``).
"""

import pytest

from heelstrong.progression.engine import RED_FLAGS, LoggedSet, Session, State, Thresholds, hold_doses

from .builders import CATALOGUE, Day, Patient, at, dose, kinds, mornings, quiet_week, rest, train

CALM = quiet_week(2)  # seven mornings at 2/10: the baseline median is 2

# The decisions a row expects, by name.
UP = ["dose_up:build_holds"]
PAIN_FLAG = ["flag:pain_during_limit", "dose_back:flagged_session"]
SETTLE_FLAG = ["flag:pain_settles", "dose_back:flagged_session"]
FLARE_AT_STAGE_1 = ["flag:next_morning", "dose_back:morning_flare"]
FLARE = ["flag:next_morning", "stage_back:morning_flare"]
TWO_IN_A_ROW = ["flag:pain_during_limit", "stage_back:two_flagged"]
ONCE_MORE = ["hold:tolerated_in_a_row"]
NEXT_STAGE = ["progress:progress_stage"]
MORE_LOAD = ["progress:add_load"]


def live(state: State, history: list[Day], side: str = "right", thresholds: Thresholds | None = None,
         baseline: bool = True) -> Patient:
    return Patient(side=side, state=state, thresholds=thresholds).live(CALM if baseline else [], history)


def outcome(patient: Patient) -> tuple[list[str], str]:
    """Calf and safety decisions from the last training day on, and the dose planned after them."""
    return kinds(patient.decisions_since(patient.last_session_day())), dose(patient.plan)


def table(*rows):
    """``(id, *values)`` rows -> pytest params with readable ids."""
    return [pytest.param(*values, id=row_id) for row_id, *values in rows]


# ---------------------------------------------------------------- section 1: pain rules

PAIN_RULES = table(
    # id                                    start           after the calm week                 decisions          dose after
    ("pain 0 is fine",                      at(1, (5, 30)), [train(pain=0), rest(2)],            UP,                "S1 5x35s"),
    ("pain 5 is still fine",                at(1, (5, 30)), [train(pain=5), rest(2)],            UP,                "S1 5x35s"),
    ("pain 6 flags: dose back",             at(1, (5, 30)), [train(pain=6), rest(2)],            PAIN_FLAG,         "S1 4x30s"),
    ("pain 10 flags",                       at(3),          [train(pain=10), rest(2)],           PAIN_FLAG,         "S3 2 sets"),
    ("not settled flags: dose back",        at(1, (5, 30)), [train(settled=False), rest(2)],     SETTLE_FLAG,       "S1 4x30s"),
    ("morning 1 above usual is steady",     at(1, (5, 30)), [train(), rest(3)],                  UP,                "S1 5x35s"),
    ("morning 2 above usual: flare, holds back at stage 1",
                                            at(1, (5, 30)), [train(), rest(4)],                  FLARE_AT_STAGE_1,  "S1 4x30s"),
    ("flare at stage 2: back to stage 1",   at(2, (5, 40)), [train(), rest(4)],                  FLARE,             "S1 3x30s"),
    ("flare at stage 4: back to stage 3",   at(4),          [train(reps=16), rest(5)],           FLARE,             "S3 3 sets"),
    ("flare after a rest day: back too",    at(3),          [train(), rest(2), rest(5)],
                                                                           ["hold:reps_over", "stage_back:morning_flare"], "S2 3x30s"),
    ("pain 6 then a flare: one stage back, not two",
                                            at(3),          [train(pain=6), rest(5)],
                                                                    ["flag:pain_during_limit", "stage_back:morning_flare"], "S2 3x30s"),
    ("no check-in next morning: can't count, hold",
                                            at(1, (5, 30)), [train(), rest(None), rest(2)],      ["hold:next_morning"], "S1 5x30s"),
    ("no check-in, pain 6 still flags",     at(1, (5, 30)), [train(pain=6), rest(None), rest(2)], PAIN_FLAG,        "S1 4x30s"),
)


@pytest.mark.parametrize("start, history, decisions, dose_after", PAIN_RULES)
def test_pain_rules(start, history, decisions, dose_after):
    assert outcome(live(start, history)) == (decisions, dose_after)


BASELINE = table(
    # id                                            history (no calm week)                     decisions          dose after
    ("2 mornings are no baseline: 9 is no flare",   [rest(2), train(), rest(9)],               UP,                "S1 5x35s"),
    ("3 mornings are a baseline: 9 is a flare",     [rest(2), rest(2), train(), rest(9)],      FLARE_AT_STAGE_1,  "S1 4x30s"),
    ("the median, not the mean: 9 9 2 2 2 2 -> 4 flares",
                                                    [*mornings(9, 9, 2, 2, 2), train(), rest(4)], FLARE_AT_STAGE_1, "S1 4x30s"),
    ("only the last 7 days count: old 7s are gone", [*mornings(7, 7, 7, 7, None, None, None, 2, 2, 2), train(), rest(4)],
                                                                                               FLARE_AT_STAGE_1,  "S1 4x30s"),
)


@pytest.mark.parametrize("history, decisions, dose_after", BASELINE)
def test_the_morning_is_judged_against_the_7_day_median(history, decisions, dose_after):
    assert outcome(live(at(1, (5, 30)), history, baseline=False)) == (decisions, dose_after)


def test_a_flagged_session_names_every_broken_rule():
    patient = live(at(3), [train(pain=7, settled=False), rest(6)])
    flag = next(d for d in patient.decisions if d.kind == "flag")
    assert flag.reasons["broken_rules"] == ["pain_during_limit", "pain_settles", "next_morning"]
    assert flag.message == ("Session flagged: pain went above 5/10 and pain did not settle within a few minutes "
                            "and the next morning was worse than usual.")


# ---------------------------------------------------------------- section 2: the isometric dose

def test_hold_dose_ladder_is_the_protocol_sequence():
    rule = CATALOGUE.stages[0].dose_rule
    assert hold_doses(rule) == ((3, 30), (4, 30), (5, 30), (5, 35), (5, 40), (5, 45))


def test_a_patient_builds_holds_one_tolerated_day_at_a_time():
    patient = live(State(), [*[train()] * 7, rest()])
    planned = [dose(patient.plans[patient.day(n)]) for n in range(7, 15)]
    assert planned == ["S1 3x30s", "S1 4x30s", "S1 5x30s", "S1 5x35s", "S1 5x40s", "S1 5x45s", "S1 5x45s", "S2 3x30s"]


HOLD_BUILD = table(
    # id                          start dose   decisions    dose after
    ("3x30 -> 4x30",              (3, 30),     UP,          "S1 4x30s"),
    ("4x30 -> 5x30",              (4, 30),     UP,          "S1 5x30s"),
    ("5x30 -> 5x35",              (5, 30),     UP,          "S1 5x35s"),
    ("5x35 -> 5x40",              (5, 35),     UP,          "S1 5x40s"),
    ("5x40 -> 5x45",              (5, 40),     UP,          "S1 5x45s"),
    ("5x45 is the top: count it", (5, 45),     ONCE_MORE,   "S1 5x45s"),
)


@pytest.mark.parametrize("holds, decisions, dose_after", HOLD_BUILD)
def test_one_tolerated_full_dose_day_adds_one_step(holds, decisions, dose_after):
    assert outcome(live(at(1, holds), [train(), rest()])) == (decisions, dose_after)


PARTIAL_DOSE = table(
    # id                                   start            session                  decisions           dose after
    ("4 of 5 holds: same dose",            at(1, (5, 30)),  train(holds=4),          ["hold:full_dose"], "S1 5x30s"),
    ("holds of 25 s, not 30: same dose",   at(1, (5, 30)),  train(hold_seconds=25),  ["hold:full_dose"], "S1 5x30s"),
    ("hip work only, no holds: same dose", at(2, (4, 30)),  train(holds=0),          [],                 "S2 4x30s"),
    ("4 of 5 at the top: no count",        at(1, (5, 45)),  train(holds=4),          ["hold:full_dose"], "S1 5x45s"),
    ("6 holds of 5: the full dose",        at(1, (5, 30)),  train(holds=6),          UP,                 "S1 5x35s"),
)


@pytest.mark.parametrize("start, session, decisions, dose_after", PARTIAL_DOSE)
def test_a_partial_dose_holds_the_dose(start, session, decisions, dose_after):
    assert outcome(live(start, [session, rest()])) == (decisions, dose_after)


HOLDS_TO_NEXT_STAGE = table(
    # id                                           start            sessions, each judged the next morning      decisions  dose after
    ("5x45 tolerated twice: stage 2",              at(1, (5, 45)),  [train(), train(), rest()],                 NEXT_STAGE, "S2 3x30s"),
    ("5x45 tolerated once: once more",             at(1, (5, 45)),  [train(), rest()],                          ONCE_MORE,  "S1 5x45s"),
    ("a rest day between: still stage 2",          at(1, (5, 45)),  [train(), rest(), train(), rest()],         NEXT_STAGE, "S2 3x30s"),
    ("single-leg 5x45 twice: stage 3",             at(2, (5, 45)),  [train(), train(), rest()],                 NEXT_STAGE, "S3 3 sets"),
    ("unconfirmed between: the count restarts",    at(1, (5, 45)),  [train(), train(), train(morning=None), rest()], ONCE_MORE, "S1 5x45s"),
    ("flagged between: build back, no stage 2",    at(1, (5, 45)),  [train(), train(pain=6), train(), rest()],  UP,         "S1 5x45s"),
)


@pytest.mark.parametrize("start, sessions, decisions, dose_after", HOLDS_TO_NEXT_STAGE)
def test_full_holds_tolerated_twice_move_up_a_stage(start, sessions, decisions, dose_after):
    assert outcome(live(start, sessions)) == (decisions, dose_after)


# ---------------------------------------------------------------- section 2: rep stages

REP_STAGES = table(
    # id                                       start            best set, session by session  decisions          dose after
    ("16 reps twice: stage 3 -> 4",            at(3),            [16, 16],                     NEXT_STAGE,        "S4 3 sets"),
    ("15 reps is not more than 15",            at(3),            [15, 15],                     ["hold:reps_over"], "S3 3 sets"),
    ("16 once: once more",                     at(3),            [16],                         ONCE_MORE,         "S3 3 sets"),
    ("16, 15, 16: not in a row",               at(3),            [16, 15, 16],                 ONCE_MORE,         "S3 3 sets"),
    ("16 and 18: stage 4 -> 5",                at(4),            [16, 18],                     NEXT_STAGE,        "S5 3 sets"),
    ("stage 5, 16 twice: +2.5 kg",             at(5),            [16, 16],                     MORE_LOAD,         "S5 3 sets +2.5kg"),
    ("stage 5 at 2.5 kg, twice more: 5 kg",    at(5, load=2.5),  [17, 16],                     MORE_LOAD,         "S5 3 sets +5kg"),
    ("stage 5, four sessions: +2.5 kg twice",  at(5),            [16, 16, 16, 16],             MORE_LOAD,         "S5 3 sets +5kg"),
    ("2 of 2 sets done: back up to 3 sets",    at(3, sets=2),    [12],                ["dose_up:build_sets", "hold:reps_over"], "S3 3 sets"),
)


@pytest.mark.parametrize("start, best_sets, decisions, dose_after", REP_STAGES)
def test_more_than_15_reps_on_two_sessions_in_a_row(start, best_sets, decisions, dose_after):
    assert outcome(live(start, [*(train(reps=reps) for reps in best_sets), rest()])) == (decisions, dose_after)


# ---------------------------------------------------------------- section 2: backing off

FLAGGED_DOSE_BACK = table(
    # id                                              start            decisions   dose after
    ("stage 1 5x45 -> 5x40",                          at(1, (5, 45)),  PAIN_FLAG,  "S1 5x40s"),
    ("stage 1 5x30 -> 4x30",                          at(1, (5, 30)),  PAIN_FLAG,  "S1 4x30s"),
    ("stage 1 3x30 is the floor",                     at(1, (3, 30)),  PAIN_FLAG,  "S1 3x30s"),
    ("stage 2 4x30 -> 3x30",                          at(2, (4, 30)),  PAIN_FLAG,  "S2 3x30s"),
    ("stage 3 3 sets -> 2 sets",                      at(3),           PAIN_FLAG,  "S3 2 sets"),
    ("stage 4 1 set is the floor",                    at(4, sets=1),   PAIN_FLAG,  "S4 1 set"),
    ("stage 5 with load: the load comes off first",   at(5, load=2.5), PAIN_FLAG,  "S5 3 sets"),
)


@pytest.mark.parametrize("start, decisions, dose_after", FLAGGED_DOSE_BACK)
def test_a_flagged_session_keeps_the_stage_and_steps_the_dose_back(start, decisions, dose_after):
    assert outcome(live(start, [train(pain=6, reps=16), rest()])) == (decisions, dose_after)


TWO_FLAGGED = table(
    # id                                           start            sessions                                  decisions     dose after
    ("stage 3: two flagged -> stage 2",            at(3),           [train(pain=6), train(pain=6)],           TWO_IN_A_ROW, "S2 3x30s"),
    ("stage 2: two flagged -> stage 1",            at(2, (5, 45)),  [train(pain=6), train(settled=False)],
                                                                                   ["flag:pain_settles", "stage_back:two_flagged"], "S1 3x30s"),
    ("stage 5 loaded: two flagged -> stage 4",     at(5, load=5),   [train(settled=False), train(pain=8)],    TWO_IN_A_ROW, "S4 3 sets"),
    ("a rest day between: still in a row",         at(3),           [train(pain=6), rest(), train(pain=6)],   TWO_IN_A_ROW, "S2 3x30s"),
    ("stage 1 has nowhere to go: dose back twice", at(1, (5, 30)),  [train(pain=6), train(pain=6)],           PAIN_FLAG,    "S1 3x30s"),
    ("a good session between: dose back only",     at(3),           [train(pain=6), train(), train(pain=6)],  PAIN_FLAG,    "S3 2 sets"),
)


@pytest.mark.parametrize("start, sessions, decisions, dose_after", TWO_FLAGGED)
def test_two_flagged_sessions_in_a_row_move_back_a_stage(start, sessions, decisions, dose_after):
    assert outcome(live(start, [*sessions, rest()])) == (decisions, dose_after)


# ---------------------------------------------------------------- section 2: three flares -> clinician

FLARES = table(
    # id                                          mornings after the calm week (4+ flares over 2)  refer?
    ("3 flares in 5 days",                        [4, 2, 4, 2, 4],                                 True),
    ("3 flares on days 1, 4 and 7",               [4, 2, 2, 4, 2, 2, 4],                           True),
    ("3 flares on days 1, 4 and 8: not 7 days",   [4, 2, 2, 4, 2, 2, 2, 4],                        False),
    ("2 flares",                                  [4, 2, 4, 2, 2],                                 False),
    ("3 days at 3: within the margin",            [3, 3, 3, 2, 2],                                 False),
    ("still flaring a week after the first referral",
                                                  [5, 6, 7, 8, 9, 10, 10, 10, 10, 3],              True),
)


@pytest.mark.parametrize("pains, refer", FLARES)
def test_three_flares_in_seven_days_refer_to_a_clinician(pains, refer):
    patient = live(State(), mornings(*pains))
    assert patient.plan.refer_to_clinician is refer
    referral_shown = any("talk to your clinician" in notice and all(flag in notice for flag in RED_FLAGS)
                         for notice in patient.plan.notices)
    assert referral_shown is refer
    if refer:
        referral = [d for d in patient.decisions if d.kind == "refer"][0]
        assert (referral.track, referral.rule) == ("safety", "three_flares")
        assert referral.reasons["flares_in_7_days"] == 3


# ---------------------------------------------------------------- section 3: hip and glute track

HIP_SIDES = table(
    # id                     painful heel   hip exercise -> (side, sets)
    ("left heel: right hip", "left",        {"hip-abduction-band": ("right", 3), "hip-extension-band": ("right", 3),
                                             "hamstring-curl-seated-band": ("right", 3), "split-squat": ("right", 3)}),
    ("right heel: left hip", "right",       {"hip-abduction-band": ("left", 3), "hip-extension-band": ("left", 3),
                                             "hamstring-curl-seated-band": ("left", 3), "split-squat": ("left", 3)}),
    ("both heels: both legs, back chain +1 set",
                             "both",        {"glute-bridge": ("both", 4), "hamstring-curl-seated-band": ("both", 4),
                                             "hamstring-curl-side-lying": ("both", 4), "hip-extension-band": ("both", 4),
                                             "hip-abduction-band": ("both", 3)}),
)


@pytest.mark.parametrize("side, expected", HIP_SIDES)
def test_hip_work_trains_the_leg_opposite_the_painful_heel(side, expected):
    plan = Patient(side=side).live(rest()).plan
    assert plan.hip_day
    assert {i.exercise_id: (i.side, i.sets) for i in plan.items if i.track == "hip"} == expected


def test_back_chain_extra_set_follows_the_catalogue():
    plan = Patient(side="both").live(rest()).plan
    for item in (i for i in plan.items if i.track == "hip"):
        exercise = CATALOGUE.get(item.exercise_id)
        assert item.sets == exercise.default_dose.sets + (1 if exercise.back_chain else 0), item.exercise_id


CALF_SIDES = table(
    # id                                      painful heel  stage   calf side
    ("stage 1 double-leg: both feet",         "right",      1,      "both"),
    ("stage 2 single-leg: the painful heel",  "right",      2,      "right"),
    ("stage 2, left heel",                    "left",       2,      "left"),
    ("stage 3 double-leg: both feet",         "left",       3,      "both"),
    ("stage 4 lowers on the painful side",    "left",       4,      "left"),
    ("stage 5, both heels",                   "both",       5,      "both"),
)


@pytest.mark.parametrize("side, stage, calf_side", CALF_SIDES)
def test_calf_work_targets_the_painful_side(side, stage, calf_side):
    plan = Patient(side=side, state=at(stage)).live(rest()).plan
    assert [i.side for i in plan.items if i.track == "calf"] == [calf_side]


HIP_DAYS = table(
    # id                                         hip done (days before today)  checked in today  hip day?
    ("no hip work yet",                          [],                           True,             True),
    ("hip yesterday: rest day between",          [1],                          True,             False),
    ("hip two days ago",                         [2],                          True,             True),
    ("two in the last 7 days",                   [4, 2],                       True,             True),
    ("three in the last 7 days: enough",         [6, 4, 2],                    True,             False),
    ("three, but one was 7 days ago",            [7, 4, 2],                    True,             True),
    ("hip yesterday, before today's check-in",   [1],                          False,            False),
    ("three, the last yesterday, no check-in",   [5, 3, 1],                    False,            False),
)


@pytest.mark.parametrize("done_days_ago, checked_in, hip_day", HIP_DAYS)
def test_hip_days_three_a_week_with_a_rest_day_between(done_days_ago, checked_in, hip_day):
    patient, today = Patient(side="left"), 14
    for days_ago in done_days_ago:
        patient.sessions.append(Session(patient.day(today - days_ago), (
            LoggedSet("hip-abduction-band", "right", 10, None, 1, True, "right"),)))
    patient.live(mornings(*[2] * today), rest(2 if checked_in else None))
    assert patient.plan.today == patient.day(today)
    assert patient.plan.hip_day is hip_day
    assert any(i.track == "hip" for i in patient.plan.items) is hip_day


def test_following_the_plan_gives_three_hip_days_a_week():
    patient = Patient().live([train()] * 21)
    hip_days = [(day - patient.day(0)).days for day, plan in patient.plans.items() if plan.hip_day]
    assert hip_days == [0, 2, 4, 7, 9, 11, 14, 16, 18]


HIP_RESISTANCE = table(
    # id                                    hip session                           next morning  resistance ups  step next hip day
    ("every set easy: stronger band",       train(effort="easy"),                 2,            4,              1),
    ("felt right: same band",               train(effort="right"),                2,            0,              0),
    ("felt hard: same band",                train(effort="hard"),                 2,            0,              0),
    ("easy but pain 6: same band",          train(effort="easy", pain=6),         2,            0,              0),
    ("easy but not settled: same band",     train(effort="easy", settled=False),  2,            0,              0),
    ("easy but a flare next morning",       train(effort="easy"),                 5,            0,              0),
    ("easy but no check-in next morning",   train(effort="easy"),                 None,         0,              0),
)


@pytest.mark.parametrize("session, morning, ups, step", HIP_RESISTANCE)
def test_hip_resistance_goes_up_when_every_set_felt_easy(session, morning, ups, step):
    patient = live(State(), [session, rest(morning), rest()])
    hip_session = patient.last_session_day()
    ups_made = [d for d in patient.decisions if d.kind == "resistance_up"]
    assert len(ups_made) == ups
    assert all((d.track, d.rule, d.local_date) == ("hip", "hip_easy", hip_session) for d in ups_made)
    next_hip_plan = patient.plans[patient.day(9)]
    assert next_hip_plan.hip_day
    assert {i.resistance_step for i in next_hip_plan.items if i.track == "hip"} == {step}


def test_resistance_keeps_climbing_per_exercise():
    patient = live(State(), [*[train(effort="easy"), rest()] * 3, rest(), rest()], side="left")
    hip_items = [i for i in patient.plan.items if i.track == "hip"]
    assert patient.plan.hip_day and {i.resistance_step for i in hip_items} == {3}


# ---------------------------------------------------------------- section 4: mobility, every day

MOBILITY = ["ankle-pumps-stretch", "toe-yoga", "calf-soft-tissue", "ankle-rocking"]
MOBILITY_DAYS = table(
    # id                          painful heel   stage   every day
    ("stage 1, hip days",         "right",       1,      train()),
    ("stage 1, rest days",        "right",       1,      rest()),
    ("stage 3, both heels",       "both",        3,      train(reps=12)),
    ("stage 5, no check-ins",     "left",        5,      rest(None)),
)


@pytest.mark.parametrize("side, stage, day", MOBILITY_DAYS)
def test_the_four_mobility_exercises_every_day(side, stage, day):
    patient = Patient(side=side, state=at(stage)).live([day] * 14)
    for plan in patient.plans.values():
        assert [i.exercise_id for i in plan.items if i.track == "mobility"] == MOBILITY


# ---------------------------------------------------------------- catch-up after time away

CATCH_UP = table(
    # id                                 start            days without calf work   planned on return   missed weeks  dose after return
    ("6 days away: no change",           at(1, (5, 45)),  6,                       "S1 5x45s",         0,            "S2 3x30s"),
    ("1 week away: one step back",       at(1, (5, 45)),  7,                       "S1 5x40s",         1,            "S1 5x45s"),
    ("13 days: still one week",          at(1, (5, 45)),  13,                      "S1 5x40s",         1,            "S1 5x45s"),
    ("2 weeks: two steps",               at(1, (5, 45)),  14,                      "S1 5x35s",         2,            "S1 5x40s"),
    ("3 weeks: three steps",             at(1, (5, 45)),  21,                      "S1 5x30s",         3,            "S1 5x35s"),
    ("stage 5 loaded, 1 week: load off", at(5, load=5),   7,                       "S5 3 sets +2.5kg", 1,            "S5 3 sets +2.5kg"),
    ("stage 5 loaded, 3 weeks",          at(5, load=5),   21,                      "S5 2 sets",        3,            "S5 3 sets"),
)


@pytest.mark.parametrize("start, missed, planned, weeks, dose_after", CATCH_UP)
def test_back_after_a_missed_week_steps_the_dose_back(start, missed, planned, weeks, dose_after):
    patient = live(start, [train(reps=16), *[rest()] * missed, train(reps=16), rest()])
    return_day = patient.last_session_day()
    return_plan = patient.plans[return_day]  # what the patient was asked to do on the way back
    assert dose(return_plan) == planned
    assert any("since your last calf session" in notice for notice in return_plan.notices) is (weeks > 0)
    re_entries = [(d.local_date, d.rule, d.reasons["missed_weeks"]) for d in patient.decisions if d.kind == "re_entry"]
    assert re_entries == ([(return_day, "catch_up", weeks)] if weeks else [])
    assert dose(patient.plan) == dose_after


def test_no_check_ins_while_away_change_nothing_about_the_catch_up():
    patient = live(at(1, (5, 45)), [train(), *mornings(*[None] * 14), train(), rest()])
    assert dose(patient.plans[patient.last_session_day()]) == "S1 5x35s"
    assert [d.reasons["missed_weeks"] for d in patient.decisions if d.kind == "re_entry"] == [2]


# ---------------------------------------------------------------- thresholds a clinician can change

T = Thresholds
OVERRIDES = table(
    # id                                  thresholds                           start           after the calm week              decisions   dose after
    ("pain limit 3: pain 4 flags",        T(pain_limit=3),                     at(1, (5, 30)), [train(pain=4), rest()],         PAIN_FLAG,  "S1 4x30s"),
    ("pain limit 3: pain 3 is fine",      T(pain_limit=3),                     at(1, (5, 30)), [train(pain=3), rest()],         UP,         "S1 5x35s"),
    ("pain limit 7: pain 6 is fine",      T(pain_limit=7),                     at(1, (5, 30)), [train(pain=6), rest()],         UP,         "S1 5x35s"),
    ("3 to progress: 2 not enough",       T(tolerated_sessions_to_progress=3), at(1, (5, 45)), [train()] * 2 + [rest()],        ONCE_MORE,  "S1 5x45s"),
    ("3 to progress: 3 move up",          T(tolerated_sessions_to_progress=3), at(1, (5, 45)), [train()] * 3 + [rest()],        NEXT_STAGE, "S2 3x30s"),
    ("1 to progress: 1 moves up",         T(tolerated_sessions_to_progress=1), at(3),          [train(reps=16), rest()],        NEXT_STAGE, "S4 3 sets"),
    ("reps over 12: 13 twice move up",    T(progress_reps_over=12),            at(3),          [train(reps=13)] * 2 + [rest()], NEXT_STAGE, "S4 3 sets"),
    ("reps over 20: 18 not enough",       T(progress_reps_over=20),            at(3),          [train(reps=18)] * 2 + [rest()],
                                                                                                           ["hold:reps_over"], "S3 3 sets"),
    ("flare margin 2: morning 4 steady",  T(flare_margin=2),                   at(2, (5, 30)), [train(), rest(4)],              UP,         "S2 5x35s"),
    ("flare margin 0: morning 3 flares",  T(flare_margin=0),                   at(2, (5, 30)), [train(), rest(3)],              FLARE,      "S1 3x30s"),
    ("load step 5 kg",                    T(load_step_kg=5),                   at(5),          [train(reps=16)] * 2 + [rest()], MORE_LOAD,  "S5 3 sets +5kg"),
    ("refer after 2 flares",              T(flares_to_refer=2),                at(1),          [train(), *mornings(4, 2, 4)],
                                                     [*FLARE_AT_STAGE_1, "dose_back:morning_flare", "refer:three_flares"], "S1 3x30s"),
)


@pytest.mark.parametrize("thresholds, start, history, decisions, dose_after", OVERRIDES)
def test_a_clinician_can_change_the_thresholds(thresholds, start, history, decisions, dose_after):
    assert outcome(live(start, history, thresholds=thresholds)) == (decisions, dose_after)


def test_the_plan_asks_for_one_rep_more_than_the_threshold():
    plan = Patient(state=at(3), thresholds=Thresholds(progress_reps_over=12)).live(rest()).plan
    assert [i.reps for i in plan.items if i.track == "calf"] == [13]


# ---------------------------------------------------------------- decisions explain themselves

AWAY_2_WEEKS = [train(), *mornings(*[None] * 15), train(), rest()]
EXPLAINED = table(
    # id, start, history -> the last decision of a kind: words its message contains, reasons it includes
    ("progress to stage 2",  at(1, (5, 45)),  [train(pain=3), train(pain=1), rest()], "progress",
     ["stage 2", "5 x 45 s", "pain at most 1/10", "2 sessions in a row"],
     {"stage": 1, "max_pain_during": 1, "holds_done": 5, "hold_seconds": 45, "tolerated_in_a_row": 2, "needed_in_a_row": 2}),
    ("holds build",          at(1, (3, 30)),  [train(pain=4), rest()], "dose_up",
     ["3 x 30 s", "pain at most 4/10", "4 x 30 s"],
     {"max_pain_during": 4, "holds_done": 3, "holds_prescribed": 3}),
    ("rep progress",         at(3),           [train(reps=17), train(reps=16), rest()], "progress",
     ["stage 4", "a set of 16 reps"],
     {"best_set_reps": 16, "progress_reps_over": 15, "sets_done": 3}),
    ("load added",           at(5, load=2.5), [train(reps=16), train(reps=16), rest()], "progress",
     ["Adding 2.5 kg", "now 5 kg"],
     {"stage": 5, "best_set_reps": 16}),
    ("pain flag",            at(3),           [train(pain=7), rest()], "flag",
     ["above 5/10"],
     {"max_pain_during": 7, "pain_limit": 5, "sets_not_settled": 0, "broken_rules": ["pain_during_limit"]}),
    ("morning flare",        at(3),           [train(), rest(5)], "stage_back",
     ["Morning pain 5/10", "usual 2", "stage 2"],
     {"morning_pain": 5, "baseline_median": 2, "flare_margin": 1, "flares_in_7_days": 1}),
    ("two flagged",          at(4),           [train(pain=6), train(pain=6), rest()], "stage_back",
     ["Two flagged", "stage 3"],
     {"max_pain_during": 6, "stage": 4}),
    ("re-entry",             at(1, (5, 45)),  AWAY_2_WEEKS, "re_entry",
     ["2 weeks away", "(5 x 45 s -> 5 x 35 s)"],
     {"missed_weeks": 2}),
    ("re-entry, rep stage",  at(3),           AWAY_2_WEEKS, "re_entry",
     ["2 weeks away", "(3 sets -> 1 set)"],
     {"missed_weeks": 2}),
    ("refer",                at(1),           mornings(4, 2, 4, 2, 4), "refer",
     ["3 flare-ups in 7 days", "clinician"],
     {"flares_in_7_days": 3, "morning_pain": 4}),
    ("hip resistance",       at(1),           [train(effort="easy"), rest()], "resistance_up",
     ["Split squat", "easy"],
     {"exercise_id": "split-squat", "sets": 3, "resistance_step": 1}),
)


@pytest.mark.parametrize("start, history, kind, words, reasons", EXPLAINED)
def test_decisions_carry_the_numbers_they_looked_at(start, history, kind, words, reasons):
    decision = next(d for d in reversed(live(start, history).decisions) if d.kind == kind)
    for word in words:
        assert word in decision.message
    assert decision.reasons | reasons == decision.reasons  # every expected reason, with that value


def test_every_decision_is_complete():
    patient = live(State(), [
        *[train(effort="easy")] * 8, train(pain=6), train(pain=6), rest(5), *mornings(None, 2, 2),
        *[train(reps=16)] * 4, *mornings(*[None] * 8), train(), rest()], side="both")
    assert {d.kind for d in patient.decisions} >= {"dose_up", "progress", "flag", "dose_back", "stage_back",
                                                    "resistance_up", "re_entry", "hold"}
    for decision in patient.decisions:
        assert decision.track in {"calf", "hip", "safety"}
        assert decision.rule and decision.kind
        assert decision.message.endswith("."), decision.message
        assert isinstance(decision.reasons, dict) and decision.reasons, decision


def test_a_morning_flare_repeats_the_red_flags_in_the_plan():
    from datetime import date

    from heelstrong.catalogue.loader import get_catalogue
    from heelstrong.progression import engine

    flare = engine.Decision(date(2026, 3, 9), "calf", "stage_back", "morning_flare", "Morning pain 6/10 ...")
    result = engine.compute(engine.Profile("left", date(2026, 3, 1)), engine.Thresholds(), get_catalogue(),
                            engine.State(evaluated_through=date(2026, 3, 9)), [], [], date(2026, 3, 10), [flare])
    assert any("numbness or tingling" in notice and "flared" in notice for notice in result.plan.notices)
    assert not result.plan.refer_to_clinician


def test_a_flagged_session_says_why_the_dose_steps_back_and_whether_it_could():
    from datetime import date, timedelta

    from heelstrong.catalogue.loader import get_catalogue
    from heelstrong.progression import engine

    def flagged_at(sets: int) -> str:
        day = date(2026, 3, 10)
        holds = tuple(engine.LoggedSet("calf-iso-double", "both", None, 30, 7, True) for _ in range(sets))
        result = engine.compute(engine.Profile("left", day), engine.Thresholds(), get_catalogue(),
                                engine.State(hold_sets=sets), [engine.CheckIn(day + timedelta(days=1), 2)],
                                [engine.Session(day, holds)], day + timedelta(days=1))
        return next(d.message for d in result.decisions if d.kind == "dose_back")

    assert flagged_at(3) == "Pain went above 5/10, so you stay on stage 1 at the starting dose: 3 x 30 s."
    assert flagged_at(4) == "Pain went above 5/10, so you stay on stage 1 with the dose one step back: 3 x 30 s."
