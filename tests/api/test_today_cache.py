"""Issue 14: /api/today is read, not recomputed, and a stored answer is never stale. After any
sequence of writes, the answer served equals a fresh computation."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from heelstrong.accounts.models import User
from heelstrong.core.db import get_engine
from heelstrong.progression import today as today_module
from tests.api.conftest import new_id, sign_up

DAYS = st.integers(min_value=-4, max_value=0)
WRITES = st.one_of(
    st.tuples(st.just("check-in"), DAYS, st.integers(0, 9)),
    st.tuples(st.just("set"), DAYS, st.integers(0, 8), st.booleans()),
    st.tuples(st.just("delete a set")),
    st.tuples(st.just("side"), st.sampled_from(["left", "right", "both"])),
    st.tuples(st.just("pain limit"), st.integers(3, 6)),
    st.tuples(st.just("acknowledge")),
    st.tuples(st.just("read")),
)


def write(client, step, sets: list[str]) -> None:
    kind, *args = step
    if kind == "check-in":
        day, pain = args
        client.post("/api/checkins", json={"id": new_id(), "local_date": (date.today() + timedelta(day)).isoformat(),
                                            "morning_pain": pain})
    elif kind == "set":
        day, pain, settled = args
        session_id = new_id()
        client.post("/api/sessions", json={"id": session_id, "local_date": (date.today() + timedelta(day)).isoformat()})
        set_id = new_id()
        answer = client.post(f"/api/sessions/{session_id}/sets", json={
            "id": set_id, "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
            "pain_during": pain, "settled": settled})
        if answer.status_code == 201:
            sets.append(set_id)
    elif kind == "delete a set" and sets:
        client.delete(f"/api/sets/{sets.pop()}")
    elif kind == "side":
        client.put("/api/profile", json={"painful_side": args[0], "condition": "plantar_heel",
                                         "program_start": "2026-11-01", "timezone": "UTC"})
    elif kind == "pain limit":
        thresholds = client.get("/api/profile/thresholds").json() | {"pain_limit": args[0]}
        client.put("/api/profile/thresholds", json=thresholds)
    elif kind == "acknowledge":
        for referral in client.get("/api/today").json()["referrals"][:1]:
            client.post(f"/api/decisions/{referral['id']}/acknowledge")


def fresh(user_id: int) -> dict:
    with Session(get_engine(), expire_on_commit=False) as db:
        return today_module.compute_today(db, db.get(User, user_id)).model_dump(mode="json")


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(WRITES, min_size=1, max_size=8))
def test_the_answer_served_always_equals_a_fresh_computation(new_client, steps):
    client = sign_up(new_client())
    user_id = client.get("/api/me").json()["id"]
    sets: list[str] = []
    for step in steps:
        write(client, step, sets)
        served = client.get("/api/today").json()
        assert served == fresh(user_id), step


def test_a_read_with_nothing_new_does_not_run_the_engine(patient, monkeypatch):
    runs = []
    compute = today_module.compute_today
    monkeypatch.setattr(today_module, "compute_today", lambda db, user: runs.append(1) or compute(db, user))
    first = patient.get("/api/today").json()
    assert patient.get("/api/today").json() == first and len(runs) == 1
    patient.post("/api/checkins", json={"id": new_id(), "local_date": date.today().isoformat(), "morning_pain": 3})
    patient.get("/api/today")
    assert len(runs) == 2  # a check-in can change the plan: computed again
    patient.get("/api/today")
    assert len(runs) == 2


def test_a_new_day_or_a_new_engine_computes_afresh(patient, monkeypatch):
    runs = []
    compute = today_module.compute_today
    monkeypatch.setattr(today_module, "compute_today", lambda db, user: runs.append(1) or compute(db, user))
    patient.get("/api/today")
    monkeypatch.setattr(today_module, "patient_today", lambda db, user: date.today() + timedelta(days=1))
    patient.get("/api/today")
    assert len(runs) == 2
    monkeypatch.setattr(today_module, "BASIS", "another engine")
    patient.get("/api/today")
    assert len(runs) == 3
