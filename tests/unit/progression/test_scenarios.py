"""Simulated patients over 12 weeks, and their stage timelines.

Each patient has habits: which days they train, which mornings they forget to check in,
how their morning pain and their pain during exercise drift, and how strong they get.
Reps are done to fatigue, so they grow with practice at the same stage and load (about one
rep more every two or three sessions, from 10) and drop back when the exercise gets harder.

Run ``.venv/bin/python -m tests.unit.progression.test_scenarios`` to print the timelines.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pytest

from heelstrong.progression.engine import Plan

from .builders import Day, Patient, dose, rest, train

WEEKS = 12


@dataclass(frozen=True)
class Habits:
    name: str
    side: str
    day: Callable[[int], Day]  # program day (0 = first Monday) -> what happens that day
    reps_gain_every: int = 2  # sessions at the same stage and load per extra rep


def strength(patient: Patient, plan: Plan, gain_every: int) -> int:
    """Reps to fatigue today: 10, plus one per ``gain_every`` sessions at this stage and load."""
    item = next(i for i in plan.items if i.track == "calf")
    practised = sum(1 for s in patient.sessions
                    if any(x.exercise_id == item.exercise_id and x.load_kg == item.load_kg for x in s.sets))
    return min(20, 10 + practised // gain_every)


def simulate(habits: Habits, weeks: int = WEEKS) -> Patient:
    patient = Patient(side=habits.side)
    for n in range(weeks * 7):
        day = habits.day(n)
        if day.morning is not None:
            patient.check_in(day.morning)
        plan = patient.ask()
        if day.train:
            patient.do(plan, replace(day, reps=strength(patient, plan, habits.reps_gain_every)))
        patient.next_day()
    return patient


# ---------------------------------------------------------------- the patients


def steady_improver(n: int) -> Day:
    """Left heel. Trains six days a week (not Sundays), forgets the check-in about every tenth
    morning, mornings ease from 3 to 1, exercise pain from 3 to 2, hip work feels easy from week 5."""
    week = n // 7
    morning = None if n % 10 == 9 else (3 if week < 3 else 2 if week < 7 else 1)
    if n % 7 == 6:
        return rest(morning)
    return train(morning=morning, pain=3 if week < 4 else 2, effort="easy" if week >= 4 and n % 3 == 0 else "right")


def flare_in_week_3(n: int) -> Day:
    """Like the steady improver (right heel), but on day 16 (week 3) a long walk makes the
    session hurt 6/10 and the next two mornings are 6 and 5, well above the usual 2."""
    if n == 16:
        return train(pain=6)
    if n in (17, 18):
        return train(morning=6 if n == 17 else 5, pain=4)
    return replace(steady_improver(n), morning=None if n % 10 == 9 else 2)


def cautious_right_heel(n: int) -> Day:
    """Right heel. Trains five days a week (rests Wednesday and Sunday), skips about one morning in
    eight, pain during 4 with a 6 every 12th day, an unsettled session now and then."""
    morning = None if n % 8 == 5 else 3
    if n % 7 in (2, 6):
        return rest(morning)
    return train(morning=morning, pain=6 if n % 12 == 11 else 4, settled=n % 19 != 18)


def both_heels(n: int) -> Day:
    """Both heels. Trains most days, mornings 4 settling to 3, slower strength gains."""
    morning = None if n % 9 == 8 else (4 if n < 28 else 3)
    if n % 7 == 3:
        return rest(morning)
    return train(morning=morning, pain=4 if n < 42 else 3)


def two_week_gap(n: int) -> Day:
    """Left heel. Trains well for three weeks, then two weeks away (days 21-34: no training,
    check-ins only on some mornings), then back."""
    if 21 <= n < 35:
        return rest(2 if n % 3 == 0 else None)
    return replace(steady_improver(n), morning=2)


PATIENTS = {
    "steady improver": Habits("steady improver", "left", steady_improver),
    "flare in week 3": Habits("flare in week 3", "right", flare_in_week_3),
    "one-sided right heel": Habits("one-sided right heel", "right", cautious_right_heel),
    "both heels": Habits("both heels", "both", both_heels, reps_gain_every=3),
    "two-week gap": Habits("two-week gap", "left", two_week_gap),
}


# ---------------------------------------------------------------- timelines


def weekly_stages(patient: Patient) -> list[int]:
    """The stage planned on the last day of each week."""
    return [patient.plans[patient.day(7 * week + 6)].calf_stage for week in range(len(patient.plans) // 7)]


def timeline_table(patients: dict[str, Habits] = PATIENTS) -> str:
    weeks = range(1, WEEKS + 1)
    lines = [f"{'patient':<22}" + "".join(f"{'w' + str(w):>4}" for w in weeks) + "  final dose"]
    for name, habits in patients.items():
        patient = simulate(habits)
        lines.append(f"{name:<22}" + "".join(f"{stage:>4}" for stage in weekly_stages(patient))
                     + f"  {dose(patient.plan)}")
    return "\n".join(lines)


def print_timelines() -> None:
    print(timeline_table())


@pytest.fixture(scope="module")
def lived() -> dict[str, Patient]:
    return {name: simulate(habits) for name, habits in PATIENTS.items()}


def week_of(patient: Patient, day: date) -> int:
    return (day - patient.day(0)).days // 7 + 1


def events(patient: Patient, kind: str, track: str = "calf") -> list[tuple[int, str]]:
    """(week, rule) of each decision of a kind."""
    return [(week_of(patient, d.local_date), d.rule) for d in patient.decisions if d.kind == kind and d.track == track]


# ---------------------------------------------------------------- tests

EXPECTED_TIMELINE = """\
patient                 w1  w2  w3  w4  w5  w6  w7  w8  w9 w10 w11 w12  final dose
steady improver          1   2   3   3   4   4   4   5   5   5   5   5  S5 3 sets +5kg
flare in week 3          1   2   1   2   2   3   3   4   4   4   5   5  S5 3 sets
one-sided right heel     1   2   2   3   3   3   4   4   4   5   5   5  S5 3 sets
both heels               1   2   3   3   3   3   4   4   4   5   5   5  S5 3 sets
two-week gap             1   2   3   3   3   3   4   4   5   5   5   5  S5 3 sets +2.5kg
"""


def test_the_printed_timeline_is_stable(capsys):
    print_timelines()
    printed = capsys.readouterr().out
    assert printed == EXPECTED_TIMELINE
    assert timeline_table() + "\n" == printed  # a second run: no hidden state between runs


def test_steady_improver_climbs_the_ladder_without_a_step_back(lived):
    patient = lived["steady improver"]
    stages = weekly_stages(patient)
    assert stages == sorted(stages)  # never back
    assert stages[1] >= 2 and stages[3] >= 3 and stages[7] == 5  # stage 2 by week 2, 3 by week 4, 5 by week 8
    assert events(patient, "progress") == [(2, "progress_stage"), (3, "progress_stage"), (5, "progress_stage"),
                                           (8, "progress_stage"), (10, "add_load"), (12, "add_load")]
    assert events(patient, "flag") == [] and events(patient, "refer", "safety") == []
    assert dose(patient.plan) == "S5 3 sets +5kg"


def test_steady_improver_reps_grow_gradually(lived):
    patient = lived["steady improver"]
    stage3 = [max(s.reps for s in session.sets if s.exercise_id == "calf-raise-double-slow")
              for session in patient.sessions if any(s.exercise_id == "calf-raise-double-slow" for s in session.sets)]
    assert stage3[0] == 10 and stage3[-1] == 16
    assert all(0 <= after - before <= 1 for before, after in zip(stage3, stage3[1:]))


def test_flare_in_week_3_goes_back_a_stage_then_recovers(lived):
    patient = lived["flare in week 3"]
    stages = weekly_stages(patient)
    assert stages[1] == 2 and stages[2] == 1 and stages[3] == 2  # stage 2, flare, back to 1, then 2 again
    assert events(patient, "stage_back") == [(3, "morning_flare")]
    assert events(patient, "flag") == [(3, "pain_during_limit"), (3, "next_morning")]
    assert patient.plans[patient.day(17)].calf_stage == 1  # the morning of the flare already plans stage 1
    assert events(patient, "refer", "safety") == []  # two flares, not three
    assert stages[-1] == 5


def test_flare_costs_about_two_weeks_against_the_steady_improver(lived):
    steady, flared = weekly_stages(lived["steady improver"]), weekly_stages(lived["flare in week 3"])
    assert all(f <= s for f, s in zip(flared, steady))
    assert flared.index(5) - steady.index(5) in (2, 3)


def test_one_sided_right_heel_trains_the_left_hip(lived):
    patient = lived["one-sided right heel"]
    hip_days = [day for day, plan in patient.plans.items() if plan.hip_day]
    assert len(hip_days) >= 3 * WEEKS - 2
    for day in hip_days:
        hip = [i for i in patient.plans[day].items if i.track == "hip"]
        assert {i.side for i in hip} == {"left"}
        assert [i.exercise_id for i in hip] == ["hip-abduction-band", "hip-extension-band",
                                                "hamstring-curl-seated-band", "split-squat"]
    for plan in patient.plans.values():
        calf = next(i for i in plan.items if i.track == "calf")
        assert calf.side == ("right" if plan.calf_stage in (2, 4, 5) else "both")


def test_one_sided_right_heel_flags_step_the_dose_back_only(lived):
    patient = lived["one-sided right heel"]
    flags = [d.local_date for d in patient.decisions if d.kind == "flag"]
    backs = [d.local_date for d in patient.decisions if d.kind == "dose_back"]
    assert len(flags) == 8 and flags == backs  # each flag, that day: same stage, dose one step back
    assert events(patient, "stage_back") == []  # never two flagged sessions in a row
    assert weekly_stages(patient)[-1] == 5


def test_hip_days_never_back_to_back_and_at_most_three_a_week(lived):
    for name, patient in lived.items():
        done = sorted(s.local_date for s in patient.sessions if any(x.exercise_id.startswith(("hip", "ham", "glute", "split"))
                                                                    for x in s.sets))
        assert all((b - a).days >= 2 for a, b in zip(done, done[1:])), name
        assert all(sum(1 for d in done if 0 <= (d - day).days < 7) <= 3 for day in done), name


def test_both_heels_train_both_legs_with_extra_back_chain_work(lived):
    patient = lived["both heels"]
    hip_plans = [plan for plan in patient.plans.values() if plan.hip_day]
    assert hip_plans
    for plan in hip_plans:
        assert {(i.exercise_id, i.side, i.sets) for i in plan.items if i.track == "hip"} == {
            ("glute-bridge", "both", 4), ("hamstring-curl-seated-band", "both", 4),
            ("hamstring-curl-side-lying", "both", 4), ("hip-extension-band", "both", 4),
            ("hip-abduction-band", "both", 3)}
    assert {next(i for i in p.items if i.track == "calf").side for p in patient.plans.values()} == {"both"}
    assert weekly_stages(patient) == sorted(weekly_stages(patient))


def test_two_week_gap_re_enters_two_steps_back(lived):
    patient = lived["two-week gap"]
    back = patient.day(35)
    assert [(d.local_date, d.reasons["missed_weeks"]) for d in patient.decisions if d.kind == "re_entry"] == [(back, 2)]
    assert dose(patient.plans[patient.day(20)]) == "S3 3 sets"  # before the gap
    assert dose(patient.plans[back]) == "S3 1 set"  # the return day: two steps back, same stage
    assert any("2 weeks since your last calf session" in notice for notice in patient.plans[back].notices)
    assert dose(patient.plans[patient.day(37)]) == "S3 3 sets"  # built back up over the next sessions
    assert weekly_stages(patient)[2:5] == [3, 3, 3]  # the gap costs the dose, not the stage


def test_every_patient_gets_mobility_every_day_and_checks_in_most_mornings(lived):
    for name, patient in lived.items():
        assert all(sum(i.track == "mobility" for i in plan.items) == 4 for plan in patient.plans.values()), name
        assert len(patient.plans) == 7 * WEEKS
        assert len(patient.checkins) >= 0.75 * 7 * WEEKS, name
        assert 0.5 * 7 * WEEKS <= len(patient.sessions) < 7 * WEEKS, name


if __name__ == "__main__":
    print_timelines()
