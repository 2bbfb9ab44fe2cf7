from datetime import UTC, datetime, timedelta

from tests.api.conftest import new_id
from tests.api.test_progression import check_in, day, log_holds

TODAY = datetime.now(UTC).date()


def log_hip(client, offset: int, pain: int = 1):
    session_id = new_id()
    client.post("/api/sessions", json={"id": session_id, "local_date": day(offset)})
    for _ in range(3):
        client.post(f"/api/sessions/{session_id}/sets", json={
            "id": new_id(), "exercise_id": "hip-abduction-band", "side": "left", "reps": 10,
            "pain_during": pain, "settled": True})


def test_progress_series_for_charts(patient):
    start = TODAY - timedelta(days=13)
    patient.put("/api/profile", json={"painful_side": "right", "condition": "plantar_heel",
                                      "program_start": start.isoformat(), "timezone": "UTC"})
    for offset in range(-13, 1):
        check_in(patient, offset, pain=4 if offset < -6 else 2)
    log_holds(patient, -12, pain=3)
    log_holds(patient, -2, pain=6)
    log_hip(patient, -2, pain=4)
    log_hip(patient, -5)
    patient.get("/api/today")  # the engine records its decisions

    progress = patient.get("/api/progress", params={"from": start.isoformat(), "to": TODAY.isoformat()}).json()
    assert progress["too_much_pain"] == 6
    by_day = {p["local_date"]: p for p in progress["pain"]}
    assert len(by_day) == 14
    assert by_day[day(-12)] == {"local_date": day(-12), "morning_pain": 4, "stiffness_minutes": None,
                                "max_exercise_pain": 3}
    assert by_day[day(-2)]["max_exercise_pain"] == 6
    assert by_day[day(0)]["max_exercise_pain"] is None
    first, second = progress["weeks"]
    assert first == {"week_start": start.isoformat(), "sessions_done": 1, "sessions_planned": 10,
                     "hold_seconds": 90, "reps": 0}
    # Volume is the calf's: the 60 hip reps of the second week are not calf raises.
    assert (second["sessions_done"], second["sessions_planned"], second["hold_seconds"], second["reps"]) == (3, 10, 90, 0)
    assert progress["stage"] == [{"local_date": start.isoformat(), "calf_stage": 1}]
    assert "Morning pain went from 4 to 2" in progress["summary"] and "4 of 20 planned" in progress["summary"]


def test_a_first_day_with_calf_and_hip_work_is_two_of_two_not_two_of_one(patient):
    patient.put("/api/profile", json={"painful_side": "right", "condition": "plantar_heel",
                                      "program_start": day(0), "timezone": "UTC"})
    log_holds(patient, 0)
    log_hip(patient, 0)
    week = patient.get("/api/progress", params={"from": day(0), "to": day(0)}).json()["weeks"][0]
    assert (week["sessions_done"], week["sessions_planned"]) == (2, 2)  # the plan asks for hip work on day 1


def test_progress_defaults_to_the_last_four_weeks(patient):
    patient.put("/api/profile", json={"painful_side": "right", "condition": "plantar_heel",
                                      "program_start": "2026-01-01", "timezone": "UTC"})
    progress = patient.get("/api/progress").json()
    assert progress["end"] == TODAY.isoformat()
    assert progress["start"] == (TODAY - timedelta(days=27)).isoformat() and len(progress["weeks"]) == 4


def test_bad_progress_ranges_are_refused(patient):
    backwards = patient.get("/api/progress", params={"from": day(0), "to": day(-3)})
    assert backwards.status_code == 422 and "'from' must not be after 'to'" in backwards.json()["message"]
    too_long = patient.get("/api/progress", params={"from": "2020-01-01", "to": day(0)})
    assert too_long.status_code == 422 and "2 years" in too_long.json()["message"]
    assert patient.get("/api/progress", params={"from": "soon"}).status_code == 422


def test_progress_is_private(patient, other_patient):
    log_holds(patient, -1, pain=3)
    assert other_patient.get("/api/progress").json()["pain"] == []


def test_the_stage_line_is_up_to_date_even_before_today_was_asked(patient):
    seconds_by_day = [(3, 30), (4, 30), (5, 30), (5, 35), (5, 40), (5, 45), (5, 45)]
    for offset, (holds, seconds) in zip(range(-7, 0), seconds_by_day, strict=True):
        check_in(patient, offset)
        log_holds(patient, offset, seconds=seconds, holds=holds)
    check_in(patient, 0)
    progress = patient.get("/api/progress", params={"from": day(-7), "to": day(0)}).json()
    assert progress["stage"][-1] == {"local_date": day(-1), "calf_stage": 2}
