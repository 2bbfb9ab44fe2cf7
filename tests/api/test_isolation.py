"""The isolation matrix: every route that takes an id, asked by patient B for patient A's object,
answers 404 (or 401/409 where B can't even address it), never A's data. New routes with an id
must be added here (or, under a patient's id in clinic mode, to the clinicians' matrix in
tests/security/test_clinic_access.py): the first test fails until they are."""

import pytest

from tests.api.conftest import link, new_id
from tests.api.test_progression import check_in, day
from tests.security.test_clinic_access import CLINIC_NOT_OBJECT_IDS, CLINICIAN_MATRIX

# (method, path template) -> a request body B sends (None for no body)
MATRIX = {
    ("GET", "/api/sessions/{session_id}"): None,
    ("PATCH", "/api/sessions/{session_id}"): {"note": "mine now"},
    ("DELETE", "/api/sessions/{session_id}"): None,
    ("POST", "/api/sessions/{session_id}/sets"): "a set",
    ("PATCH", "/api/sets/{set_id}"): {"pain_during": 9},
    ("DELETE", "/api/sets/{set_id}"): None,
    ("DELETE", "/api/share-links/{link_id}"): None,
    ("POST", "/api/decisions/{decision_id}/acknowledge"): None,
    ("DELETE", "/api/account/devices/{device_id}"): None,
    ("POST", "/api/notes/{note_id}/read"): None,
    ("POST", "/api/notes/{note_id}/messages"): {"id": "5b0e7a3c-9d1f-4e2a-8c6b-3f4d5e6a7b8c", "body": "mine now"},
    ("DELETE", "/api/measures/heel-rise/{test_id}"): None,
    ("DELETE", "/api/measures/responses/{response_id}"): None,
}
# Routes whose only path parameter is not an object id of a patient.
NOT_OBJECT_IDS = {"/api/export/{what}", "/api/shared/{token}/summary", "/api/shared/{token}/{what}",
                  "/api/calendar/{token}.ics", *CLINIC_NOT_OBJECT_IDS}


def test_every_route_with_an_id_is_in_the_matrix(app):
    routes = {(method.upper(), path) for path, operations in app.openapi()["paths"].items() if "{" in path
              for method in operations if path not in NOT_OBJECT_IDS}
    assert routes == set(MATRIX) | set(CLINICIAN_MATRIX)


@pytest.fixture
def objects_of_a(patient, new_clinician) -> dict[str, str]:
    session_id = new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": day(0)})
    set_id = patient.post(f"/api/sessions/{session_id}/sets", json={
        "id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
        "pain_during": 3, "settled": True, "note": "private note of A"}).json()["id"]
    link_id = patient.post("/api/share-links", json={}).json()["id"]
    # Calm mornings, then three flare-ups in a week (each higher than the days before): a referral prompt.
    for offset, pain in ((-6, 2), (-5, 2), (-4, 2), (-3, 7), (-2, 8), (-1, 9)):
        check_in(patient, offset, pain=pain)
    referral = patient.get("/api/today").json()["referrals"][0]
    test_id, response_id = new_id(), new_id()
    assert patient.post("/api/measures/heel-rise", json={"id": test_id, "local_date": day(-10), "sides": [
        {"side": "left", "count": 25, "pain": 0}, {"side": "right", "count": 17, "pain": 2}]}).status_code == 201
    assert patient.post("/api/measures/responses", json={"id": response_id, "instrument": "ffi",
                                                         "local_date": day(-10), "total": 48}).status_code == 201
    device_id = patient.get("/api/account/devices").json()[0]["id"]
    clinician = new_clinician()
    note = clinician.post(f"/api/clinic/patients/{link(patient, clinician)}/notes", json={"body": "private note of A"})
    return {"session_id": session_id, "set_id": set_id, "link_id": str(link_id), "decision_id": str(referral["id"]),
            "device_id": device_id, "note_id": str(note.json()["id"]), "test_id": test_id, "response_id": response_id}


@pytest.mark.parametrize(("method", "template"), list(MATRIX))
def test_patient_b_gets_404_for_patient_a_objects(patient, other_patient, objects_of_a, method, template):
    body = MATRIX[(method, template)]
    if body == "a set":
        body = {"id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
                "pain_during": 1, "settled": True}
    response = other_patient.request(method, template.format(**objects_of_a), json=body)
    assert response.status_code == 404, response.text
    assert "private note of A" not in response.text
    session = patient.get(f"/api/sessions/{objects_of_a['session_id']}").json()
    assert session["note"] is None and [s["pain_during"] for s in session["sets"]] == [3]
    assert patient.get("/api/share-links").json()[0]["active"]
    today = patient.get("/api/today").json()
    assert today["referrals"][0]["acknowledged_at"] is None  # A is still signed in too
    assert [(n["read_at"], n["messages"]) for n in today["notes"]] == [(None, [])]
    measures = patient.get("/api/measures").json()
    assert len(measures["heel_rise"]["tests"]) == 1 and measures["instruments"][1]["responses"][0]["score"] == 48


def test_replaying_a_of_ids_as_b_is_a_conflict_not_a_leak(patient, other_patient, objects_of_a):
    replay = other_patient.post("/api/sessions", json={"id": objects_of_a["session_id"], "local_date": day(0)})
    assert replay.status_code == 409 and objects_of_a["session_id"] not in replay.text
    own_session = new_id()
    other_patient.post("/api/sessions", json={"id": own_session, "local_date": day(0)})
    reused_set = other_patient.post(f"/api/sessions/{own_session}/sets", json={
        "id": objects_of_a["set_id"], "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
        "pain_during": 1, "settled": True})
    assert reused_set.status_code == 409 and "private note" not in reused_set.text
