"""Issue 13, replays: a check-in sent again with its client UUID answered 200 but stored a new
updated_at. Every write the web app's outbox may send twice now leaves the stored row as it is
the second time; the same edit sent again changes nothing either."""


from sqlmodel import Session

from heelstrong.accounts.models import Profile
from heelstrong.core.db import get_engine
from heelstrong.progression.models import PatientThresholds
from heelstrong.reminders.models import Reminder
from tests.api.conftest import new_id
from tests.security.test_input import HIP, HOLD, PROFILE, TODAY


def stored(model, user_id: int):
    with Session(get_engine()) as db:
        return db.get(model, user_id)


def user_id(client) -> int:
    return client.get("/api/me").json()["id"]


def test_a_checkin_sent_again_is_answered_with_the_stored_row_unchanged(patient):
    entry = {"id": new_id(), "local_date": TODAY, "morning_pain": 3, "note": "stiff"}
    first = patient.post("/api/checkins", json=entry)
    assert first.status_code == 201
    again = patient.post("/api/checkins", json=entry)
    assert again.status_code == 200 and again.json() == first.json()
    assert patient.get("/api/checkins").json() == [first.json()]


def test_a_late_replay_does_not_undo_a_newer_edit_of_the_day(patient):
    entry = {"id": new_id(), "local_date": TODAY, "morning_pain": 3}
    patient.post("/api/checkins", json=entry)
    edited = patient.post("/api/checkins", json=entry | {"id": new_id(), "morning_pain": 6})
    assert edited.status_code == 200 and edited.json()["morning_pain"] == 6
    replay = patient.post("/api/checkins", json=entry)  # the first write, delivered once more
    assert replay.status_code == 200 and replay.json() == edited.json()
    assert patient.get("/api/checkins").json() == [edited.json()]


def test_the_same_checkin_under_a_new_id_changes_nothing(patient):
    entry = {"id": new_id(), "local_date": TODAY, "morning_pain": 3, "stiffness_minutes": 10}
    first = patient.post("/api/checkins", json=entry).json()
    same = patient.post("/api/checkins", json=entry | {"id": new_id()})
    assert same.status_code == 200 and same.json() == first


def test_a_session_and_a_set_sent_again_are_answered_with_the_stored_rows(patient):
    session = {"id": new_id(), "local_date": TODAY, "started_at": "2026-11-26T07:00:00Z", "note": "morning"}
    first = patient.post("/api/sessions", json=session)
    assert first.status_code == 201
    assert patient.post("/api/sessions", json=session | {"note": "changed?"}).json() == first.json()
    a_set = HOLD | {"id": new_id()}
    logged = patient.post(f"/api/sessions/{session['id']}/sets", json=a_set)
    assert logged.status_code == 201
    again = patient.post(f"/api/sessions/{session['id']}/sets", json=a_set)
    assert again.status_code == 200 and again.json() == logged.json()
    assert patient.get("/api/sessions").json()["total"] == 1


def test_the_same_set_edit_sent_again_changes_nothing(patient):
    session_id, set_id = new_id(), new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": TODAY})
    patient.post(f"/api/sessions/{session_id}/sets", json=HIP | {"id": set_id})
    edit = {"reps": 12, "band": "red", "note": "harder"}
    first = patient.patch(f"/api/sets/{set_id}", json=edit)
    assert first.status_code == 200 and first.json()["reps"] == 12
    again = patient.patch(f"/api/sets/{set_id}", json=edit)
    assert again.status_code == 200 and again.json() == first.json()  # updated_at too
    changed = patient.patch(f"/api/sets/{set_id}", json=edit | {"reps": 13})
    assert changed.json()["updated_at"] > first.json()["updated_at"]


def test_the_same_session_edit_sent_again_answers_the_same(patient):
    session_id = new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": TODAY})
    edit = {"ended_at": "2026-11-26T08:00:00Z", "note": "done"}
    first = patient.patch(f"/api/sessions/{session_id}", json=edit)
    assert first.status_code == 200
    assert patient.patch(f"/api/sessions/{session_id}", json=edit).json() == first.json()


def test_a_deleted_entry_deleted_again_is_not_found(patient):
    session_id = new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": TODAY})
    assert patient.delete(f"/api/sessions/{session_id}").status_code == 204
    assert patient.delete(f"/api/sessions/{session_id}").status_code == 404  # the outbox counts it as done


def test_the_same_profile_thresholds_and_reminder_sent_again_change_nothing(patient):
    me = user_id(patient)
    profile = PROFILE | {"display_name": "Ana"}
    assert patient.put("/api/profile", json=profile).status_code == 200
    thresholds = patient.get("/api/profile/thresholds").json() | {"pain_limit": 4}
    assert patient.put("/api/profile/thresholds", json=thresholds).status_code == 200
    reminder = {"time": "07:30", "days": ["mon", "thu"]}
    assert patient.put("/api/reminders", json=reminder).status_code == 200
    before = [stored(model, me).updated_at for model in (Profile, PatientThresholds, Reminder)]

    assert patient.put("/api/profile", json=profile).json()["display_name"] == "Ana"
    assert patient.put("/api/profile/thresholds", json=thresholds).json()["pain_limit"] == 4
    assert patient.put("/api/reminders", json=reminder).json()["time"] == "07:30"
    assert [stored(model, me).updated_at for model in (Profile, PatientThresholds, Reminder)] == before

    assert patient.put("/api/profile", json=profile | {"display_name": "Ana B"}).status_code == 200
    assert stored(Profile, me).updated_at > before[0]
