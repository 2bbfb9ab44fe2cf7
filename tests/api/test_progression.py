from datetime import UTC, datetime, timedelta

from heelstrong.catalogue.clinical import RED_FLAGS
from tests.api.conftest import new_id, register

TODAY = datetime.now(UTC).date()  # the test patients live in UTC


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def log_holds(client, offset: int, seconds: int = 30, holds: int = 3, pain: int = 2, settled: bool = True):
    session_id = new_id()
    assert client.post("/api/sessions", json={"id": session_id, "local_date": day(offset)}).status_code == 201
    for _ in range(holds):
        entry = {"id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": seconds,
                 "pain_during": pain, "settled": settled}
        assert client.post(f"/api/sessions/{session_id}/sets", json=entry).status_code == 201
    return session_id


def check_in(client, offset: int, pain: int = 2):
    entry = {"id": new_id(), "local_date": day(offset), "morning_pain": pain}
    assert client.post("/api/checkins", json=entry).status_code in (200, 201)


def calf_item(plan):
    return next(item for item in plan["items"] if item["track"] == "calf")


def test_a_new_patient_starts_on_double_leg_holds_with_hip_work_on_the_other_side(patient):
    plan = patient.get("/api/today").json()
    assert plan["calf_stage"] == 1 and plan["today"] == day(0)
    calf = calf_item(plan)
    assert (calf["exercise_id"], calf["side"], calf["sets"], calf["hold_seconds"]) == ("calf-iso-double", "both", 3, 30)
    assert "starting point" in calf["why"]
    hip_sides = {item["side"] for item in plan["items"] if item["track"] == "hip"}
    assert plan["hip_day"] and hip_sides == {"left"}  # the fixture patient's right heel hurts
    assert {item["exercise_id"] for item in plan["items"] if item["track"] == "mobility"} >= {"toe-yoga"}
    assert plan["red_flags"] == list(RED_FLAGS)


def test_a_tolerated_day_adds_a_hold_and_says_why(patient):
    log_holds(patient, -1)
    check_in(patient, 0)
    plan = patient.get("/api/today").json()
    calf = calf_item(plan)
    assert (calf["sets"], calf["hold_seconds"]) == (4, 30)
    assert calf["why"] == "Tolerated 3 x 30 s (pain at most 2/10, settled): next time 4 x 30 s."
    decision = plan["recent_decisions"][0]
    assert (decision["kind"], decision["rule"], decision["local_date"]) == ("dose_up", "build_holds", day(-1))
    assert decision["reasons"]["max_pain_during"] == 2


def test_pain_above_the_limit_flags_the_session_with_the_rule(patient):
    log_holds(patient, -1, pain=7)
    check_in(patient, 0)
    progression = patient.get("/api/progression").json()
    flag = next(d for d in progression["decisions"] if d["kind"] == "flag")
    assert flag["rule"] == "pain_during_limit" and flag["reasons"]["max_pain_during"] == 7
    assert "pain went above 5/10" in flag["message"]
    assert progression["dose"]["sets"] == 3 and progression["evaluated_through"] == day(-1)


def test_a_session_waits_for_the_next_morning_check_in(patient):
    log_holds(patient, -1)
    assert calf_item(patient.get("/api/today").json())["sets"] == 3  # no morning check-in yet today
    check_in(patient, 0)
    assert calf_item(patient.get("/api/today").json())["sets"] == 4


def test_thresholds_are_per_patient_and_change_the_rules(patient):
    defaults = patient.get("/api/profile/thresholds").json()
    assert defaults["pain_limit"] == 5 and defaults["tolerated_sessions_to_progress"] == 2
    assert patient.put("/api/profile/thresholds", json=defaults | {"pain_limit": 7}).status_code == 200
    log_holds(patient, -1, pain=7)
    check_in(patient, 0)
    assert calf_item(patient.get("/api/today").json())["sets"] == 4


def test_bad_thresholds_are_refused_and_change_nothing(patient):
    defaults = patient.get("/api/profile/thresholds").json()
    for field, value, message in [("pain_limit", 11, "pain_limit must be at most 10"),
                                  ("pain_limit", 4.5, "pain_limit must be a whole number"),
                                  ("tolerated_sessions_to_progress", 0, "must be at least 1"),
                                  ("load_step_kg", -2.5, "load_step_kg must be at least 0.5")]:
        response = patient.put("/api/profile/thresholds", json=defaults | {field: value})
        assert response.status_code == 422 and message in response.json()["message"], (field, response.text)
    assert patient.get("/api/profile/thresholds").json() == defaults


def test_decisions_are_stored_once_and_an_edit_to_an_evaluated_day_does_not_rewrite_them(patient):
    session_id = log_holds(patient, -2)
    check_in(patient, -1)
    log_holds(patient, -1, holds=4)
    check_in(patient, 0)
    first = patient.get("/api/progression").json()
    assert [d["kind"] for d in first["decisions"]] == ["dose_up", "dose_up"]
    assert patient.get("/api/progression").json()["decisions"] == first["decisions"]  # no duplicates

    old_set = patient.get(f"/api/sessions/{session_id}").json()["sets"][0]
    assert patient.patch(f"/api/sets/{old_set['id']}", json={"pain_during": 8}).status_code == 200
    after_edit = patient.get("/api/progression").json()
    assert after_edit["decisions"] == first["decisions"]
    assert after_edit["dose"] == first["dose"]


def test_the_stage_timeline_and_decisions_show_progress(patient):
    seconds_by_day = [(3, 30), (4, 30), (5, 30), (5, 35), (5, 40), (5, 45), (5, 45)]
    for offset, (holds, seconds) in zip(range(-7, 0), seconds_by_day, strict=True):
        check_in(patient, offset)
        log_holds(patient, offset, seconds=seconds, holds=holds)
    check_in(patient, 0)
    progression = patient.get("/api/progression").json()
    assert progression["calf_stage"] == 2 and progression["stage_name"] == "Single-leg holds"
    assert progression["stage_timeline"] == [{"local_date": day(-1), "calf_stage": 2}]
    assert progression["decisions"][0]["message"].startswith("Moving to stage 2")
    calf = calf_item(patient.get("/api/today").json())
    # Single-leg holds on both calves, the painful one first (PROTOCOL.md 2a).
    assert (calf["exercise_id"], calf["side"], calf["sets"], calf["hold_seconds"]) == ("calf-iso-single", "both", 3, 30)
    assert "Start with your right leg" in calf["why"]


def test_today_needs_a_profile(new_client):
    client = new_client()
    register(client, "new@example.org")
    response = client.get("/api/today")
    assert response.status_code == 409 and "profile" in response.json()["message"]


def test_a_referral_prompt_stays_on_today_until_read_and_leads_the_clinicians_summary(patient, other_patient,
                                                                                      new_client):
    # Calm mornings, then three flare-ups in a week (each higher than the days before): a referral prompt.
    for offset, pain in ((-6, 2), (-5, 2), (-4, 2), (-3, 7), (-2, 8), (-1, 9)):
        check_in(patient, offset, pain=pain)
    today = patient.get("/api/today").json()
    assert today["refer_to_clinician"] and len(today["referrals"]) == 1
    referral = today["referrals"][0]
    assert (referral["kind"], referral["rule"], referral["acknowledged_at"]) == ("refer", "three_flares", None)
    assert referral["message"] == "3 flare-ups in 7 days. Time to see a physiotherapist or doctor (your own clinician, if you have one)."
    link = patient.post("/api/share-links", json={}).json()
    clinician = new_client()

    def summary(**params) -> list[dict]:
        events = clinician.get(f"/api/shared/{link['token']}/summary", params=params).json()["glance"]["events"]
        return [event for event in events if event["kind"] == "referral"]

    assert [r["rule_name"] for r in summary()] == ["Three flare-ups in 7 days"]
    assert summary()[0]["acknowledged_at"] is None
    # Someone else's id, a non-referral and an unknown id are all the same 404.
    flare = next(d for d in patient.get("/api/progression").json()["decisions"] if d["kind"] != "refer")
    for client, decision_id in ((other_patient, referral["id"]), (patient, flare["id"]), (patient, 2**31 - 1)):
        response = client.post(f"/api/decisions/{decision_id}/acknowledge")
        assert response.status_code == 404 and "no such prompt" in response.json()["message"]

    read = patient.post(f"/api/decisions/{referral['id']}/acknowledge")
    assert read.status_code == 200 and read.json()["acknowledged_at"] is not None
    again = patient.post(f"/api/decisions/{referral['id']}/acknowledge")
    assert again.json()["acknowledged_at"] == read.json()["acknowledged_at"]  # the first reading stands
    after = patient.get("/api/today").json()
    assert after["referrals"] == [] and not after["refer_to_clinician"]
    # The clinician still sees it, read, and whatever range they look at.
    assert summary()[0]["acknowledged_at"] == read.json()["acknowledged_at"]
    assert [r["rule_name"] for r in summary(**{"from": day(-30), "to": day(-20)})] == ["Three flare-ups in 7 days"]


def test_pacing_thresholds_are_blank_until_a_clinician_sets_them(patient):
    thresholds = patient.get("/api/profile/thresholds").json()
    assert thresholds["least_days_on_stage"] is None and thresholds["progress_reps_over"] is None
    assert (thresholds["morning_ceiling"], thresholds["worse_weeks_to_refer"]) == (7, 2)
    changed = thresholds | {"least_days_on_stage": 10, "max_load_kg": 7.5, "morning_ceiling": 8}
    assert patient.put("/api/profile/thresholds", json=changed).json() == changed
    too_many = patient.put("/api/profile/thresholds", json=thresholds | {"max_fatigue_sessions_per_week": 8})
    assert too_many.status_code == 422


def test_a_red_flag_in_the_check_in_prompts_the_clinician_that_morning(patient):
    entry = {"id": new_id(), "local_date": day(0), "morning_pain": 3, "red_flag": True}
    assert patient.post("/api/checkins", json=entry).json()["red_flag"] is True
    referrals = patient.get("/api/today").json()["referrals"]
    assert [(r["rule"], r["local_date"]) for r in referrals] == [("red_flag", day(0))]
    assert patient.get("/api/today").json()["referrals"] == referrals  # asked again: still one prompt
