"""Issue 25, part 7: the clinician hears back. A note opens a thread both sides write in as often
as needed, each message read-marked by the other side; the patient's messages carry their
phone's UUID (a replay is stored once); the caseload counts a patient's answers the clinician
has not read and marks what is new since they last opened the patient's page; an old referral
prompt with calm mornings since drops below what is new. (Isolation: the matrices in
tests/api/test_isolation.py and tests/security/test_clinic_access.py.)"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from heelstrong.checkins.models import CheckIn
from heelstrong.core.db import get_engine
from heelstrong.progression.models import Decision
from tests.api.conftest import linked_in_db, new_id


@pytest.fixture
def note(clinician, patient_id) -> dict:
    response = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "How are the mornings?"})
    assert response.status_code == 201
    return response.json()


def patient_writes(patient, note: dict, body: str, message_id: str | None = None):
    return patient.post(f"/api/notes/{note['id']}/messages", json={"id": message_id or new_id(), "body": body})


def clinician_writes(clinician, patient_id: int, note: dict, body: str):
    return clinician.post(f"/api/clinic/patients/{patient_id}/notes/{note['id']}/messages",
                          json={"id": new_id(), "body": body})


def row_of(clinician, patient_id: int) -> dict:
    return next(r for r in clinician.get("/api/clinic/caseload").json()["rows"] if r["patient_id"] == patient_id)


def kinds(row: dict) -> list[str]:
    return [item["kind"] for item in row["attention"]]


# ---------------------------------------------------------------- the thread


def test_both_sides_write_as_often_as_needed_and_each_reads_the_others(patient, clinician, patient_id, note):
    first = patient_writes(patient, note, "Better, about 3 out of 10.")
    assert first.status_code == 201, first.text
    assert patient_writes(patient, note, "Stairs are still hard.").status_code == 201
    thread = patient.get("/api/notes").json()[0]
    assert [(m["author"], m["body"]) for m in thread["messages"]] == [
        ("patient", "Better, about 3 out of 10."), ("patient", "Stairs are still hard.")]
    assert thread["read_at"] and thread["unread"] == 0  # writing in it reads it

    # The clinician: two unread answers, in the thread and on the caseload.
    (seen,) = clinician.get(f"/api/clinic/patients/{patient_id}/notes").json()
    assert seen["unread"] == 2 and [m["read_at"] for m in seen["messages"]] == [None, None]
    assert clinician.get("/api/clinic/unread").json() == {
        "total": 2, "patients": [{"patient_id": patient_id, "unread": 2,
                                  "latest": thread["messages"][1]["created_at"]}]}
    read = clinician.post(f"/api/clinic/patients/{patient_id}/notes/{note['id']}/read")
    assert read.status_code == 200 and read.json()["unread"] == 0
    assert all(m["read_at"] for m in read.json()["messages"])
    assert clinician.get("/api/clinic/unread").json() == {"total": 0, "patients": []}
    # ...which the patient sees as read.
    assert all(m["read_at"] for m in patient.get("/api/notes").json()[0]["messages"])

    # The clinician answers: back on the patient's Today, unread, until they read it.
    answer = clinician_writes(clinician, patient_id, note, "Try the stairs one at a time this week.")
    assert answer.status_code == 201 and answer.json()["messages"][-1]["author_name"] == "Dr Ana Berg"
    (on_today,) = patient.get("/api/today").json()["notes"]
    assert on_today["unread"] == 1 and on_today["messages"][-1]["read_at"] is None
    assert patient.post(f"/api/notes/{note['id']}/read").json()["unread"] == 0
    assert patient.get("/api/today").json()["notes"] == []
    assert clinician.get(f"/api/clinic/patients/{patient_id}/notes").json()[0]["messages"][-1]["read_at"]

    # And once more from the patient: a conversation, not one answer.
    assert patient_writes(patient, note, "Will do.").status_code == 201
    assert [m["body"] for m in clinician.get(f"/api/clinic/patients/{patient_id}").json()["notes"][0]["messages"]] == [
        "Better, about 3 out of 10.", "Stairs are still hard.", "Try the stairs one at a time this week.", "Will do."]


def test_a_replayed_message_is_stored_once(patient, clinician, patient_id, note):
    message_id = new_id()
    first = patient_writes(patient, note, "Sent offline", message_id)
    again = patient_writes(patient, note, "Sent offline", message_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert [m["id"] for m in patient.get("/api/notes").json()[0]["messages"]] == [message_id]
    assert row_of(clinician, patient_id)["unread"] == 1


def test_a_message_id_of_the_other_side_or_another_thread_is_a_conflict(patient, clinician, patient_id, note):
    message_id = new_id()
    assert patient_writes(patient, note, "Mine", message_id).status_code == 201
    other = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "Another"}).json()
    assert patient_writes(patient, other, "Mine", message_id).status_code == 409
    taken = clinician.post(f"/api/clinic/patients/{patient_id}/notes/{note['id']}/messages",
                           json={"id": message_id, "body": "Mine now"})
    assert taken.status_code == 409 and "Mine" not in taken.text


@pytest.mark.parametrize("body", [{"body": "No id"}, {"id": "not-a-uuid", "body": "x"}, {"id": str(uuid.uuid4()),
                                  "body": "  "}, {"id": str(uuid.uuid4()), "body": "x" * 501}])
def test_a_message_needs_an_id_and_a_short_text(patient, note, body):
    assert patient.post(f"/api/notes/{note['id']}/messages", json=body).status_code == 422
    assert patient.get("/api/notes").json()[0]["messages"] == []


def test_the_latest_thread_comes_first(patient, clinician, patient_id, note):
    later = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "Second note"}).json()
    assert [n["id"] for n in patient.get("/api/notes").json()] == [later["id"], note["id"]]
    patient_writes(patient, note, "Answering the first")
    assert [n["id"] for n in patient.get("/api/notes").json()] == [note["id"], later["id"]]


def test_a_patient_gets_no_clinician_route(patient, patient_id, note):
    assert patient.get("/api/clinic/unread").status_code == 403
    assert patient.post(f"/api/clinic/patients/{patient_id}/notes/{note['id']}/read").status_code == 403


# ---------------------------------------------------------------- the caseload


def test_unread_answers_show_in_the_attention_column_and_lift_the_patient(patient, clinician, patient_id, note):
    others = linked_in_db(clinician, ["Aaron Quiet"], checked_in_days_ago=5)  # "No check-in for 5 days"
    assert clinician.get("/api/clinic/caseload").json()["rows"][0]["patient_id"] == others[0]
    patient_writes(patient, note, "One")
    patient_writes(patient, note, "Two")
    caseload = clinician.get("/api/clinic/caseload?needs_attention=true").json()
    row = caseload["rows"][0]
    assert row["patient_id"] == patient_id and row["unread"] == 2
    assert row["attention"][0] | {"since": None} == {"kind": "unread", "label": "2 unread answers", "since": None,
                                                     "new": True}
    clinician.post(f"/api/clinic/patients/{patient_id}/notes/{note['id']}/read")
    assert "unread" not in kinds(row_of(clinician, patient_id))


def _decisions(patient_id: int, *rows: tuple[str, str, int], calm_days: int = 0) -> None:
    """Decisions (kind, rule, days ago) and calm mornings on each of the last `calm_days` days."""
    today = datetime.now(UTC).date()
    with Session(get_engine()) as db:
        for kind, rule, days_ago in rows:
            db.add(Decision(user_id=patient_id, local_date=today - timedelta(days=days_ago), track="calf", kind=kind,
                            rule=rule, message="-"))
        for days_ago in range(2, calm_days + 1):  # linked_in_db checked in today
            db.add(CheckIn(id=uuid.uuid4(), user_id=patient_id, local_date=today - timedelta(days=days_ago),
                           morning_pain=2))
        db.commit()


def test_an_old_referral_with_calm_mornings_since_drops_below_new_signals(clinician):
    settled, stormy, flaring, fresh = linked_in_db(clinician, ["Alma Settled", "Bo Stormy", "Cai Flaring",
                                                                "Dag Fresh"])
    _decisions(settled, ("refer", "flares_to_refer", 40), calm_days=20)
    _decisions(stormy, ("refer", "flares_to_refer", 40), ("dose_back", "worse_week", 20), calm_days=20)
    _decisions(flaring, ("dose_back", "morning_flare", 1))
    _decisions(fresh, ("refer", "flares_to_refer", 2), calm_days=1)
    rows = clinician.get("/api/clinic/caseload").json()["rows"]
    # An old prompt with a worse week since, and a new one, stay on top; the settled one goes below the flare.
    assert [r["patient_id"] for r in rows] == [stormy, fresh, flaring, settled]
    by_id = {r["patient_id"]: r for r in rows}
    assert kinds(by_id[settled]) == ["referral_settled"]
    assert by_id[settled]["attention"][0]["label"] == "Old referral prompt, calm mornings since"
    assert kinds(by_id[stormy]) == ["referral"] and kinds(by_id[fresh]) == ["referral"]


def test_signals_new_since_the_clinician_last_looked_are_marked_and_weigh_more(clinician):
    looked, not_looked = linked_in_db(clinician, ["Alma Looked", "Bo Unopened"])
    _decisions(looked, ("dose_back", "morning_flare", 1))
    _decisions(not_looked, ("dose_back", "morning_flare", 1))
    row = row_of(clinician, looked)
    assert row["last_seen"] is None and row["attention"][0]["new"]  # never opened: everything is new

    assert clinician.get(f"/api/clinic/patients/{looked}").status_code == 200
    rows = clinician.get("/api/clinic/caseload").json()["rows"]
    assert [r["patient_id"] for r in rows] == [not_looked, looked]  # the one with news first
    row = rows[1]
    assert row["last_seen"] and [(i["kind"], i["new"]) for i in row["attention"]] == [("flare", False)]

    _decisions(looked, ("flag", "pain_during_limit", 0))  # a flagged session after the clinician looked
    row = row_of(clinician, looked)
    assert [(i["kind"], i["new"]) for i in row["attention"]] == [("flare", False), ("flagged", True)]
