"""Issue 13, self-service: there was no password change, no list of signed-in devices, no "sign
out everywhere", no way to delete the account or download everything (exports stopped at 2
years), sign-ins ended 30 days after signing in however often they were used, and any password
of 10 characters passed ("aaaaaaaaaa", "0123456789", ten spaces)."""

import io
import json
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from heelstrong.accounts import service as accounts_service
from heelstrong.accounts.models import User
from heelstrong.core.db import get_engine
from tests.api.conftest import PASSWORD, new_id, register, sign_up

NEW_PASSWORD = "purple tram at dawn"


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/api/auth/login", json={"email": email, "password": password})


def email_of(client) -> str:
    return client.get("/api/me").json()["email"]


def second_device(new_client, email: str, user_agent: str = "Tablet browser"):
    client = new_client()
    client.headers["User-Agent"] = user_agent
    assert sign_in(client, email).status_code == 200
    return client


# ---------------------------------------------------------------- password quality


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "0123456789", " " * 10, "password123", "qwertyuiop"])
def test_a_password_easy_to_guess_is_refused_with_why(new_client, password):
    response = new_client().post("/api/auth/register", json={"email": "ana@example.org", "password": password})
    assert response.status_code == 422
    message = response.json()["message"]
    assert message.startswith("password is too easy to guess (")  # the app says "Password is ..."
    assert message.endswith(": try a few unrelated words together.")


def test_the_email_itself_is_not_a_password(new_client):
    response = new_client().post("/api/auth/register",
                                 json={"email": "ana.moreno@example.org", "password": "anamoreno1"})
    assert response.status_code == 422


# ---------------------------------------------------------------- password change and devices


def test_a_new_password_needs_the_current_one_and_signs_out_the_other_devices(patient, new_client):
    email = email_of(patient)
    tablet = second_device(new_client, email)

    wrong = patient.post("/api/account/password", json={"current_password": "not it at all", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 403 and wrong.json()["message"] == "That is not your current password."
    weak = patient.post("/api/account/password", json={"current_password": PASSWORD, "new_password": "1234567890"})
    assert weak.status_code == 422

    assert patient.post("/api/account/password",
                        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}).status_code == 204
    assert patient.get("/api/me").status_code == 200  # this device stays signed in
    assert tablet.get("/api/me").status_code == 401
    assert sign_in(new_client(), email).status_code == 401
    assert sign_in(new_client(), email, NEW_PASSWORD).status_code == 200


def test_the_patient_sees_their_devices_and_signs_one_out(patient, new_client, other_patient):
    tablet = second_device(new_client, email_of(patient), "Mozilla/5.0 (iPad)")
    devices = patient.get("/api/account/devices").json()
    assert [d["this_device"] for d in devices] == [True, False]
    assert devices[1]["device"] == "Mozilla/5.0 (iPad)"

    # Another patient's device id, or one that is not there: 404, and nothing ends.
    assert other_patient.delete(f"/api/account/devices/{devices[1]['id']}").status_code == 404
    assert patient.delete("/api/account/devices/0123456789abcdef").status_code == 404
    assert tablet.get("/api/me").status_code == 200

    assert patient.delete(f"/api/account/devices/{devices[1]['id']}").status_code == 204
    assert tablet.get("/api/me").status_code == 401
    assert [d["this_device"] for d in patient.get("/api/account/devices").json()] == [True]


def test_sign_out_everywhere_ends_every_sign_in(patient, new_client):
    tablet = second_device(new_client, email_of(patient))
    assert patient.post("/api/account/sign-out-everywhere").status_code == 204
    assert patient.get("/api/me").status_code == 401
    assert tablet.get("/api/me").status_code == 401


# ---------------------------------------------------------------- sign-ins that stay alive while used


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(accounts_service, "utcnow", clock)
    return clock


def test_a_sign_in_used_every_morning_outlives_30_days_but_not_the_maximum(new_client, clock):
    patient = sign_up(new_client())
    for _day in range(60):  # every morning for two months: never signed out on day 31
        clock.now += timedelta(days=1)
        assert patient.get("/api/me").status_code == 200, f"day {_day + 1}"
    clock.now += timedelta(days=121)  # 181 days after signing in: the maximum age
    assert patient.get("/api/me").status_code == 401


def test_a_sign_in_unused_for_30_days_ends(new_client, clock):
    patient = sign_up(new_client())
    clock.now += timedelta(days=29, hours=23)
    assert patient.get("/api/me").status_code == 200
    clock.now += timedelta(days=30, hours=1)
    assert patient.get("/api/me").status_code == 401


# ---------------------------------------------------------------- download everything


def test_download_everything_holds_every_row_and_the_exports_without_the_2_year_cap(patient):
    long_ago = date.today() - timedelta(days=3 * 365)
    for day in (long_ago, date.today()):
        assert patient.post("/api/checkins", json={"id": new_id(), "local_date": day.isoformat(),
                                                    "morning_pain": 3, "note": "stiff"}).status_code == 201
    response = patient.get("/api/account/export")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"README.txt", "heelstrong-data.json", "heelstrong-sets.csv",
                                       "heelstrong-measures.csv", "heelstrong-fhir.json"}
    data = json.loads(archive.read("heelstrong-data.json"))
    assert sorted(c["local_date"] for c in data["checkin"]) == [long_ago.isoformat(), date.today().isoformat()]
    assert data["user"][0]["email"] == email_of(patient)
    assert not [key for rows in data.values() for row in rows for key in row if key.endswith("_hash")]
    assert long_ago.isoformat() in archive.read("heelstrong-sets.csv").decode("utf-8-sig")
    bundle = Bundle.model_validate_json(archive.read("heelstrong-fhir.json"))
    assert sum(1 for e in bundle.entry if e.resource.__resource_type__ == "Observation") >= 2


# ---------------------------------------------------------------- delete the account


def with_everything(client, new_client) -> None:
    """A patient with a row in every table the app writes (the warning sign makes a decision)."""
    assert client.post("/api/checkins", json={"id": new_id(), "local_date": date.today().isoformat(),
                                               "morning_pain": 2, "red_flag": True}).status_code == 201
    session_id = new_id()
    assert client.post("/api/sessions", json={"id": session_id, "local_date": date.today().isoformat()}
                       ).status_code == 201
    assert client.post(f"/api/sessions/{session_id}/sets", json={
        "id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
        "pain_during": 2, "settled": True}).status_code == 201
    thresholds = client.get("/api/profile/thresholds").json() | {"pain_limit": 4}
    assert client.put("/api/profile/thresholds", json=thresholds).status_code == 200
    assert client.put("/api/reminders", json={"time": "07:30", "days": ["mon"]}).status_code == 200
    assert client.post("/api/reminders/calendar").status_code == 201
    link = client.post("/api/share-links", json={"expires_in_days": 7}).json()
    assert new_client().get(f"/api/shared/{link['token']}/summary").status_code == 200
    assert client.get("/api/today").status_code == 200


def rows_of(user_id: int, link_ids: list[int]) -> dict[str, int]:
    """Rows that still name the user, in every table (views of their links counted too)."""
    counts = {}
    with Session(get_engine()) as db:
        for table in SQLModel.metadata.sorted_tables:
            if "user_id" in table.c:
                where = table.c.user_id == user_id
            elif table.name == "user":
                where = table.c.id == user_id
            elif "link_id" in table.c:
                where = table.c.link_id.in_(link_ids or [-1])
            else:
                continue
            counts[table.name] = db.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    return counts


def test_deleting_the_account_removes_every_row_of_it_and_nothing_else(patient, other_patient, new_client):
    with_everything(patient, new_client)
    with_everything(other_patient, new_client)
    user_id, email = (patient.get("/api/me").json()[key] for key in ("id", "email"))
    other_id = other_patient.get("/api/me").json()["id"]
    link_ids = [link["id"] for link in patient.get("/api/share-links").json()]
    other_link_ids = [link["id"] for link in other_patient.get("/api/share-links").json()]
    before = rows_of(user_id, link_ids)
    assert {table for table, n in before.items() if n} == {
        "checkin", "training_session", "exercise_set", "decision", "share_link", "share_access", "reminder",
        "profile", "patient_thresholds", "progression_state", "today_plan", "progress_day", "auth_session", "user"}
    others_before = rows_of(other_id, other_link_ids)

    wrong = patient.post("/api/account/delete", json={"password": "not the password"})
    assert wrong.status_code == 403 and rows_of(user_id, link_ids) == before

    response = patient.post("/api/account/delete", json={"password": PASSWORD})
    assert response.status_code == 200
    answer = response.json()
    assert answer["removed"]["checkin"] == 1 and answer["removed"]["exercise_set"] == 1
    assert answer["message"].startswith("Your account is deleted, with ") and "1 check-in" in answer["message"]
    assert set(rows_of(user_id, link_ids).values()) == {0}
    assert rows_of(other_id, other_link_ids) == others_before
    assert patient.get("/api/me").status_code == 401
    with Session(get_engine()) as db:
        assert db.get(User, user_id) is None
    # The email is free again: a new account with it starts empty.
    again = register(new_client(), email, NEW_PASSWORD)
    assert again.get("/api/me").json()["profile"] is None


def test_wrong_current_passwords_count_as_failed_sign_ins(patient):
    for _ in range(10):
        assert patient.post("/api/account/delete", json={"password": "a guess"}).status_code == 403
    assert patient.post("/api/account/password",
                        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}).status_code == 429
    assert patient.get("/api/me").status_code == 200


# ---------------------------------------------------------------- clinic mode's rows are the patient's too


def test_a_linked_patients_notes_settings_changes_and_access_log_are_downloaded_and_deleted(patient, new_client):
    from heelstrong.clinic.service import add_clinician

    with Session(get_engine()) as db:
        add_clinician(db, "Rights Clinic", "rights-clinician@example.org", "Dr Rights", PASSWORD)
    clinician = new_client()
    assert sign_in(clinician, "rights-clinician@example.org").status_code == 200
    code = clinician.post("/api/clinic/codes/patient").json()["code"]
    assert patient.post("/api/clinician-link", json={"code": code}).status_code == 200
    patient_id = patient.get("/api/me").json()["id"]
    settings = clinician.get(f"/api/clinic/patients/{patient_id}").json()["settings"] | {"pain_limit": 4}
    assert clinician.put(f"/api/clinic/patients/{patient_id}/settings", json=settings).status_code == 200
    note = clinician.post(f"/api/clinic/patients/{patient_id}/notes", json={"body": "Keep going"})
    assert note.status_code == 201
    assert patient.post(f"/api/notes/{note.json()['id']}/messages",
                        json={"id": str(uuid.uuid4()), "body": "I will"}).status_code == 201
    clinician.get(f"/api/clinic/patients/{patient_id}")  # opened again: when is kept for the caseload

    data = json.loads(zipfile.ZipFile(io.BytesIO(patient.get("/api/account/export").content))
                      .read("heelstrong-data.json"))
    assert [n["body"] for n in data["clinician_note"]] == ["Keep going"]
    assert [(m["author"], m["body"]) for m in data["note_message"]] == [("patient", "I will")]
    assert len(data["patient_seen"]) == 1
    assert len(data["care_link"]) == 1 and len(data["setting_change"]) == 1
    assert {a["what"] for a in data["patient_access"]} == {"patient page"}
    assert "clinician" not in data or data["clinician"] == []  # the clinician's own account is not the patient's

    answer = patient.post("/api/account/delete", json={"password": PASSWORD}).json()
    assert {"care_link", "clinician_note", "note_message", "patient_seen", "setting_change",
            "patient_access"} <= set(answer["removed"])
    assert "1 note from your clinician" in answer["message"] and "1 message in a note's thread" in answer["message"]
    caseload = clinician.get("/api/clinic/caseload").json()
    assert caseload["total"] == 0  # gone from the caseload with the account
