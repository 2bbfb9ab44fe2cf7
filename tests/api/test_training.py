from datetime import UTC, datetime, timedelta

import pytest

from tests.api.conftest import new_id

TODAY = datetime.now(UTC).date().isoformat()


def start_session(client, **overrides) -> str:
    body = {"id": new_id(), "local_date": TODAY, "started_at": "2026-11-26T07:00:00Z"} | overrides
    response = client.post("/api/sessions", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def hold(**overrides):
    return {"id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
            "pain_during": 3, "settled": True} | overrides


def hip(**overrides):
    return {"id": new_id(), "exercise_id": "hip-abduction-band", "side": "left", "reps": 10,
            "band": "green", "effort": "right", "pain_during": 0, "settled": True} | overrides


def all_sets(client) -> list[dict]:
    return [s for item in client.get("/api/sessions").json()["items"] for s in item["sets"]]


def test_exercises_list_the_catalogue(patient):
    exercises = {e["id"]: e for e in patient.get("/api/exercises").json()}
    assert exercises["calf-iso-double"]["allowed_sides"] == ["both"]
    assert exercises["calf-raise-double-slow"]["lowering_seconds"] == 5
    assert {e["track"] for e in exercises.values()} == {"calf", "hip", "mobility", "core"}


def test_exercise_cues_use_the_patients_own_pain_limit(patient):
    def cues() -> str:
        return " ".join(patient.get("/api/exercises").json()[0]["cues"])

    assert "An ache up to 5/10 is fine. Stop at 6." in cues()
    thresholds = patient.get("/api/profile/thresholds").json()
    assert patient.put("/api/profile/thresholds", json=thresholds | {"pain_limit": 3}).status_code == 200
    assert "An ache up to 3/10 is fine. Stop at 4." in cues() and "{" not in cues()


def test_log_sets_and_read_them_back_in_the_session(patient):
    session_id = start_session(patient)
    first = patient.post(f"/api/sessions/{session_id}/sets", json=hold(load_kg=2.5, effort="hard"))
    assert first.status_code == 201
    patient.post(f"/api/sessions/{session_id}/sets", json=hip())
    session = patient.get(f"/api/sessions/{session_id}").json()
    assert [(s["exercise_id"], s["side"]) for s in session["sets"]] == [
        ("calf-iso-double", "both"), ("hip-abduction-band", "left")]
    assert session["sets"][0]["load_kg"] == 2.5 and session["started_at"].endswith("Z")


def test_times_with_an_offset_are_answered_and_stored_in_utc(patient):
    session_id = start_session(patient, started_at="2026-11-26T07:05:00+02:00")
    assert patient.get(f"/api/sessions/{session_id}").json()["started_at"] == "2026-11-26T05:05:00Z"
    edited = patient.patch(f"/api/sessions/{session_id}", json={"ended_at": "2026-11-26T07:35:00+02:00"})
    assert edited.json()["ended_at"] == "2026-11-26T05:35:00Z"
    assert patient.get(f"/api/sessions/{session_id}").json()["ended_at"] == "2026-11-26T05:35:00Z"
    created = patient.post("/api/sessions", json={"id": new_id(), "local_date": TODAY,
                                                  "started_at": "2026-11-26T07:05:00-05:00"})
    assert created.json()["started_at"] == "2026-11-26T12:05:00Z"


def test_replaying_a_session_or_a_set_never_duplicates(patient):
    body = {"id": new_id(), "local_date": TODAY}
    assert patient.post("/api/sessions", json=body).status_code == 201
    assert patient.post("/api/sessions", json=body).status_code == 200
    entry = hold()
    assert patient.post(f"/api/sessions/{body['id']}/sets", json=entry).status_code == 201
    replay = patient.post(f"/api/sessions/{body['id']}/sets", json=entry)
    assert replay.status_code == 200 and replay.json()["id"] == entry["id"]
    assert patient.get("/api/sessions").json()["total"] == 1
    assert len(all_sets(patient)) == 1


def test_edit_and_delete_a_set(patient):
    session_id = start_session(patient)
    set_id = patient.post(f"/api/sessions/{session_id}/sets", json=hold()).json()["id"]
    edited = patient.patch(f"/api/sets/{set_id}", json={"pain_during": 6, "settled": False, "hold_seconds": 45})
    assert edited.status_code == 200
    assert (edited.json()["pain_during"], edited.json()["settled"], edited.json()["hold_seconds"]) == (6, False, 45)
    assert patient.delete(f"/api/sets/{set_id}").status_code == 204
    assert all_sets(patient) == []


def test_an_edit_that_breaks_the_exercise_rules_is_refused(patient):
    session_id = start_session(patient)
    set_id = patient.post(f"/api/sessions/{session_id}/sets", json=hold()).json()["id"]
    response = patient.patch(f"/api/sets/{set_id}", json={"side": "left"})
    assert response.status_code == 422 and "'left' is not allowed" in response.json()["message"]
    assert patient.patch(f"/api/sets/{set_id}", json={"pain_during": None}).status_code == 422
    assert all_sets(patient)[0]["side"] == "both" and all_sets(patient)[0]["pain_during"] == 3


def test_history_is_newest_first_and_paginated(patient):
    for days_ago in range(5):
        day = (datetime.now(UTC).date() - timedelta(days=days_ago)).isoformat()
        start_session(patient, local_date=day)
    page = patient.get("/api/sessions", params={"limit": 2, "offset": 0}).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    assert page["items"][0]["local_date"] == TODAY
    rest = patient.get("/api/sessions", params={"limit": 2, "offset": 4}).json()["items"]
    assert len(rest) == 1 and rest[0]["local_date"] < page["items"][1]["local_date"]


def test_deleting_a_session_deletes_its_sets(patient):
    session_id = start_session(patient)
    patient.post(f"/api/sessions/{session_id}/sets", json=hold())
    assert patient.delete(f"/api/sessions/{session_id}").status_code == 204
    assert patient.get(f"/api/sessions/{session_id}").status_code == 404


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (hold(pain_during=11), "pain_during must be at most 10"),
        (hold(pain_during=-1), "pain_during must be at least 0"),
        (hold(pain_during=2.5), "pain_during must be a whole number"),
        (hip(reps=-3), "reps must be at least 1"),
        (hip(reps=1001), "reps must be at most 1000"),
        (hold(hold_seconds=601), "hold_seconds must be at most 600"),
        (hold(hold_seconds=0), "hold_seconds must be at least 1"),
        (hold(exercise_id="moonwalk"), "'moonwalk' is not an exercise in the catalogue"),
        (hold(side="left"), "'left' is not allowed for"),
        (hold(side="middle"), "side must be one of"),
        (hold(hold_seconds=None, reps=10), "is timed: send hold_seconds"),
        (hip(reps=None, hold_seconds=30), "is counted in reps: send reps"),
        (hold(settled="yes"), "settled must be true or false"),
        (hold(effort="meh"), "effort must be one of"),
        (hold(load_kg=-1), "load_kg must be at least 0"),
        (hold(id="1234"), "id must be a UUID"),
    ],
)
def test_bad_sets_are_refused_with_a_clear_message_and_change_nothing(patient, entry, message):
    session_id = start_session(patient)
    response = patient.post(f"/api/sessions/{session_id}/sets", json=entry | {"id": entry["id"] or new_id()})
    assert response.status_code == 422, response.text
    assert message in response.json()["message"]
    assert all_sets(patient) == []


def test_bad_sessions_are_refused(patient):
    far = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    response = patient.post("/api/sessions", json={"id": new_id(), "local_date": far})
    assert response.status_code == 422 and "future" in response.json()["message"]
    backwards = patient.post("/api/sessions", json={"id": new_id(), "local_date": TODAY,
                                                    "started_at": "2026-11-26T08:00:00Z",
                                                    "ended_at": "2026-11-26T07:00:00Z"})
    assert backwards.status_code == 422 and "ended_at must not be before started_at" in backwards.json()["message"]
    assert patient.get("/api/sessions/not-a-uuid").status_code == 422
    assert patient.get("/api/sessions").json()["total"] == 0


def test_another_patients_session_and_sets_are_invisible(patient, other_patient):
    session_id = start_session(patient)
    set_id = patient.post(f"/api/sessions/{session_id}/sets", json=hold()).json()["id"]
    for method, path, body in [
        ("GET", f"/api/sessions/{session_id}", None),
        ("PATCH", f"/api/sessions/{session_id}", {"note": "mine now"}),
        ("DELETE", f"/api/sessions/{session_id}", None),
        ("POST", f"/api/sessions/{session_id}/sets", hold()),
        ("PATCH", f"/api/sets/{set_id}", {"pain_during": 9}),
        ("DELETE", f"/api/sets/{set_id}", None),
    ]:
        response = other_patient.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
        assert "calf" not in response.text
    assert other_patient.get("/api/sessions").json()["total"] == 0
    assert all_sets(patient)[0]["pain_during"] == 3
