"""Measures through the API (PROTOCOL.md 6): the heel-rise test's schedule and refusals, PSFS
activities and ratings, licensed totals, the words start against now, the clinician's side."""

from datetime import UTC, datetime, timedelta

import pytest

from heelstrong.progression import measures as plan_measures
from tests.api.conftest import link, new_id, register, user_id

TODAY = datetime.now(UTC).date()


def patient_of(client, side="left", condition="achilles_midportion", started_days_ago=2):
    register(client, f"measures-{new_id()[:8]}@example.org")
    profile = {"painful_side": side, "condition": condition, "timezone": "UTC",
               "program_start": (TODAY - timedelta(days=started_days_ago)).isoformat()}
    assert client.put("/api/profile", json=profile).status_code == 200
    return client


@pytest.fixture
def achilles(new_client):
    return patient_of(new_client())


def heel_rise(client, day=TODAY, painful=22, other=26, side="left"):
    other_side = "right" if side == "left" else "left"
    return client.post("/api/measures/heel-rise", json={"id": new_id(), "local_date": day.isoformat(), "sides": [
        {"side": other_side, "count": other, "height_held": True, "pain": 0},
        {"side": side, "count": painful, "height_held": False, "pain": 3}]})


def checkin(client, day, pain):
    assert client.post("/api/checkins", json={"id": new_id(), "local_date": day.isoformat(),
                                              "morning_pain": pain}).status_code in (200, 201)


def move_clock(monkeypatch, **moved):
    """The patient's clock, as the measures read it, moved on."""
    now = plan_measures.patient_now
    monkeypatch.setattr(plan_measures, "patient_now", lambda profile: now(profile) + timedelta(**moved))


def test_week_one_offers_the_test_other_side_first_and_stores_both_sides(achilles):
    heel = achilles.get("/api/measures").json()["heel_rise"]
    assert heel["order"] == [{"side": "right", "painful": False}, {"side": "left", "painful": True}]
    assert heel["offer"]["due"] and heel["offer"]["offered"]
    assert heel["offer"]["why_due"].startswith("Week 1: the first test shows where you start")
    assert (heel["beats_per_minute"], heel["noise"], heel["symmetry_goal"]) == (60, 6, 90)

    response = heel_rise(achilles)
    assert response.status_code == 201, response.text
    test = response.json()
    assert {(s["side"], s["painful"], s["count"], s["height_held"], s["pain"]) for s in test["sides"]} == {
        ("right", False, 26, True, 0), ("left", True, 22, False, 3)}
    assert (test["painful_count"], test["symmetry"]) == (22, 85)

    heel = achilles.get("/api/measures").json()["heel_rise"]
    assert not heel["offer"]["due"]
    assert heel["offer"]["next_due"] == (TODAY + timedelta(days=28)).isoformat()
    assert heel["words"] == [f"22 rises on the painful side on {TODAY:%b} {TODAY.day}, the first test",
                             "Symmetry 85% of the other side (goal 90%)"]


def test_a_replayed_test_is_the_stored_one(achilles):
    body = {"id": new_id(), "local_date": TODAY.isoformat(), "sides": [
        {"side": "right", "count": 20, "pain": 0}, {"side": "left", "count": 15, "pain": 2}]}
    assert achilles.post("/api/measures/heel-rise", json=body).status_code == 201
    again = achilles.post("/api/measures/heel-rise", json=body | {"sides": body["sides"][::-1]})
    assert again.status_code == 200
    assert len(achilles.get("/api/measures").json()["heel_rise"]["tests"]) == 1


@pytest.mark.parametrize("sides, words", [
    ([{"side": "left", "count": 20, "pain": 0}], "sides must have at least 2 entries"),
    ([{"side": "left", "count": 20, "pain": 0}, {"side": "left", "count": 21, "pain": 0}], "one result for the left"),
    ([{"side": "left", "count": -1, "pain": 0}, {"side": "right", "count": 21, "pain": 0}], "at least 0"),
    ([{"side": "left", "count": "12", "pain": 0}, {"side": "right", "count": 21, "pain": 0}], "whole number"),
    ([{"side": "left", "count": 12, "pain": 11}, {"side": "right", "count": 21, "pain": 0}], "at most 10"),
])
def test_a_test_that_cannot_be_right_is_refused_in_words(achilles, sides, words):
    response = achilles.post("/api/measures/heel-rise", json={"id": new_id(), "local_date": TODAY.isoformat(),
                                                              "sides": sides})
    assert response.status_code == 422
    assert words in response.json()["message"]


def test_not_on_a_morning_of_six_or_more(achilles):
    checkin(achilles, TODAY, 6)
    offer = achilles.get("/api/measures").json()["heel_rise"]["offer"]
    assert offer["due"] and not offer["offered"]
    assert offer["not_now"].startswith("Not on a morning of 6/10 or more (today's was 6/10)")
    assert offer["from_date"] == (TODAY + timedelta(days=1)).isoformat()
    refused = heel_rise(achilles)
    assert refused.status_code == 422
    assert "today's was 6/10" in refused.json()["message"]
    checkin(achilles, TODAY, 5)  # the morning corrected
    assert heel_rise(achilles).status_code == 201


def flagged_session(client, day):
    session = client.post("/api/sessions", json={"id": new_id(), "local_date": day.isoformat()}).json()
    assert client.post(f"/api/sessions/{session['id']}/sets", json={
        "id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30, "pain_during": 7,
        "settled": True}).status_code == 201


def test_not_within_48_hours_of_a_flagged_session(achilles, monkeypatch):
    flagged_session(achilles, TODAY)
    offer = achilles.get("/api/measures").json()["heel_rise"]["offer"]
    assert not offer["offered"]
    assert offer["not_now"].startswith("Not within 48 hours of a session that broke the pain rules")
    assert offer["from_date"] == (TODAY + timedelta(days=2)).isoformat()
    assert heel_rise(achilles).status_code == 422
    move_clock(monkeypatch, hours=47)
    assert not achilles.get("/api/measures").json()["heel_rise"]["offer"]["offered"]
    monkeypatch.undo()
    move_clock(monkeypatch, hours=48, minutes=1)
    assert achilles.get("/api/measures").json()["heel_rise"]["offer"]["offered"]


def test_a_flagged_session_logged_later_counts_from_the_end_of_its_day(achilles):
    yesterday = TODAY - timedelta(days=1)
    flagged_session(achilles, yesterday)
    offer = achilles.get("/api/measures").json()["heel_rise"]["offer"]
    until = TODAY + timedelta(days=1)
    assert offer["not_now"].endswith(f"offered again from {until:%a, %b} {until.day} at 23:59.")


def test_not_during_a_flare_up(new_client):
    patient = patient_of(new_client(), started_days_ago=10)
    for days_ago, pain in ((6, 2), (5, 2), (4, 2), (3, 2), (2, 2), (1, 5), (0, 3)):
        checkin(patient, TODAY - timedelta(days=days_ago), pain)
    offer = patient.get("/api/measures").json()["heel_rise"]["offer"]
    assert not offer["offered"], offer
    flare_day = TODAY - timedelta(days=1)
    assert offer["not_now"] == (f"Not during a flare-up (mornings up since {flare_day:%a, %b} {flare_day.day}): "
                                f"offered again from {flare_day + timedelta(days=7):%a, %b} "
                                f"{(flare_day + timedelta(days=7)).day}.")
    refused = heel_rise(patient)
    assert refused.status_code == 422 and "flare-up" in refused.json()["message"]


def test_due_again_after_four_weeks_and_the_change_read_against_the_noise(new_client, monkeypatch):
    patient = patient_of(new_client(), started_days_ago=60)
    assert heel_rise(patient, TODAY - timedelta(days=56), painful=22).status_code == 201
    offer = patient.get("/api/measures").json()["heel_rise"]["offer"]
    assert offer["due"] and offer["why_due"].startswith("It has been 4 weeks since the last test")
    assert heel_rise(patient, TODAY - timedelta(days=28), painful=25).status_code == 201
    assert heel_rise(patient, TODAY, painful=28).status_code == 201
    heel = patient.get("/api/measures").json()["heel_rise"]
    assert heel["words"][0] == "22 -> 28 rises on the painful side: beyond the 6-rise noise"
    assert heel["words"][1] == "Symmetry 85% -> 108% of the other side (goal 90%)"
    assert heel["signal"] is None


def test_a_fall_of_six_rises_is_a_signal_in_the_summary_and_the_caseload(new_client, new_clinician):
    patient = patient_of(new_client(), side="right", started_days_ago=40)
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    assert heel_rise(patient, TODAY - timedelta(days=30), painful=20, side="right").status_code == 201
    assert heel_rise(patient, TODAY - timedelta(days=2), painful=14, side="right").status_code == 201
    heel = patient.get("/api/measures").json()["heel_rise"]
    assert heel["signal"].startswith("Heel rises on the painful side fell by 6, 20 -> 14")
    assert heel["words"][0] == "20 -> 14 rises on the painful side: a fall beyond the 6-rise noise"
    glance = patient.get("/api/export/summary").json()["glance"]
    assert glance["outcomes"]["symmetry"] == 54
    assert any(item["topic"] == "measure" and "fell by 6" in item["text"] for item in glance["to_discuss"])
    row = clinician.get("/api/clinic/caseload").json()["rows"][0]
    assert row["symmetry"] == 54
    assert {"kind": "heel_rises_fell", "label": "Heel rises fell by 6",
            "since": (TODAY - timedelta(days=2)).isoformat(), "new": False} in row["attention"]
    assert clinician.get(f"/api/clinic/patients/{patient_id}/measures").json()["heel_rise"]["signal"]


def test_both_heels_painful_have_no_symmetry_index(new_client):
    patient = patient_of(new_client(), side="both")
    heel = patient.get("/api/measures").json()["heel_rise"]
    assert heel["order"] == [{"side": "left", "painful": True}, {"side": "right", "painful": True}]
    test = heel_rise(patient, painful=18, other=21).json()
    assert (test["painful_count"], test["symmetry"]) == (18, None)
    words = patient.get("/api/measures").json()["heel_rise"]["words"]
    assert words[-1].startswith("Both heels painful: no symmetry index; compare with the start and with norms")


def test_symmetry_goal_reached_with_calm_mornings_is_said_and_the_goal_is_the_clinicians(new_client,
                                                                                          new_clinician):
    patient = patient_of(new_client(), started_days_ago=20)
    for days_ago in range(6, -1, -1):
        checkin(patient, TODAY - timedelta(days=days_ago), 2)
    assert heel_rise(patient, painful=24, other=26).status_code == 201
    heel = patient.get("/api/measures").json()["heel_rise"]
    assert heel["goal_reached"].startswith("Your painful side did 24 heel rises, 92% of the other side's 26: "
                                           "past the 90% goal, with calm mornings.")
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    settings = clinician.get(f"/api/clinic/patients/{patient_id}").json()["settings"]
    thresholds = {key: value for key, value in settings.items() if key not in ("switched_off", "updated_at")}
    saved = clinician.put(f"/api/clinic/patients/{patient_id}/settings",
                          json={**thresholds, "symmetry_goal": 95, "switched_off": settings["switched_off"]})
    assert saved.status_code == 200, saved.text
    heel = patient.get("/api/measures").json()["heel_rise"]
    assert heel["symmetry_goal"] == 95 and heel["goal_reached"] is None


def test_psfs_activities_are_named_rated_and_rated_again_every_two_weeks(achilles, monkeypatch):
    psfs = achilles.get("/api/measures").json()["instruments"][0]
    assert (psfs["id"], psfs["kind"], psfs["due"], psfs["min_items"], psfs["max_items"]) == (
        "psfs", "patient_items", True, 3, 5)
    items = []
    for text in ("Run 5 km", "Walk the dog for 30 minutes", "Stairs at work"):
        response = achilles.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs", "text": text})
        assert response.status_code == 201, response.text
        items.append(response.json()["id"])
    duplicate = achilles.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs", "text": "run 5 KM"})
    assert duplicate.status_code == 422 and "already named" in duplicate.json()["message"]
    missing = achilles.post("/api/measures/responses", json={
        "id": new_id(), "instrument": "psfs", "local_date": TODAY.isoformat(), "answers": {items[0]: 3, items[1]: 4}})
    assert missing.status_code == 422
    assert missing.json()["message"] == 'Rate every one: "Stairs at work" has no answer.'
    too_high = achilles.post("/api/measures/responses", json={
        "id": new_id(), "instrument": "psfs", "local_date": TODAY.isoformat(),
        "answers": {items[0]: 3, items[1]: 4, items[2]: 11}})
    assert too_high.json()["message"] == ('"Stairs at work" takes 0 (unable to do it) to 10 (as well as before the '
                                          'heel pain), not 11.')
    body = {"id": new_id(), "instrument": "psfs", "local_date": TODAY.isoformat(),
            "answers": {items[0]: 2, items[1]: 5, items[2]: 4}}
    first = achilles.post("/api/measures/responses", json=body)
    assert first.status_code == 201 and first.json()["score"] == 3.7
    assert achilles.post("/api/measures/responses", json=body).status_code == 200  # a replay
    psfs = achilles.get("/api/measures").json()["instruments"][0]
    assert not psfs["due"] and len(psfs["responses"]) == 1

    move_clock(monkeypatch, days=14)
    psfs = achilles.get("/api/measures").json()["instruments"][0]
    assert psfs["due"] and psfs["why_due"].startswith("Rate your activities again: it has been 2 weeks")
    fourth = achilles.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs", "text": "Hike"})
    assert fourth.status_code == 201
    later = achilles.post("/api/measures/responses", json={
        "id": new_id(), "instrument": "psfs", "local_date": TODAY.isoformat(),
        "answers": {items[0]: 6, items[1]: 7, items[2]: 6, fourth.json()["id"]: 5}})
    assert later.status_code == 201 and later.json()["score"] == 6.0
    assert achilles.get("/api/measures").json()["instruments"][0]["words"] == [
        "PSFS 3.7 -> 6.0: beyond the 2-point noise; a medium change"]


def test_at_most_five_activities(achilles):
    for n in range(5):
        assert achilles.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs",
                                                          "text": f"Activity {n}"}).status_code == 201
    sixth = achilles.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs", "text": "Six"})
    assert sixth.status_code == 422
    assert sixth.json()["message"] == "You have named 5 activities, the most PSFS takes; keep rating those."


def test_licensed_totals_by_condition_without_their_items(achilles, new_client):
    ids = [i["id"] for i in achilles.get("/api/measures").json()["instruments"]]
    assert ids == ["psfs", "visa_a"]
    visa = achilles.get("/api/measures").json()["instruments"][1]
    assert visa["kind"] == "total" and visa["items"] == []
    for total in (45, 78):
        assert achilles.post("/api/measures/responses", json={
            "id": new_id(), "instrument": "visa_a", "local_date": TODAY.isoformat(), "total": total}).status_code == 201
    visa = achilles.get("/api/measures").json()["instruments"][1]
    assert visa["words"] == ["VISA-A 45 -> 78: a clinically important change"]
    wrong = achilles.post("/api/measures/responses", json={
        "id": new_id(), "instrument": "ffi", "local_date": TODAY.isoformat(), "total": 40})
    assert wrong.json()["message"] == ("FFI is not one of this patient's questionnaires; theirs are PSFS (psfs), "
                                       "VISA-A (visa_a).")
    out_of_range = achilles.post("/api/measures/responses", json={
        "id": new_id(), "instrument": "visa_a", "local_date": TODAY.isoformat(), "total": 101})
    assert out_of_range.json()["message"] == "Type the VISA-A total from your form: a number from 0 to 100."
    plantar = patient_of(new_client(), condition="plantar_heel")
    assert [i["id"] for i in plantar.get("/api/measures").json()["instruments"]] == ["psfs", "ffi"]


def test_the_clinician_enters_a_total_for_their_patient_and_it_reads_in_the_summary(achilles, new_clinician):
    clinician = new_clinician()
    patient_id = link(achilles, clinician)
    body = {"id": new_id(), "instrument": "visa_a", "local_date": (TODAY - timedelta(days=1)).isoformat(),
            "total": 52}
    entered = clinician.post(f"/api/clinic/patients/{patient_id}/measures/responses", json=body)
    assert entered.status_code == 201, entered.text
    assert entered.json()["entered_by"] == "clinician"
    visa = achilles.get("/api/measures").json()["instruments"][1]
    assert visa["responses"][0]["score"] == 52 and visa["responses"][0]["entered_by"] == "clinician"
    yesterday = TODAY - timedelta(days=1)
    outcomes = achilles.get("/api/export/summary").json()["glance"]["outcomes"]
    assert outcomes["lines"] == [f"VISA-A 52 on {yesterday:%b} {yesterday.day}, the first score"]
    stranger = new_clinician(clinic="Another Clinic")
    assert stranger.post(f"/api/clinic/patients/{patient_id}/measures/responses",
                         json=body | {"id": new_id()}).status_code == 404
    assert stranger.get(f"/api/clinic/patients/{patient_id}/measures").status_code == 404


def test_another_patients_measures_are_not_theirs_to_delete(achilles, new_client):
    test = heel_rise(achilles).json()
    other = patient_of(new_client())
    assert other.delete(f"/api/measures/heel-rise/{test['id']}").status_code == 404
    assert achilles.delete(f"/api/measures/heel-rise/{test['id']}").status_code == 204
    assert achilles.get("/api/measures").json()["heel_rise"]["tests"] == []
    assert user_id(other) != user_id(achilles)


def test_a_date_past_tomorrow_is_refused(achilles):
    response = heel_rise(achilles, day=TODAY + timedelta(days=2))
    assert response.status_code == 422


def test_a_deployments_licensed_items_file_is_answered_and_scored_through_the_api(achilles, tmp_path, monkeypatch):
    from heelstrong.catalogue.instruments import get_measures
    from heelstrong.core.config import get_settings
    from tests.unit.test_instruments import MADE_UP, deployment

    monkeypatch.setenv("HEELSTRONG_INSTRUMENTS_DIR", str(deployment(tmp_path, MADE_UP)))
    get_settings.cache_clear()
    get_measures.cache_clear()
    try:
        instrument = achilles.get("/api/measures").json()["instruments"][1]
        assert (instrument["short_name"], instrument["kind"]) == ("MAQ", "items")
        assert [o["text"] for o in instrument["items"][0]["options"]] == ["More than 100 minutes", "About 50 minutes",
                                                                          "None"]
        body = {"id": new_id(), "instrument": "visa_a", "local_date": TODAY.isoformat()}
        wrong = achilles.post("/api/measures/responses", json=body | {"answers": {"q1": 4, "q2": 10}})
        assert wrong.json()["message"] == '"How many minutes of stiffness in the morning?" takes 0, 5, 10, not 4.'
        answered = achilles.post("/api/measures/responses", json=body | {"answers": {"q1": 5, "q2": 10}})
        assert answered.status_code == 201 and answered.json()["score"] == 75.0
    finally:
        monkeypatch.delenv("HEELSTRONG_INSTRUMENTS_DIR")
        get_settings.cache_clear()
        get_measures.cache_clear()
