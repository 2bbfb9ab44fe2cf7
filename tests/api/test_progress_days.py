"""Issue 14: a year of progress reads one row per day (`progress_day`), kept up to date by every
write. After any sequence of writes, the stored days equal the days aggregated afresh from the
check-ins, sessions and sets, and the progress answer is built from them."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from heelstrong.core.db import get_engine
from heelstrong.progress import daily
from heelstrong.progress.models import ProgressDay
from tests.api.conftest import new_id, sign_up

DAYS = st.integers(min_value=-3, max_value=0)
EXERCISES = st.sampled_from(["calf-iso-double", "calf-raise-double-slow", "glute-bridge", "toe-yoga", "dead-bug"])
WRITES = st.one_of(
    st.tuples(st.just("check-in"), DAYS, st.integers(0, 10), st.one_of(st.none(), st.integers(0, 90))),
    st.tuples(st.just("session"), DAYS),
    st.tuples(st.just("set"), EXERCISES, st.integers(0, 10), st.integers(1, 20)),
    st.tuples(st.just("edit a set"), st.integers(0, 10), st.integers(1, 20)),
    st.tuples(st.just("delete a set")),
    st.tuples(st.just("delete a session")),
)


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def write(client, step, sessions: list[str], sets: list[str]) -> None:
    kind, *args = step
    if kind == "check-in":
        offset, pain, stiffness = args
        answer = client.post("/api/checkins", json={
            "id": new_id(), "local_date": day(offset), "morning_pain": pain, "stiffness_minutes": stiffness})
        assert answer.status_code in (200, 201), answer.text
    elif kind == "session":
        sessions.append(new_id())
        assert client.post("/api/sessions", json={"id": sessions[-1], "local_date": day(args[0])}).status_code == 201
    elif kind == "set" and sessions:
        exercise, pain, amount = args
        dose = {"hold_seconds": amount * 5} if exercise == "calf-iso-double" else {"reps": amount}
        set_id = new_id()
        answer = client.post(f"/api/sessions/{sessions[-1]}/sets", json={
            "id": set_id, "exercise_id": exercise, "side": "both", "pain_during": pain, **dose})
        assert answer.status_code == 201, answer.text
        sets.append(set_id)
    elif kind == "edit a set" and sets:
        pain, amount = args
        current = client.get("/api/sessions?limit=100").json()
        kept = next(s for page in current["items"] for s in page["sets"] if s["id"] == sets[-1])
        change = {"pain_during": pain} | ({"reps": amount} if kept["reps"] is not None else {})
        assert client.patch(f"/api/sets/{sets[-1]}", json=change).status_code == 200
    elif kind == "delete a set" and sets:
        assert client.delete(f"/api/sets/{sets.pop()}").status_code == 204
    elif kind == "delete a session" and sessions:
        assert client.delete(f"/api/sessions/{sessions.pop()}").status_code == 204
        sets.clear()  # a session's sets go with it (and the older sessions' sets are left alone)


def stored_and_fresh(user_id: int) -> tuple[list, list]:
    days = [date.today() + timedelta(days=offset) for offset in range(-3, 1)]
    with Session(get_engine()) as db:
        stored = db.exec(select(*ProgressDay.__table__.columns).where(ProgressDay.user_id == user_id)).all()
        fresh = db.exec(daily.totals(user_id, days)).all()
    return sorted(map(tuple, stored)), sorted(map(tuple, fresh))


@settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(WRITES, min_size=1, max_size=10))
def test_the_stored_days_always_equal_the_days_counted_afresh(new_client, steps):
    client = sign_up(new_client())
    user_id = client.get("/api/me").json()["id"]
    sessions: list[str] = []
    sets: list[str] = []
    for step in steps:
        write(client, step, sessions, sets)
        stored, fresh = stored_and_fresh(user_id)
        assert stored == fresh, step


def test_the_chart_is_the_days_totals(patient):
    """Two sessions on one day, calf holds and raises, hip and mobility work, a day with a
    check-in only and a session with no sets: what the chart and the week show."""
    first, second, empty = new_id(), new_id(), new_id()
    patient.post("/api/checkins", json={"id": new_id(), "local_date": day(-2), "morning_pain": 4,
                                        "stiffness_minutes": 10})
    patient.post("/api/checkins", json={"id": new_id(), "local_date": day(-1), "morning_pain": 3})
    for session_id in (first, second):
        patient.post("/api/sessions", json={"id": session_id, "local_date": day(-1)})
    patient.post("/api/sessions", json={"id": empty, "local_date": day(0)})
    for session_id, exercise, pain, dose in (
        (first, "calf-iso-double", 2, {"hold_seconds": 45}),
        (first, "calf-iso-double", 3, {"hold_seconds": 30}),
        (second, "calf-raise-double-slow", 4, {"reps": 15}),
        (second, "glute-bridge", 5, {"reps": 12}),
        (second, "toe-yoga", 1, {"reps": 10}),
    ):
        answer = patient.post(f"/api/sessions/{session_id}/sets", json={
            "id": new_id(), "exercise_id": exercise, "side": "both", "pain_during": pain, **dose})
        assert answer.status_code == 201, answer.text

    chart = patient.get(f"/api/progress?from={day(-6)}&to={day(0)}").json()
    assert chart["pain"] == [
        {"local_date": day(-2), "morning_pain": 4, "stiffness_minutes": 10, "max_exercise_pain": None},
        {"local_date": day(-1), "morning_pain": 3, "stiffness_minutes": None, "max_exercise_pain": 5},
    ]
    week = chart["weeks"][0]
    assert (week["hold_seconds"], week["reps"]) == (75, 15)  # calf work only


def test_a_write_that_fails_leaves_the_days_as_they_were(patient, monkeypatch):
    session_id = new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": day(0)})
    user_id = patient.get("/api/me").json()["id"]
    before = stored_and_fresh(user_id)[0]

    def fail(*_args):
        raise RuntimeError("the database went away mid-write")

    monkeypatch.setattr(daily, "add_sets", fail)  # the write's flush fails after the set is sent
    answer = patient.post(f"/api/sessions/{session_id}/sets", json={
        "id": new_id(), "exercise_id": "glute-bridge", "side": "both", "pain_during": 2, "reps": 10})
    assert answer.status_code == 500
    monkeypatch.undo()
    assert stored_and_fresh(user_id) == (before, before)  # neither the set nor its day's totals


def test_an_edited_or_deleted_set_changes_its_day(patient):
    session_id, set_id = new_id(), new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": day(0)})
    patient.post(f"/api/sessions/{session_id}/sets", json={
        "id": set_id, "exercise_id": "calf-raise-double-slow", "side": "both", "pain_during": 2, "reps": 10})

    def today_on_the_chart():
        chart = patient.get(f"/api/progress?from={day(0)}&to={day(0)}").json()
        return chart["pain"], chart["weeks"][0]["reps"]

    assert today_on_the_chart() == ([{"local_date": day(0), "morning_pain": None, "stiffness_minutes": None,
                                      "max_exercise_pain": 2}], 10)
    assert patient.patch(f"/api/sets/{set_id}", json={"pain_during": 4, "reps": 14}).status_code == 200
    assert today_on_the_chart() == ([{"local_date": day(0), "morning_pain": None, "stiffness_minutes": None,
                                      "max_exercise_pain": 4}], 14)
    assert patient.delete(f"/api/sets/{set_id}").status_code == 204
    assert today_on_the_chart() == ([], 0)
