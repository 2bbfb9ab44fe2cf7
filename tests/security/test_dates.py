"""Issue 13, findings on dates and times: `to=9999-12-31` overflowed (OverflowError, a 500) on the
progress charts, the exports and the shared summary and PDF; a session starting at
9999-12-31T23:59:59-14:00 overflowed on its way to UTC; program_start 9999-12-31 and a bare
number as a time were taken. Every date and time is now bounded before anything is added to it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from heelstrong.core.fields import DATETIME_MESSAGE, FUTURE_MESSAGE
from tests.api.conftest import new_id
from tests.security.test_input import PROFILE, TODAY, assert_refused

QUERY_RANGES = ["/api/progress", "/api/checkins", "/api/export/summary", "/api/export/pdf", "/api/export/csv",
                "/api/export/fhir"]
SHARED = ["summary", "pdf", "csv", "fhir"]
FAR = [
    ({"to": "9999-12-31"}, "to must be at most 2099-12-31"),
    ({"from": "9999-12-01", "to": "9999-12-31"}, "from must be at most 2099-12-31"),
    ({"from": "2100-01-01"}, "from must be at most 2099-12-31"),
    ({"from": "0001-01-01", "to": "2026-01-01"}, "from must be at least 2000-01-01"),
]


@pytest.mark.parametrize(("query", "message"), FAR)
@pytest.mark.parametrize("path", QUERY_RANGES)
def test_a_date_range_beyond_its_bounds_is_refused(patient, path, query, message):
    assert_refused(patient.get(path, params=query), message)


@pytest.mark.parametrize(("query", "message"), FAR)
@pytest.mark.parametrize("what", SHARED)
def test_a_shared_range_beyond_its_bounds_is_refused_and_no_view_is_recorded(patient, new_client, what, query,
                                                                             message):
    link = patient.post("/api/share-links", json={}).json()
    assert_refused(new_client().get(f"/api/shared/{link['token']}/{what}", params=query), message)
    assert patient.get("/api/share-links").json()[0]["access_count"] == 0


@pytest.mark.parametrize("path", ["/api/progress", "/api/export/summary", "/api/export/csv"])
def test_the_latest_date_a_range_may_reach_is_answered(patient, path):
    response = patient.get(path, params={"from": "2098-01-01", "to": "2099-12-31"})
    assert response.status_code == 200, response.text


def test_the_latest_shared_range_is_answered(patient, new_client):
    token = patient.post("/api/share-links", json={}).json()["token"]
    response = new_client().get(f"/api/shared/{token}/summary", params={"from": "2098-01-01", "to": "2099-12-31"})
    assert response.status_code == 200, response.text


BAD_TIMES = [
    ("9999-12-31T23:59:59-14:00", FUTURE_MESSAGE),  # overflowed on its way to UTC
    ("9999-12-31T23:59:59+14:00", FUTURE_MESSAGE),
    ("0001-01-01T00:00:00+14:00", "must not be before 2000-01-01"),
    ("1999-12-31T23:00:00Z", "must not be before 2000-01-01"),
    pytest.param((datetime.now(UTC) + timedelta(days=2)).isoformat(), FUTURE_MESSAGE, id="2 days from now"),
    (1767225600, DATETIME_MESSAGE),  # a bare number was read as seconds since 1970
    (1767225600.5, DATETIME_MESSAGE),
    ("1767225600", DATETIME_MESSAGE),
    ("2026-11-26T07:00:00", DATETIME_MESSAGE),  # no offset: whose 07:00?
    ("2026-11-26", DATETIME_MESSAGE),
    ("yesterday", DATETIME_MESSAGE),
]


@pytest.mark.parametrize(("value", "message"), BAD_TIMES, ids=str)
@pytest.mark.parametrize("field", ["started_at", "ended_at"])
def test_a_session_time_must_be_iso_with_an_offset_and_bounded(patient, field, value, message):
    body = {"id": new_id(), "local_date": TODAY, field: value}
    assert_refused(patient.post("/api/sessions", json=body), f"{field} {message}")
    assert patient.get("/api/sessions").json()["total"] == 0
    session_id = new_id()
    assert patient.post("/api/sessions", json={"id": session_id, "local_date": TODAY}).status_code == 201
    assert_refused(patient.patch(f"/api/sessions/{session_id}", json={field: value}), f"{field} {message}")
    assert patient.get(f"/api/sessions/{session_id}").json()[field] is None


@pytest.mark.parametrize("value", [
    "2026-11-26T07:05:00Z", "2026-11-26T07:05:00+02:00", "2026-11-26T07:05:00.123-05:00",
    pytest.param((datetime.now(UTC) + timedelta(hours=23)).isoformat(), id="23 hours from now"),
])
def test_a_time_with_an_offset_up_to_a_day_ahead_is_taken(patient, value):
    response = patient.post("/api/sessions", json={"id": new_id(), "local_date": TODAY, "started_at": value})
    assert response.status_code == 201, response.text
    assert response.json()["started_at"] == datetime.fromisoformat(value).astimezone(UTC).isoformat().replace(
        "+00:00", "Z")


def profile(timezone: str, program_start: str) -> dict:
    return PROFILE | {"timezone": timezone, "program_start": program_start}


@pytest.mark.parametrize("program_start", ["9999-12-31", "2100-01-01"])
def test_a_program_start_far_ahead_is_refused(patient, program_start):
    assert_refused(patient.put("/api/profile", json=profile("UTC", program_start)),
                   f"program_start {FUTURE_MESSAGE}")
    assert patient.get("/api/profile").json()["program_start"] == PROFILE["program_start"]
    assert patient.get("/api/today").status_code == 200


@pytest.mark.parametrize("timezone", ["Pacific/Kiritimati", "UTC", "Pacific/Pago_Pago"])  # UTC+14, 0, -11
def test_a_program_start_may_be_the_patients_tomorrow_and_no_later(patient, timezone):
    today = datetime.now(ZoneInfo(timezone)).date()
    tomorrow, day_after = (today + timedelta(days=1)).isoformat(), (today + timedelta(days=2)).isoformat()
    assert patient.put("/api/profile", json=profile(timezone, tomorrow)).status_code == 200
    assert_refused(patient.put("/api/profile", json=profile(timezone, day_after)), f"program_start {FUTURE_MESSAGE}")
    assert patient.get("/api/profile").json()["program_start"] == tomorrow


@pytest.mark.parametrize("local_date", ["9999-12-31", "2100-01-01"])
def test_a_checkin_or_session_date_far_ahead_is_refused(patient, local_date):
    checkin = {"id": new_id(), "local_date": local_date, "morning_pain": 2}
    assert_refused(patient.post("/api/checkins", json=checkin), f"local_date {FUTURE_MESSAGE}")
    assert_refused(patient.post("/api/sessions", json={"id": new_id(), "local_date": local_date}),
                   f"local_date {FUTURE_MESSAGE}")
