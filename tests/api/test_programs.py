"""Choosing a program (PROTOCOL.md 7): the list with what each asks and whether it fits the
patient's condition, the patient's choice (or their clinician's once linked), and Today following
it, with a decision that says so."""

import pytest

from heelstrong.catalogue.loader import get_catalogue

from .conftest import link, new_id
from .test_progression import check_in, day
from .test_reminders import new_link, remind


def programs(client, path: str = "/api/programs") -> dict[str, dict]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return {program["id"]: program for program in response.json()}


def calf_items(client) -> list[dict]:
    return [item for item in client.get("/api/today").json()["items"] if item["track"] == "calf"]


def test_the_programs_say_what_they_ask_and_whether_they_fit_this_heel(patient):
    listed = programs(patient)  # the fixture patient has plantar heel pain
    assert list(listed) == ["ladder", "silbernagel", "alfredson", "hsr", "rathleff"]
    assert {pid for pid, p in listed.items() if p["fits"]} == {"ladder", "rathleff"}
    assert listed["ladder"]["current"] and not listed["rathleff"]["current"]
    hsr = listed["hsr"]
    assert hsr["why_not"] == ("It is for Achilles tendinopathy (mid-portion) or insertional Achilles tendinopathy; "
                              "yours is plantar heel pain.")
    assert hsr["sessions"] == "3 a week, a rest day between" and hsr["needs"] == [
        "a backpack or weights", "a gym with a leg-press machine"]
    assert "Beyer" in hsr["source"] and hsr["stages"] == ["Heavy slow raises"]
    assert "towel under the toes" in listed["rathleff"]["asks"]


def test_a_patient_follows_the_program_they_choose_and_today_says_so(patient):
    assert [i["exercise_id"] for i in calf_items(patient)] == ["calf-iso-double"]  # the ladder, walked
    response = patient.put("/api/program", json={"program": "rathleff"})
    assert response.status_code == 200, response.text
    assert {p["id"] for p in response.json() if p["current"]} == {"rathleff"}
    assert patient.get("/api/profile").json()["program"] == "rathleff"
    today = patient.get("/api/today").json()
    (changed,) = [d for d in today["recent_decisions"] if d["rule"] == "program_change"]
    assert changed["kind"] == "program"
    assert changed["message"].startswith("Now following High-load plantar raises: from stage 1, high-load towel raises")
    progression = patient.get("/api/progression").json()  # its dose reads the program's stage, not the ladder's
    assert progression["stage_name"] == "High-load towel raises" and progression["dose"]["to_fatigue"] is False
    assert patient.get("/api/export/summary").json()["program_name"] == "High-load plantar raises"


def test_a_program_that_does_not_fit_or_does_not_exist_is_refused_in_words(patient):
    response = patient.put("/api/program", json={"program": "hsr"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Heavy slow resistance is not offered to you. It is for Achilles tendinopathy (mid-portion) or insertional "
        "Achilles tendinopathy; yours is plantar heel pain.")
    assert patient.put("/api/program", json={"program": "crossfit"}).status_code == 422
    assert patient.put("/api/program", json={"program": "ladder", "extra": 1}).status_code == 422
    assert patient.get("/api/profile").json()["program"] == "ladder"


def test_an_insertional_achilles_is_offered_programs_only_in_their_floor_form(patient):
    profile = patient.get("/api/profile").json() | {"condition": "achilles_insertional"}
    profile.pop("program")
    assert patient.put("/api/profile", json=profile).status_code == 200
    assert {pid for pid, p in programs(patient).items() if p["fits"]} == {"ladder", "silbernagel", "alfredson", "hsr"}
    assert patient.put("/api/program", json={"program": "alfredson"}).status_code == 200
    assert [i["exercise_id"] for i in calf_items(patient)] == ["heel-drop-straight-floor", "heel-drop-bent-floor"]


def test_a_linked_patients_program_is_the_clinicians_to_set(patient, new_clinician):
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    response = patient.put("/api/program", json={"program": "rathleff"})
    assert response.status_code == 403 and "Your clinician chooses your program" in response.json()["detail"]
    listed = programs(clinician, f"/api/clinic/patients/{patient_id}/programs")
    assert listed["ladder"]["current"]
    response = clinician.put(f"/api/clinic/patients/{patient_id}/program", json={"program": "rathleff"})
    assert response.status_code == 200, response.text
    assert [i["exercise_id"] for i in calf_items(patient)] == ["calf-raise-towel"]


def test_the_calendar_says_an_rm_programs_sets_and_target(patient, new_client):
    patient.put("/api/program", json={"program": "rathleff"})
    remind(patient)
    feed = new_client().get(new_link(patient)).text
    assert "None" not in feed
    # Week 5 (the fixture patient started 4 weeks ago): 5 x 8RM (Rathleff 2015).
    assert "calf raises 5 sets" in feed and "about 8 reps" in feed.replace("\r\n ", "")


PROGRAM_CONDITIONS = [("silbernagel", "achilles_insertional"), ("alfredson", "achilles_midportion"),
                      ("hsr", "achilles_midportion"), ("rathleff", "plantar_heel")]


@pytest.mark.parametrize("program, condition", PROGRAM_CONDITIONS)
def test_every_screen_and_export_reads_a_program_patient(patient, new_clinician, program, condition):
    """Three weeks of a program's own sets (logged as Today would have them), then every place that
    names the stage or the dose: no error anywhere, and each names the program's own stage."""
    profile = patient.get("/api/profile").json() | {"condition": condition}
    assert patient.put("/api/profile", json=profile).status_code == 200
    assert patient.put("/api/program", json={"program": program}).status_code == 200
    stage = get_catalogue().for_patient(program, condition).stages[0]
    for offset in range(-21, 0):
        check_in(patient, offset)
        session_id = new_id()
        patient.post("/api/sessions", json={"id": session_id, "local_date": day(offset)})
        for exercise_id in stage.exercise_ids:
            entry = {"id": new_id(), "exercise_id": exercise_id, "side": "both", "reps": 15, "pain_during": 2,
                     "settled": True, "load_kg": 2.5}
            assert patient.post(f"/api/sessions/{session_id}/sets", json=entry).status_code == 201
    check_in(patient, 0)
    today = patient.get("/api/today").json()
    assert today["program_name"] == get_catalogue().program(program).name
    assert today["stage_count"] == len(stage_names := [s.name for s in get_catalogue().program(program).stages])
    assert today["stage_name"] in stage_names
    for path in ("/api/progression", "/api/progress", "/api/export/summary", "/api/export/pdf", "/api/export/csv",
                 "/api/export/fhir"):
        response = patient.get(path)
        assert response.status_code == 200, (path, response.text[:300])
    remind(patient)
    assert "None" not in patient.get(new_link(patient)).text
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    assert clinician.get(f"/api/clinic/patients/{patient_id}").status_code == 200
    (row,) = clinician.get("/api/clinic/caseload").json()["rows"]
    assert row["stage_name"] in stage_names
    assert clinician.put(f"/api/clinic/patients/{patient_id}/stage", json={"stage": 1}).status_code == 204
