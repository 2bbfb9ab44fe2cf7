"""Issue 13, what Schemathesis found running every phase against a real server
(tests/security/schemathesis_run.py, `make fuzz`), on SQLite and PostgreSQL:

- answers the OpenAPI did not document: 401 (signed out), 404 (an id that is not yours), 400 (a
  body that is not UTF-8 text), and a CSV from a share link documented as JSON only;
- request fields the schema types as a number or a flag but the server coerced: `"red_flag": 0`,
  `"stiffness_minutes": "3"`, `"load_kg": false`, `"max_load_kg": "2"` were stored as if sent right.
"""

import re
import uuid

import pytest

from tests.api.conftest import new_id

PROFILE_START = "2026-11-01"
CHECKIN = {"local_date": "2026-11-26", "morning_pain": 3}
HOLD = {"exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30, "pain_during": 3, "settled": True}


def documented(app, method: str, path: str) -> dict:
    """The answers the OpenAPI documents for the operation that serves `path`."""
    for template, operations in app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path) and method.lower() in operations:
            return operations[method.lower()]["responses"]
    raise AssertionError(f"{method} {path} is not in the OpenAPI")


def assert_documented(app, response) -> None:
    request = response.request
    responses = documented(app, request.method, request.url.path)
    assert str(response.status_code) in responses, (request.method, request.url.path, response.status_code)
    media_type = response.headers["content-type"].split(";")[0]
    content = responses[str(response.status_code)].get("content")
    if content is not None:  # a 204 has no body
        assert media_type in content, (request.method, request.url.path, media_type, sorted(content))
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "detail"}


def start_session(client) -> str:
    body = {"id": new_id(), "local_date": "2026-11-26", "started_at": "2026-11-26T07:00:00Z"}
    response = client.post("/api/sessions", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_signed_out_answers_are_documented(app, new_client):
    stranger = new_client()
    for method, path in [("GET", "/api/today"), ("GET", "/api/exercises"), ("GET", "/api/account/devices"),
                         ("POST", "/api/reminders/calendar"), ("GET", "/api/sessions"), ("GET", "/api/me")]:
        response = stranger.request(method, path)
        assert response.status_code == 401
        assert_documented(app, response)


def test_an_id_that_is_not_yours_answers_a_documented_404(app, patient):
    unknown = str(uuid.uuid4())
    for method, path, body in [
        ("GET", f"/api/sessions/{unknown}", None),
        ("PATCH", f"/api/sessions/{unknown}", {}),
        ("DELETE", f"/api/sessions/{unknown}", None),
        ("POST", f"/api/sessions/{unknown}/sets", HOLD | {"id": new_id()}),
        ("PATCH", f"/api/sets/{unknown}", {}),
        ("DELETE", f"/api/sets/{unknown}", None),
        ("DELETE", "/api/share-links/2147483646", None),
        ("POST", "/api/decisions/2147483646/acknowledge", None),
        ("DELETE", "/api/account/devices/" + "0" * 64, None),
    ]:
        response = patient.request(method, path, json=body)
        assert response.status_code == 404, (path, response.text)
        assert_documented(app, response)


@pytest.mark.parametrize("path", ["/api/checkins", "/api/sessions", "/api/profile/thresholds"])
def test_a_body_that_is_not_text_answers_a_documented_400(app, patient, path):
    method = "PUT" if path.endswith("thresholds") else "POST"
    response = patient.request(method, path, content=b"\xbf\x4b\x05\x06", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert_documented(app, response)


def test_a_share_links_files_are_documented_with_their_types(app, patient, new_client):
    assert patient.post("/api/checkins", json=CHECKIN | {"id": new_id()}).status_code == 201
    token = patient.post("/api/share-links", json={}).json()["token"]
    clinician = new_client()
    for what in ("csv", "fhir", "pdf"):
        response = clinician.get(f"/api/shared/{token}/{what}")
        assert response.status_code == 200
        assert_documented(app, response)


@pytest.mark.parametrize("field", [{"red_flag": 0}, {"red_flag": "false"}, {"stiffness_minutes": "3"},
                                   {"stiffness_minutes": True}, {"stiffness_minutes": 3.5}])
def test_a_checkin_field_of_the_wrong_type_is_refused_not_coerced(patient, field):
    entry = CHECKIN | {"id": new_id()} | field
    response = patient.post("/api/checkins", json=entry)
    assert response.status_code == 422, response.text
    assert patient.get("/api/checkins", params={"from": PROFILE_START}).json() == []


def test_a_checkin_with_the_right_types_is_still_taken(patient):
    for entry in ({"red_flag": False, "stiffness_minutes": 10}, {"red_flag": True, "stiffness_minutes": None}):
        response = patient.post("/api/checkins", json=CHECKIN | {"id": new_id()} | entry)
        assert response.status_code in (200, 201), response.text
        assert {k: response.json()[k] for k in entry} == entry


@pytest.mark.parametrize("load", [False, True, "5", "5.5"])
def test_a_load_that_is_not_a_number_is_refused(patient, load):
    session = start_session(patient)
    entry = HOLD | {"id": new_id(), "load_kg": load}
    assert patient.post(f"/api/sessions/{session}/sets", json=entry).status_code == 422
    assert patient.get(f"/api/sessions/{session}").json()["sets"] == []
    assert patient.post(f"/api/sessions/{session}/sets", json=entry | {"load_kg": 5}).status_code == 201
    stored = patient.post(f"/api/sessions/{session}/sets", json=HOLD | {"id": new_id(), "load_kg": 5.5})
    assert stored.status_code == 201 and stored.json()["load_kg"] == 5.5


@pytest.mark.parametrize("field", ["max_load_kg", "load_step_kg"])
@pytest.mark.parametrize("value", [False, "2"])
def test_a_threshold_load_that_is_not_a_number_is_refused(patient, field, value):
    before = patient.get("/api/profile/thresholds").json()
    assert patient.put("/api/profile/thresholds", json={field: value}).status_code == 422
    assert patient.get("/api/profile/thresholds").json() == before
    response = patient.put("/api/profile/thresholds", json={field: 2})
    assert response.status_code == 200 and response.json()[field] == 2


def test_a_method_a_path_does_not_take_is_405_naming_every_method_it_does(new_client):
    client = new_client()
    login = client.get("/api/auth/login")
    assert login.status_code == 405 and login.headers["allow"] == "POST"
    sessions = client.options("/api/sessions")  # GET and POST are two routes: both are named
    assert sessions.status_code == 405 and sessions.headers["allow"] == "GET, POST"
    assert sessions.json()["message"] == "This endpoint takes GET, POST."
    assert client.get("/api/no-such-thing").status_code == 404
    assert client.get("/api/health").status_code == 200
