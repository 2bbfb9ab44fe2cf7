"""Issue 13, findings on text: a NUL byte (or another control character) in any text field was a
500 on PostgreSQL (psycopg.DataError) and stored as it was on SQLite; a name with a direction
override (U+202E) showed reversed to the clinician. Each is now a 422 in the usual JSON shape,
and nothing is stored."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import PASSWORD, PROGRAM_START, new_id, register

TODAY = datetime.now(UTC).date().isoformat()
PROFILE = {"painful_side": "right", "condition": "plantar_heel", "program_start": PROGRAM_START, "timezone": "UTC"}
HOLD = {"exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30, "pain_during": 3, "settled": True}
HIP = {"exercise_id": "hip-abduction-band", "side": "left", "reps": 10, "pain_during": 0, "settled": True}

# NUL, SOH, ESC, DEL, and NEL (a C1 control).
CONTROLS = ["\u0000", "\u0001", "\u001b", "\u007f", "\u0085"]
LINE_BREAKS = ["\n", "\r", "\t"]  # fine in a note, not in a one-line field
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
ONE_LINE = "must be plain text on one line, without invisible control characters"
NOTE = "must be plain text without invisible control characters (line breaks and tabs are fine)"
DIRECTION = "must not contain invisible characters that change the direction of the text"


def assert_refused(response, phrase: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"message", "detail"} and phrase in body["message"], body
    assert body["message"].endswith(".") and "\x00" not in body["message"]


def strings(value) -> list[str]:
    """Every string in a JSON answer."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def assert_nothing_stored_with(client: TestClient, char: str) -> None:
    """No read of the patient's shows ``char`` anywhere."""
    for path in ["/api/me", "/api/checkins", "/api/sessions", "/api/share-links"]:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        assert not any(char in text for text in strings(answer.json())), (path, answer.text)


@pytest.fixture
def logged(patient) -> dict[str, str]:
    """A session with a set in it, to edit."""
    session_id, set_id = new_id(), new_id()
    assert patient.post("/api/sessions", json={"id": session_id, "local_date": TODAY}).status_code == 201
    created = patient.post(f"/api/sessions/{session_id}/sets", json=HIP | {"id": set_id, "band": "green"})
    assert created.status_code == 201, created.text
    return {"session": session_id, "set": set_id}


# Every write that takes text, as (method, path, body with the text in one field).
WRITES = {
    "profile display name": lambda ids, text: ("PUT", "/api/profile", PROFILE | {"display_name": f"Ana{text}"}),
    "check-in note": lambda ids, text: (
        "POST", "/api/checkins", {"id": new_id(), "local_date": TODAY, "morning_pain": 2, "note": f"ok{text}"}),
    "new session note": lambda ids, text: (
        "POST", "/api/sessions", {"id": new_id(), "local_date": TODAY, "note": f"ok{text}"}),
    "session note edit": lambda ids, text: ("PATCH", f"/api/sessions/{ids['session']}", {"note": f"ok{text}"}),
    "new set note": lambda ids, text: (
        "POST", f"/api/sessions/{ids['session']}/sets", HOLD | {"id": new_id(), "note": f"ok{text}"}),
    "new set band": lambda ids, text: (
        "POST", f"/api/sessions/{ids['session']}/sets", HIP | {"id": new_id(), "band": f"red{text}"}),
    "new set exercise": lambda ids, text: (
        "POST", f"/api/sessions/{ids['session']}/sets", HOLD | {"id": new_id(), "exercise_id": f"calf{text}"}),
    "set note edit": lambda ids, text: ("PATCH", f"/api/sets/{ids['set']}", {"note": f"ok{text}"}),
    "set band edit": lambda ids, text: ("PATCH", f"/api/sets/{ids['set']}", {"band": f"red{text}"}),
    "share-link label": lambda ids, text: ("POST", "/api/share-links", {"label": f"Dr. Berg{text}"}),
}
NOTES = {"check-in note", "new session note", "session note edit", "new set note", "set note edit"}


@pytest.mark.parametrize("char", CONTROLS, ids=repr)
@pytest.mark.parametrize("write", WRITES)
def test_a_control_character_in_any_text_is_refused_and_nothing_is_stored(patient, logged, write, char):
    method, path, body = WRITES[write](logged, char)
    assert_refused(patient.request(method, path, json=body), NOTE if write in NOTES else ONE_LINE)
    assert_nothing_stored_with(patient, char)


@pytest.mark.parametrize("char", LINE_BREAKS, ids=repr)
@pytest.mark.parametrize("write", sorted(set(WRITES) - NOTES))
def test_a_line_break_or_tab_in_a_one_line_field_is_refused(patient, logged, write, char):
    method, path, body = WRITES[write](logged, char)
    assert_refused(patient.request(method, path, json=body), ONE_LINE)


@pytest.mark.parametrize("write", sorted(NOTES))
def test_a_note_keeps_its_line_breaks_and_tabs(patient, logged, write):
    method, path, body = WRITES[write](logged, "\nsecond line\n\tindented")
    response = patient.request(method, path, json=body)
    assert response.status_code in (200, 201), response.text
    assert response.json()["note"] == "ok\nsecond line\n\tindented"


def test_a_carriage_return_is_not_a_line_break_a_note_keeps(patient):
    body = {"id": new_id(), "local_date": TODAY, "morning_pain": 2, "note": "one\r\ntwo"}
    assert_refused(patient.post("/api/checkins", json=body), NOTE)


@pytest.mark.parametrize("char", CONTROLS, ids=repr)
def test_registering_with_a_control_character_is_refused(new_client, char):
    client = new_client()
    email = client.post("/api/auth/register", json={"email": f"ana{char}@example.org", "password": PASSWORD})
    assert_refused(email, ONE_LINE)
    password = client.post("/api/auth/register", json={"email": "ana@example.org", "password": f"{PASSWORD}{char}"})
    assert_refused(password, ONE_LINE)
    register(client, "ana@example.org")  # nothing was made: the email takes its own password


@pytest.mark.parametrize("char", CONTROLS, ids=repr)
def test_signing_in_with_a_control_character_is_refused_or_wrong(new_client, char):
    client = register(new_client(), "ana@example.org")
    assert_refused(client.post("/api/auth/login", json={"email": f"ana@example.org{char}", "password": PASSWORD}),
                   ONE_LINE)
    # A password is only compared with a hash: any text is just a wrong password.
    wrong = client.post("/api/auth/login", json={"email": "ana@example.org", "password": f"{PASSWORD}{char}"})
    assert wrong.status_code == 401 and wrong.json()["message"] == "Email or password is wrong."


@pytest.mark.parametrize("char", BIDI, ids=repr)
def test_a_name_that_changes_the_texts_direction_is_refused(patient, new_client, char):
    # "Ana <U+202E>kcab" would show to the clinician as "Ana back".
    response = patient.put("/api/profile", json=PROFILE | {"display_name": f"Ana {char}kcab"})
    assert_refused(response, DIRECTION)
    assert patient.get("/api/profile").json()["display_name"] is None
    token = patient.post("/api/share-links", json={}).json()["token"]
    summary = new_client().get(f"/api/shared/{token}/summary")
    assert summary.status_code == 200 and not any(char in text for text in strings(summary.json()))


@pytest.mark.parametrize("name", ["نورة الحربي", "שרה לוי", "Zoë O'Brien-Løkken", "李小龙"])
def test_names_in_any_script_are_kept_as_typed(patient, name):
    assert patient.put("/api/profile", json=PROFILE | {"display_name": name}).status_code == 200
    assert patient.get("/api/profile").json()["display_name"] == name


def test_a_text_too_long_is_told_so_in_characters(patient):
    response = patient.put("/api/profile", json=PROFILE | {"display_name": "x" * 101})
    assert response.status_code == 422
    assert response.json()["message"] == "display_name must be at most 100 characters."
