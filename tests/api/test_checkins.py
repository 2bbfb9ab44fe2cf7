from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.conftest import new_id

TODAY = datetime.now(UTC).date()


def checkin(**overrides):
    return {"id": new_id(), "local_date": TODAY.isoformat(), "morning_pain": 3} | overrides


def test_a_checkin_is_created_then_updated_for_the_same_date(patient):
    first = patient.post("/api/checkins", json=checkin(stiffness_minutes=15, note="stiff, then fine"))
    assert first.status_code == 201
    again = patient.post("/api/checkins", json=checkin(morning_pain=5))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["morning_pain"] == 5
    assert [row["morning_pain"] for row in patient.get("/api/checkins").json()] == [5]


def test_replaying_the_same_id_returns_the_stored_row(patient):
    entry = checkin()
    assert patient.post("/api/checkins", json=entry).status_code == 201
    replay = patient.post("/api/checkins", json=entry)
    assert replay.status_code == 200 and replay.json()["id"] == entry["id"]
    assert len(patient.get("/api/checkins").json()) == 1


def test_list_by_date_range_newest_first(patient):
    for days_ago, pain in [(0, 2), (1, 3), (5, 6)]:
        day = (TODAY - timedelta(days=days_ago)).isoformat()
        assert patient.post("/api/checkins", json=checkin(local_date=day, morning_pain=pain)).status_code == 201
    start = (TODAY - timedelta(days=2)).isoformat()
    rows = patient.get("/api/checkins", params={"from": start, "to": TODAY.isoformat()}).json()
    assert [row["morning_pain"] for row in rows] == [2, 3]


def test_from_after_to_is_refused(patient):
    response = patient.get("/api/checkins", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert response.status_code == 422 and "'from' must not be after 'to'" in response.json()["message"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("morning_pain", 11, "morning_pain must be at most 10"),
        ("morning_pain", -1, "morning_pain must be at least 0"),
        ("morning_pain", 3.5, "morning_pain must be a whole number"),
        ("morning_pain", "3", "morning_pain must be a whole number"),
        ("morning_pain", None, "morning_pain must be a whole number"),
        ("stiffness_minutes", -5, "stiffness_minutes must be at least 0"),
        ("id", "not-a-uuid", "id must be a UUID"),
        ("local_date", "yesterday", "local_date must be a date"),
        ("local_date", (TODAY + timedelta(days=2)).isoformat(), "local_date must not be more than a day in the future"),
        ("note", "x" * 1001, "note must be at most 1000 characters"),
        ("mood", "great", "mood is not a field this endpoint knows"),
    ],
)
def test_bad_checkins_are_refused_with_a_clear_message_and_change_nothing(patient, field, value, message):
    response = patient.post("/api/checkins", json=checkin(**{field: value}))
    assert response.status_code == 422
    assert message in response.json()["message"]
    assert patient.get("/api/checkins").json() == []


def test_tomorrow_is_allowed_for_late_night_logging_across_time_zones(patient):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert patient.post("/api/checkins", json=checkin(local_date=tomorrow)).status_code == 201


def test_the_future_is_judged_in_the_patients_time_zone(patient):
    patient.put("/api/profile", json={"painful_side": "right", "condition": "plantar_heel",
                                      "program_start": "2026-11-01", "timezone": "Pacific/Kiritimati"})
    kiritimati_today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()  # UTC+14
    day_after = (kiritimati_today + timedelta(days=1)).isoformat()
    assert patient.post("/api/checkins", json=checkin(local_date=day_after)).status_code == 201
    two_days = (kiritimati_today + timedelta(days=2)).isoformat()
    assert patient.post("/api/checkins", json=checkin(local_date=two_days)).status_code == 422


def test_a_checkin_id_is_private_to_its_owner(patient, other_patient):
    entry = checkin()
    patient.post("/api/checkins", json=entry)
    response = other_patient.post("/api/checkins", json=entry | {"morning_pain": 9})
    assert response.status_code == 409
    assert "3" not in response.json()["message"]
    assert patient.get("/api/checkins").json()[0]["morning_pain"] == 3
    assert other_patient.get("/api/checkins").json() == []


def test_dates_before_2000_are_refused_as_typos(patient):
    response = patient.post("/api/checkins", json=checkin(local_date="0202-11-26"))
    assert response.status_code == 422 and "local_date must be at least 2000-01-01" in response.json()["message"]
    profile = {"painful_side": "left", "condition": "plantar_heel", "program_start": "1999-12-31", "timezone": "UTC"}
    assert patient.put("/api/profile", json=profile).status_code == 422
