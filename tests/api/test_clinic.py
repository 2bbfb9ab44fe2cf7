"""Clinic mode (issue 15), the clinician's writes as the patient sees them: settings changed by
the clinician, a stage moved, notes (their threads: test_clinic_threads.py), handled referrals, today's stored
answer refreshed after each of them; clinician accounts (invite codes, the CLI, the demo clinic);
and the caseload's fixed number of statements whatever its size."""

import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session

from heelstrong.cli import main
from heelstrong.clinic.models import ClinicianNote, NoteMessage, PatientSeen
from heelstrong.core.db import get_engine
from heelstrong.demo import DEMO_CLINIC, DEMO_CLINICIANS, DEMO_PASSWORD
from heelstrong.progression.models import Decision, ProgressionState
from heelstrong.training.models import ExerciseSet, TrainingSession
from tests.api.conftest import PASSWORD, link, linked_in_db, register, user_id
from tests.api.test_progression import TODAY, check_in, day
from tests.api.test_today_cache import fresh

PAIN_LIMIT = "pain limit during exercise"


def page_of(clinician, patient_id: int) -> dict:
    response = clinician.get(f"/api/clinic/patients/{patient_id}")
    assert response.status_code == 200, response.text
    return response.json()


def save_settings(clinician, patient_id: int, **changes):
    settings = page_of(clinician, patient_id)["settings"] | changes
    return clinician.put(f"/api/clinic/patients/{patient_id}/settings", json=settings)


def by_clinician(today: dict) -> list[dict]:
    return [d for d in today["recent_decisions"] if d["kind"] == "clinician"]


def make_referral(patient) -> dict:
    # Calm mornings, then three flare-ups in a week (each higher than the days before): a referral prompt.
    for offset, pain in ((-6, 2), (-5, 2), (-4, 2), (-3, 7), (-2, 8), (-1, 9)):
        check_in(patient, offset, pain=pain)
    return patient.get("/api/today").json()["referrals"][0]


# ---------------------------------------------------------------- accounts


def test_me_tells_a_clinician_from_a_patient(patient, clinician):
    me = clinician.get("/api/me").json()
    assert (me["role"], me["clinician_name"], me["clinic"], me["profile"]) == (
        "clinician", "Dr Ana Berg", "Heel Clinic", None)
    assert clinician.get("/api/clinic/me").json() == {"name": "Dr Ana Berg", "clinic": "Heel Clinic"}
    me = patient.get("/api/me").json()
    assert (me["role"], me["clinician_name"], me["clinic"]) == ("patient", None, None)
    assert patient.get("/api/clinic/me").status_code == 403


def test_an_invite_code_makes_a_colleague_in_the_inviters_clinic(new_client, new_clinician):
    inviter = new_clinician("North Physio", "Dr Ana Berg")
    new_clinician("South Physio", "Dr Kim Holm")  # another clinic exists: the code decides
    invite = inviter.post("/api/clinic/codes/clinician").json()
    assert invite["kind"] == "clinician"
    expires = datetime.fromisoformat(invite["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)

    colleague = new_client()
    registration = {"email": "ola@north.example.org", "password": PASSWORD, "name": "Dr Ola Lind",
                    "code": invite["code"].lower().replace("-", " ")}  # as read out over the phone
    response = colleague.post("/api/auth/register-clinician", json=registration)
    assert response.status_code == 201, response.text
    assert response.json() == {"name": "Dr Ola Lind", "clinic": "North Physio"}
    assert colleague.post("/api/auth/login", json={"email": "ola@north.example.org",
                                                    "password": PASSWORD}).status_code == 200
    me = colleague.get("/api/me").json()
    assert (me["role"], me["clinician_name"], me["clinic"]) == ("clinician", "Dr Ola Lind", "North Physio")

    # The code is used up, and an email with an account is refused without using the next code.
    again = new_client().post("/api/auth/register-clinician", json=registration | {"email": "eva@north.example.org"})
    assert again.status_code == 422 and "ask for a new one" in again.json()["message"]
    second = inviter.post("/api/clinic/codes/clinician").json()["code"]
    taken = new_client().post("/api/auth/register-clinician", json=registration | {"code": second})
    assert taken.status_code == 409
    eva = new_client().post("/api/auth/register-clinician", json=registration | {"code": second,
                                                                              "email": "eva@north.example.org"})
    assert eva.status_code == 201 and eva.json()["clinic"] == "North Physio"


def test_registering_as_a_clinician_needs_a_strong_password(new_client, clinician):
    code = clinician.post("/api/clinic/codes/clinician").json()["code"]
    weak = new_client().post("/api/auth/register-clinician", json={
        "email": "ola@example.org", "password": "password1", "name": "Dr Ola Lind", "code": code})
    assert weak.status_code == 422
    assert new_client().post("/api/auth/register-clinician", json={
        "email": "ola@example.org", "password": PASSWORD, "name": "Dr Ola Lind", "code": code}).status_code == 201


def test_the_add_clinician_command_makes_a_clinician_who_can_sign_in(new_client, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))  # a provisioning script's pipe
    main(["add-clinician", "--clinic", "North Physio", "--email", "ana@north.example.org", "--name", "Dr Ana Berg"])
    assert "Dr Ana Berg <ana@north.example.org> is a clinician of North Physio" in capsys.readouterr().out
    client = new_client()
    assert client.post("/api/auth/login", json={"email": "ana@north.example.org", "password": PASSWORD}).status_code == 200
    me = client.get("/api/me").json()
    assert (me["role"], me["clinician_name"], me["clinic"]) == ("clinician", "Dr Ana Berg", "North Physio")

    # A second clinician of the same clinic joins it; a taken email and a weak password stop with a line.
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    main(["add-clinician", "--clinic", "North Physio", "--email", "ola@north.example.org", "--name", "Dr Ola Lind"])
    ola = new_client()
    ola.post("/api/auth/login", json={"email": "ola@north.example.org", "password": PASSWORD})
    assert ola.get("/api/clinic/me").json() == {"name": "Dr Ola Lind", "clinic": "North Physio"}
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    with pytest.raises(SystemExit, match="already has a Heelstrong account"):
        main(["add-clinician", "--clinic", "South", "--email", "ana@north.example.org", "--name", "Dr Ana Berg"])
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit, match="heelstrong: "):
        main(["add-clinician", "--clinic", "South", "--email", "kim@south.example.org", "--name", "Dr Kim Holm"])
    kim = new_client().post("/api/auth/login", json={"email": "kim@south.example.org", "password": "short"})
    assert kim.status_code == 401


def test_the_demo_command_makes_a_clinic_whose_two_clinicians_share_the_patients(new_client, capsys):
    main(["demo", "--patients", "6", "--days", "21", "--seed", "3"])
    assert DEMO_CLINIC in capsys.readouterr().out
    seen = []
    for email, name in DEMO_CLINICIANS:
        client = new_client()
        assert client.post("/api/auth/login", json={"email": email, "password": DEMO_PASSWORD}).status_code == 200
        caseload = client.get("/api/clinic/caseload").json()
        assert caseload["clinician"] == {"name": name, "clinic": DEMO_CLINIC}
        assert caseload["total"] == 3  # half each
        seen.append({row["patient_id"] for row in caseload["rows"]})
        assert all(row["last_checkin"] for row in caseload["rows"])  # real histories behind them
    assert not seen[0] & seen[1]


def test_a_clinician_who_deletes_their_account_leaves_their_patients_unlinked(patient, clinician, patient_id):
    clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "See you Monday"})
    page_of(clinician, patient_id)
    deleted = clinician.post("/api/account/delete", json={"password": PASSWORD})
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["removed"]["clinician"] == 1
    assert patient.get("/api/clinician-link").json() is None
    assert [(n["clinician_name"], n["body"]) for n in patient.get("/api/notes").json()] == [
        ("Dr Ana Berg", "See you Monday")]  # the patient's record keeps what was said, and by whom
    assert patient.get("/api/profile/access-log").json()[0]["clinician_name"] == "Dr Ana Berg"
    thresholds = patient.get("/api/profile/thresholds").json() | {"pain_limit": 3}
    assert patient.put("/api/profile/thresholds", json=thresholds).status_code == 200


def test_a_patient_who_deletes_their_account_leaves_no_trace_in_the_caseload(patient, clinician, patient_id):
    clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "See you Monday"})
    page_of(clinician, patient_id)
    deleted = patient.post("/api/account/delete", json={"password": PASSWORD})
    assert deleted.status_code == 200, deleted.text
    assert {"care_link", "clinician_note", "patient_access"} <= set(deleted.json()["removed"])
    assert clinician.get("/api/clinic/caseload").json()["total"] == 0
    assert clinician.get(f"/api/clinic/patients/{patient_id}").status_code == 404


# ---------------------------------------------------------------- clinical settings


def test_a_settings_change_shows_on_today_as_changed_by_your_clinician(patient, clinician, patient_id):
    check_in(patient, 0)  # yesterday is complete: the change applies from today
    response = save_settings(clinician, patient_id, pain_limit=6)
    assert response.status_code == 200 and response.json()["pain_limit"] == 6
    assert patient.get("/api/profile/thresholds").json()["pain_limit"] == 6

    changed = by_clinician(patient.get("/api/today").json())
    assert len(changed) == 1
    assert changed[0]["rule"] == "clinician_settings" and changed[0]["local_date"] == day(0)
    assert changed[0]["message"] == f"Changed by your clinician, Dr Ana Berg: {PAIN_LIMIT} from 5/10 to 6/10."
    record = page_of(clinician, patient_id)["setting_changes"]
    assert len(record) == 1
    assert (record[0]["changed_by_name"], record[0]["effective_from"], record[0]["changes"]) == (
        "Dr Ana Berg", day(0), [[PAIN_LIMIT, "5/10", "6/10"]])
    assert datetime.now(UTC) - datetime.fromisoformat(record[0]["changed_at"]) < timedelta(minutes=1)


def test_saving_the_same_settings_again_records_nothing(patient, clinician, patient_id):
    assert save_settings(clinician, patient_id, pain_limit=6).status_code == 200
    assert save_settings(clinician, patient_id).status_code == 200  # unchanged
    assert len(page_of(clinician, patient_id)["setting_changes"]) == 1
    assert len(by_clinician(patient.get("/api/today").json())) == 1


def test_a_settings_change_takes_effect_from_the_day_not_yet_reviewed(patient, clinician, patient_id):
    """Days already complete keep the rules they were lived under, as with a stage move: a set
    at pain 6 yesterday broke the limit of 5, whatever the clinician sets today."""
    session_id = str(uuid.uuid4())
    patient.post("/api/sessions", json={"id": session_id, "local_date": day(-1)})
    patient.post(f"/api/sessions/{session_id}/sets", json={
        "id": str(uuid.uuid4()), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
        "pain_during": 6, "settled": True})
    check_in(patient, 0)
    settings = {**patient.get("/api/profile/thresholds").json(), "pain_limit": 7, "switched_off": []}
    # Straight to the write, without reading the patient's page (which brings their plan up to date).
    assert clinician.put(f"/api/clinic/patients/{patient_id}/settings", json=settings).status_code == 200
    decisions = patient.get("/api/progression").json()["decisions"]
    assert any(d["kind"] == "flag" and d["local_date"] == day(-1) for d in decisions), decisions
    change = next(d for d in decisions if d["kind"] == "clinician")
    assert change["local_date"] == day(0)


def test_a_switched_off_exercise_leaves_the_plan_with_the_clinicians_reason(patient, clinician, patient_id):
    plan = patient.get("/api/today").json()
    assert "toe-yoga" in {item["exercise_id"] for item in plan["items"]}
    page = page_of(clinician, patient_id)
    assert {"id": "toe-yoga", "name": "Toe yoga"} in page["switchable"]
    assert not {e["id"] for e in page["switchable"]} & {"calf-iso-double", "calf-raise-single"}

    off = [{"exercise_id": "toe-yoga", "reason": "Cramps in the arch"}]
    response = save_settings(clinician, patient_id, switched_off=off)
    assert response.status_code == 200 and response.json()["switched_off"] == off
    plan = patient.get("/api/today").json()
    assert "toe-yoga" not in {item["exercise_id"] for item in plan["items"]}
    assert "Switched off by your clinician: Toe yoga. Cramps in the arch." in plan["notices"]
    # No check-in this morning yet: yesterday is not judged yet, so the change counts from then.
    assert by_clinician(plan)[0]["message"].startswith(
        "Changed by your clinician, Dr Ana Berg: Toe yoga switched off: Cramps in the arch. It counts from ")
    assert by_clinician(plan)[0]["local_date"] == plan["today"]
    assert page_of(clinician, patient_id)["setting_changes"][0]["changes"] == [
        ["Toe yoga", "on", "off (Cramps in the arch)"]]

    assert save_settings(clinician, patient_id, switched_off=[]).status_code == 200  # and on again
    plan = patient.get("/api/today").json()
    assert "toe-yoga" in {item["exercise_id"] for item in plan["items"]}
    assert not any("Switched off" in notice for notice in plan["notices"])
    assert by_clinician(plan)[0]["message"].startswith("Changed by your clinician, Dr Ana Berg: Toe yoga switched on again.")
    assert [c["changes"] for c in page_of(clinician, patient_id)["setting_changes"]] == [
        [["Toe yoga", "off (Cramps in the arch)", "on"]], [["Toe yoga", "on", "off (Cramps in the arch)"]]]


@pytest.mark.parametrize("switched_off", [
    [{"exercise_id": "calf-iso-double", "reason": "Too sore"}],
    [{"exercise_id": "not-an-exercise", "reason": "Too sore"}],
])
def test_a_calf_exercise_cannot_be_switched_off(patient, clinician, patient_id, switched_off):
    response = save_settings(clinician, patient_id, switched_off=switched_off)
    assert response.status_code == 422
    assert response.json()["message"] == (
        "Only hip, mobility and trunk exercises can be switched off; set the calf stage instead.")
    assert page_of(clinician, patient_id)["setting_changes"] == []
    assert patient.get("/api/today").json()["calf_stage"] == 1


def test_an_exercise_is_switched_off_once(clinician, patient_id):
    twice = [{"exercise_id": "toe-yoga", "reason": "Cramps"}, {"exercise_id": "toe-yoga", "reason": "Still"}]
    response = save_settings(clinician, patient_id, switched_off=twice)
    assert response.status_code == 422 and response.json()["message"] == "List each switched-off exercise once."


def test_while_linked_the_thresholds_are_the_clinicians_to_set(patient, clinician, patient_id):
    thresholds = patient.get("/api/profile/thresholds").json() | {"pain_limit": 3}
    refused = patient.put("/api/profile/thresholds", json=thresholds)
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "Your clinician sets these now. Ask them if one should change, or unlink in Profile.")
    assert patient.get("/api/profile/thresholds").json()["pain_limit"] == 5

    assert patient.delete("/api/clinician-link").status_code == 204
    assert patient.get("/api/clinician-link").json() is None
    assert patient.put("/api/profile/thresholds", json=thresholds).status_code == 200
    assert patient.get("/api/profile/thresholds").json()["pain_limit"] == 3


# ---------------------------------------------------------------- the calf stage


def test_a_stage_move_shows_in_the_plan_and_the_timeline(patient, clinician, patient_id):
    check_in(patient, 0)  # yesterday is complete: the move applies from today
    assert patient.get("/api/today").json()["calf_stage"] == 1
    response = clinician.put(f"/api/clinic/patients/{patient_id}/stage", json={"stage": 3})
    assert response.status_code == 204, response.text

    plan = patient.get("/api/today").json()
    assert (plan["calf_stage"], plan["stage_name"]) == (3, "Slow double-leg raises")
    assert next(item for item in plan["items"] if item["track"] == "calf")["exercise_id"] == "calf-raise-double-towel"  # plantar heel pain: the towel form
    moved = by_clinician(plan)[0]
    assert moved["rule"] == "clinician_stage" and moved["message"].startswith("Changed by your clinician, Dr Ana Berg:")
    assert moved["reasons"] == {"from_stage": 1, "to_stage": 3, "by": "Dr Ana Berg", "from": day(0)}
    progression = patient.get("/api/progression").json()
    assert progression["calf_stage"] == 3
    assert progression["stage_timeline"][-1] == {"local_date": day(0), "calf_stage": 3}
    record = page_of(clinician, patient_id)
    assert record["row"]["calf_stage"] == 3
    assert record["setting_changes"][0]["changes"] == [["calf stage", "1", "3"]]


def test_a_stage_move_for_a_patient_starting_today(new_client, clinician):
    """Nothing walked yet, no stored state: the move is the first thing on record."""
    patient = register(new_client(), "new@example.org")
    patient.put("/api/profile", json={"painful_side": "left", "condition": "achilles_insertional",
                                      "program_start": day(0), "timezone": "UTC"})
    patient_id = link(patient, clinician)
    response = clinician.put(f"/api/clinic/patients/{patient_id}/stage", json={"stage": 2})
    assert response.status_code == 204, response.text
    assert patient.get("/api/today").json()["calf_stage"] == 2
    assert patient.get("/api/progression").json()["stage_timeline"] == [{"local_date": day(0), "calf_stage": 2}]


@pytest.mark.parametrize(("stage", "message"), [
    (6, "The calf ladder has 5 stages: choose 1 to 5."),
    (0, "stage must be at least 1."),
])
def test_a_stage_off_the_ladder_is_refused(patient, clinician, patient_id, stage, message):
    response = clinician.put(f"/api/clinic/patients/{patient_id}/stage", json={"stage": stage})
    assert response.status_code == 422 and response.json()["message"] == message
    assert patient.get("/api/today").json()["calf_stage"] == 1


# ---------------------------------------------------------------- notes and referrals


def test_a_note_stays_on_today_until_read(patient, clinician, patient_id):
    response = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "Well done this week."})
    assert response.status_code == 201, response.text
    note = response.json()
    assert (note["clinician_name"], note["body"], note["read_at"], note["messages"]) == (
        "Dr Ana Berg", "Well done this week.", None, [])
    assert [n["id"] for n in patient.get("/api/today").json()["notes"]] == [note["id"]]
    assert [n["id"] for n in patient.get("/api/notes").json()] == [note["id"]]

    read = patient.post(f"/api/notes/{note['id']}/read")
    assert read.status_code == 200 and read.json()["read_at"] and read.json()["unread"] == 0
    assert patient.get("/api/today").json()["notes"] == []
    assert patient.post(f"/api/notes/{note['id']}/read").json()["read_at"] == read.json()["read_at"]


def test_answering_a_note_marks_it_read(patient, clinician, patient_id):
    first = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "First"}).json()
    second = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "Second"}).json()
    assert [n["body"] for n in patient.get("/api/today").json()["notes"]] == ["Second", "First"]  # newest first
    answered = patient.post(f"/api/notes/{first['id']}/messages", json={"id": str(uuid.uuid4()), "body": "Got it"})
    assert answered.status_code == 201, answered.text
    assert answered.json()["read_at"] == answered.json()["messages"][0]["created_at"]
    assert [n["id"] for n in patient.get("/api/today").json()["notes"]] == [second["id"]]


@pytest.mark.parametrize("body", ["", " " * 3, "x" * 501])
def test_an_empty_or_long_note_is_refused(clinician, patient_id, body):
    assert clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": body}).status_code == 422


def test_a_handled_referral_tells_the_patient_and_leaves_the_attention_column(patient, clinician, patient_id):
    referral = make_referral(patient)
    row = clinician.get("/api/clinic/caseload").json()["rows"][0]
    assert row["attention"][0]["kind"] == "referral"
    assert page_of(clinician, patient_id)["referrals"][0]["id"] == referral["id"]

    url = f"/api/clinic/patients/{patient_id}/referrals/{referral['id']}/handled"
    response = clinician.post(url, json={"note": "Called her; booked for Monday."})
    assert response.status_code == 200, response.text
    handled = response.json()
    assert (handled["handled_by_name"], handled["handled_note"]) == ("Dr Ana Berg", "Called her; booked for Monday.")
    shown = patient.get("/api/today").json()["referrals"][0]  # still there until the patient reads it
    assert (shown["id"], shown["handled_note"], shown["handled_by_name"]) == (
        referral["id"], "Called her; booked for Monday.", "Dr Ana Berg")
    assert "referral" not in {item["kind"] for item in clinician.get("/api/clinic/caseload").json()["rows"][0]["attention"]}
    # Handling it again keeps the first record.
    assert clinician.post(url, json={"note": "Again"}).json()["handled_note"] == "Called her; booked for Monday."


@pytest.mark.parametrize("note", ["", "  ", "x" * 301])  # the column holds 300: a longer one was a 500 on PostgreSQL
def test_a_handled_referral_needs_a_short_note(patient, clinician, patient_id, note):
    referral = make_referral(patient)
    response = clinician.post(f"/api/clinic/patients/{patient_id}/referrals/{referral['id']}/handled", json={"note": note})
    assert response.status_code == 422, response.text
    assert patient.get("/api/today").json()["referrals"][0]["handled_at"] is None


def test_only_a_referral_prompt_can_be_handled(patient, clinician, patient_id):
    make_referral(patient)
    other = next(d for d in patient.get("/api/progression").json()["decisions"] if d["kind"] != "refer")
    response = clinician.post(f"/api/clinic/patients/{patient_id}/referrals/{other['id']}/handled",
                              json={"note": "Seen"})
    assert response.status_code == 404


# ---------------------------------------------------------------- today's stored answer


def test_todays_stored_answer_is_refreshed_after_each_clinician_write(patient, clinician, patient_id):
    """/api/today serves a stored answer while the plan's version stands: each clinician write
    must move it on, or the patient would see yesterday's plan."""
    referral = make_referral(patient)

    def served() -> dict:
        answer = patient.get("/api/today").json()
        assert answer == fresh(patient_id)
        return answer

    served()
    clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "Hello"})
    note = served()["notes"][0]
    assert note["body"] == "Hello"
    save_settings(clinician, patient_id, switched_off=[{"exercise_id": "toe-yoga", "reason": "Cramps"}])
    assert "toe-yoga" not in {item["exercise_id"] for item in served()["items"]}
    clinician.put(f"/api/clinic/patients/{patient_id}/stage", json={"stage": 2})
    assert served()["calf_stage"] == 2
    clinician.post(f"/api/clinic/patients/{patient_id}/referrals/{referral['id']}/handled", json={"note": "Called"})
    assert served()["referrals"][0]["handled_note"] == "Called"
    patient.post(f"/api/notes/{note['id']}/messages", json={"id": str(uuid.uuid4()), "body": "Hi"})
    assert served()["notes"] == []
    clinician.post(f"/api/clinic/patients/{patient_id}/notes/{note['id']}/messages",
                   json={"id": str(uuid.uuid4()), "body": "Good to hear"})
    assert [m["body"] for m in served()["notes"][0]["messages"]] == ["Hi", "Good to hear"]


# ---------------------------------------------------------------- the caseload's statements


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement the app sends while inside."""
    sent: list[str] = []

    def count(_connection, _cursor, statement, _parameters, _context, _executemany):
        sent.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)


def caseload_with_history(clinician, patients: int) -> None:
    """`patients` linked patients, each with a check-in, a session with a set, a stored state and
    decisions of every kind the attention column reads: every query has rows for each."""
    ids = linked_in_db(clinician, [f"Patient {n:02d}" for n in range(patients)], checked_in_days_ago=1)
    clinician_id = user_id(clinician)
    with Session(get_engine()) as db:
        for patient_id in ids:
            session_id = uuid.uuid4()
            db.add(TrainingSession(id=session_id, user_id=patient_id, local_date=TODAY - timedelta(days=1)))
            db.add(ExerciseSet(id=uuid.uuid4(), session_id=session_id, user_id=patient_id, exercise_id="calf-iso-double", side="both",
                               hold_seconds=30, pain_during=6, settled=True))
            db.add(ProgressionState(user_id=patient_id, evaluated_through=TODAY - timedelta(days=1), calf_stage=2,
                                    state={"calf_load_kg": 0.0}))
            for kind, rule in (("refer", "flares_to_refer"), ("flag", "pain_during_limit"),
                               ("dose_back", "morning_flare"), ("dose_back", "worse_week")):
                db.add(Decision(user_id=patient_id, local_date=TODAY - timedelta(days=1), track="calf", kind=kind,
                                rule=rule, message="-"))
            # A note answered twice, and the page opened before the answers came.
            note = ClinicianNote(patient_id=patient_id, clinician_name="Dr", body="How are the mornings?")
            db.add(note)
            db.flush()
            db.add(PatientSeen(clinician_id=clinician_id, patient_id=patient_id,
                               seen_at=datetime.now(UTC) - timedelta(hours=1)))
            for body in ("Better", "Much better"):
                db.add(NoteMessage(id=uuid.uuid4(), note_id=note.id, patient_id=patient_id, author="patient",
                                   author_name="P", body=body))
        db.commit()


def test_the_caseload_takes_the_same_statements_for_3_and_30_patients(new_clinician):
    counts = {}
    for patients in (3, 30):
        clinician = new_clinician(name=f"Dr {patients}")
        caseload_with_history(clinician, patients)
        clinician.get("/api/clinic/caseload")  # the connection and its caches warm
        with statements() as sent:
            caseload = clinician.get("/api/clinic/caseload").json()
        assert caseload["total"] == patients
        attention = caseload["rows"][0]["attention"]
        assert {item["kind"] for item in attention} == {"unread", "referral", "flare", "worse_week", "flagged"}
        assert caseload["rows"][0]["unread"] == 2 and all(item["new"] for item in attention)
        assert caseload["rows"][0]["sessions_this_week"] == 1 and caseload["rows"][0]["calf_stage"] == 2
        counts[patients] = len(sent)
    assert counts[3] == counts[30], counts


