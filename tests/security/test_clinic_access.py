"""Clinic mode's access rules (issue 15), as a matrix: every route under a patient's id, asked by
their own clinician (2xx), by a colleague in the same clinic, for a patient who unlinked, for a
patient of another clinic, for an id nobody has (404, the same answer each time) and by a patient
(403), with no patient's data in any refusal and nothing changed by one. Then the codes that make
links (single use, short-lived, of one kind, rate limited), the caseload (unlinking, order,
filters, pages) and the access log every clinician read writes for the patient to see."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col, select

from heelstrong.clinic.models import ClinicalSettings, LinkCode, PatientAccess
from heelstrong.clinic.service import NO_SUCH_PATIENT, NOT_A_CLINICIAN
from heelstrong.core.base import utcnow
from heelstrong.core.db import get_engine
from heelstrong.progression.models import Decision
from tests.api.conftest import PASSWORD, link, linked_in_db, sign_up
from tests.api.test_progression import TODAY, check_in
from tests.security.test_rate_limits import settings

# (method, path template) -> the body sent (None for none): every route under a patient's id.
CLINICIAN_MATRIX = {
    ("GET", "/api/clinic/patients/{patient_id}"): None,
    ("GET", "/api/clinic/patients/{patient_id}/export/{what}"): None,
    ("PUT", "/api/clinic/patients/{patient_id}/settings"): ClinicalSettings(pain_limit=7).model_dump(mode="json"),
    ("PUT", "/api/clinic/patients/{patient_id}/stage"): {"stage": 3},
    ("GET", "/api/clinic/patients/{patient_id}/programs"): None,
    ("PUT", "/api/clinic/patients/{patient_id}/program"): {"program": "rathleff"},
    ("POST", "/api/clinic/patients/{patient_id}/notes"): {"body": "A note for you"},
    ("GET", "/api/clinic/patients/{patient_id}/notes"): None,
    ("POST", "/api/clinic/patients/{patient_id}/notes/{note_id}/messages"): {
        "id": "2e9c4b1a-7f3d-4a6e-9b8c-1d2e3f4a5b6c", "body": "How are the mornings?"},
    ("POST", "/api/clinic/patients/{patient_id}/notes/{note_id}/read"): None,
    ("POST", "/api/clinic/patients/{patient_id}/referrals/{decision_id}/handled"): {"note": "Called them"},
    ("GET", "/api/clinic/patients/{patient_id}/measures"): None,
    ("POST", "/api/clinic/patients/{patient_id}/measures/responses"): {
        "id": "7d4c9f2e-1b3a-4c5d-8e6f-0a1b2c3d4e5f", "instrument": "ffi", "local_date": "2026-11-02", "total": 40},
}
# Clinic routes with an id in the path that is not a patient's.
CLINIC_NOT_OBJECT_IDS = {"/api/clinic/codes/{kind}"}
WHO = ("own", "colleagues", "unlinked", "other clinic")
NO_SUCH = {"message": NO_SUCH_PATIENT, "detail": NO_SUCH_PATIENT}


def test_every_route_under_a_patients_id_is_in_the_matrix(app):
    routes = {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
              if path.startswith("/api/clinic/") and "{" in path and path not in CLINIC_NOT_OBJECT_IDS
              for method in operations}
    assert routes == set(CLINICIAN_MATRIX)


@dataclass
class Clinic:
    me: TestClient  # a clinician of Heel Clinic
    patients: dict[str, TestClient]  # by WHO
    ids: dict[str, int]
    referrals: dict[str, int]  # each patient's own referral prompt
    names: dict[str, str]
    emails: dict[str, str]
    notes: dict[str, int]  # each patient's thread with their clinician: a note and their answer


@pytest.fixture
def clinic(new_client, new_clinician) -> Clinic:
    me = new_clinician("Heel Clinic", "Dr Ana Berg")
    colleague = new_clinician("Heel Clinic", "Dr Ola Lind")
    far = new_clinician("Foot Clinic", "Dr Kim Holm")
    clinicians = {"own": me, "colleagues": colleague, "unlinked": me, "other clinic": far}
    patients, ids, referrals, names, emails, notes = {}, {}, {}, {}, {}, {}
    for who in WHO:
        email = f"{who.replace(' ', '-')}@example.org"
        patient = sign_up(new_client(), email)
        names[who], emails[who] = f"Secret {who.title()} Person", email
        patient.put("/api/profile", json={"display_name": names[who], "painful_side": "right",
                                          "condition": "plantar_heel", "program_start": "2026-11-01",
                                          "timezone": "UTC"})
        # Calm mornings, then three flare-ups in a week (each higher than the days before): a referral prompt.
        for offset, pain in ((-6, 2), (-5, 2), (-4, 2), (-3, 7), (-2, 8), (-1, 9)):
            check_in(patient, offset, pain=pain)
        referrals[who] = patient.get("/api/today").json()["referrals"][0]["id"]
        ids[who] = link(patient, clinicians[who])
        patients[who] = patient
        notes[who] = clinicians[who].post(f"/api/clinic/patients/{ids[who]}/notes", json={"body": "Hello"}).json()["id"]
        assert patient.post(f"/api/notes/{notes[who]}/messages",
                            json={"id": str(uuid.uuid4()), "body": f"Private answer of {who}"}).status_code == 201
    assert patients["unlinked"].delete("/api/clinician-link").status_code == 204
    return Clinic(me, patients, ids, referrals, names, emails, notes)


def url(template: str, clinic: Clinic, who: str, decision_of: str | None = None, note_of: str | None = None) -> str:
    return template.format(patient_id=clinic.ids[who], what="csv", decision_id=clinic.referrals[decision_of or who],
                           note_id=clinic.notes[note_of or who])


def assert_untouched(clinic: Clinic, who: str) -> None:
    """Nothing a refused request could have done: read (logged), noted, set, moved, handled."""
    patient = clinic.patients[who]
    assert patient.get("/api/profile/access-log").json() == []
    today = patient.get("/api/today").json()
    assert today["notes"] == [] and today["calf_stage"] == 1
    (thread,) = patient.get("/api/notes").json()
    assert [(m["author"], m["read_at"]) for m in thread["messages"]] == [("patient", None)]
    assert today["referrals"][0]["handled_at"] is None
    assert not [d for d in today["recent_decisions"] if d["kind"] == "clinician"]
    assert patient.get("/api/profile/thresholds").json()["pain_limit"] == 5
    assert [i["responses"] for i in patient.get("/api/measures").json()["instruments"]] == [[], []]


def assert_tells_nothing(response, clinic: Clinic) -> None:
    for who in WHO:
        assert clinic.names[who] not in response.text and clinic.emails[who] not in response.text
    assert "flare" not in response.text.lower()


@pytest.mark.parametrize(("method", "template"), list(CLINICIAN_MATRIX))
def test_a_clinician_reaches_their_own_linked_patients_only(clinic, method, template):
    body = CLINICIAN_MATRIX[(method, template)]
    for who in ("colleagues", "unlinked", "other clinic"):
        response = clinic.me.request(method, url(template, clinic, who), json=body)
        assert (response.status_code, response.json()) == (404, NO_SUCH), (who, response.text)
        assert_tells_nothing(response, clinic)
    nobody = template.format(patient_id=2**31 - 1, what="csv", decision_id=clinic.referrals["own"],
                             note_id=clinic.notes["own"])
    assert (clinic.me.request(method, nobody, json=body).json()) == NO_SUCH  # like an id nobody has
    for who in ("colleagues", "unlinked", "other clinic"):
        assert_untouched(clinic, who)

    # A patient, even about themselves: this is for clinicians.
    for who in ("own", "colleagues"):
        response = clinic.patients[who].request(method, url(template, clinic, "own"), json=body)
        assert response.status_code == 403 and response.json()["message"] == NOT_A_CLINICIAN, response.text
        assert_tells_nothing(response, clinic)
    assert_untouched(clinic, "own")

    response = clinic.me.request(method, url(template, clinic, "own"), json=body)
    assert 200 <= response.status_code < 300, response.text


def test_another_patients_referral_under_my_patients_id_is_not_found(clinic):
    template = "/api/clinic/patients/{patient_id}/referrals/{decision_id}/handled"
    for whose in ("colleagues", "unlinked", "other clinic"):
        response = clinic.me.post(url(template, clinic, "own", decision_of=whose), json={"note": "Called them"})
        assert response.status_code == 404 and response.json()["message"] == "There is no such referral prompt."
        assert_tells_nothing(response, clinic)
        assert clinic.patients[whose].get("/api/today").json()["referrals"][0]["handled_at"] is None


@pytest.mark.parametrize(("method", "template", "body"), [
    ("POST", "/api/clinic/patients/{patient_id}/notes/{note_id}/messages",
     {"id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "body": "Hello"}),
    ("POST", "/api/clinic/patients/{patient_id}/notes/{note_id}/read", None),
])
def test_another_patients_thread_under_my_patients_id_is_not_found(clinic, method, template, body):
    for whose in ("colleagues", "unlinked", "other clinic"):
        response = clinic.me.request(method, url(template, clinic, "own", note_of=whose), json=body)
        assert response.status_code == 404 and response.json()["message"] == "There is no such note."
        assert_tells_nothing(response, clinic)
        assert "Private answer" not in response.text
        assert_untouched(clinic, whose)


def test_a_patient_sees_their_clinician_and_nothing_of_other_patients(clinic):
    patient = clinic.patients["own"]
    assert set(patient.get("/api/clinician-link").json()) == {"clinician", "clinic", "linked_at"}
    assert patient.get("/api/clinician-link").json()["clinician"] == "Dr Ana Berg"
    for path in ("/api/clinic/caseload", "/api/clinic/me", "/api/clinic/unread"):
        response = patient.get(path)
        assert response.status_code == 403
        assert_tells_nothing(response, clinic)
    assert patient.post("/api/clinic/codes/patient").status_code == 403


# ---------------------------------------------------------------- codes


def new_code(clinician: TestClient, kind: str = "patient") -> str:
    response = clinician.post(f"/api/clinic/codes/{kind}")
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == kind
    return response.json()["code"]


def link_with(patient: TestClient, code: str):
    return patient.post("/api/clinician-link", json={"code": code})


WRONG_CODE = "That code is not right or has expired: ask for a new one."


def test_a_code_links_one_patient_once(patient, other_patient, new_clinician):
    clinician = new_clinician()
    code = new_code(clinician)
    linked = link_with(patient, code)
    assert linked.status_code == 200
    assert (linked.json()["clinician"], linked.json()["clinic"]) == ("Dr Ana Berg", "Heel Clinic")
    again = link_with(other_patient, code)
    assert again.status_code == 422 and again.json()["message"] == WRONG_CODE
    assert other_patient.get("/api/clinician-link").json() is None
    assert clinician.get("/api/clinic/caseload").json()["total"] == 1


def test_an_expired_code_links_nobody(patient, new_clinician):
    clinician = new_clinician()
    code = new_code(clinician)
    with Session(get_engine()) as db:
        db.exec(update(LinkCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
    response = link_with(patient, code)
    assert response.status_code == 422 and response.json()["message"] == WRONG_CODE
    assert patient.get("/api/clinician-link").json() is None


def test_a_code_is_of_one_kind(patient, new_client, new_clinician):
    clinician = new_clinician()
    invite, patient_code = new_code(clinician, "clinician"), new_code(clinician, "patient")
    assert link_with(patient, invite).status_code == 422  # an invite links no patient
    registration = {"email": "ola@example.org", "password": PASSWORD, "name": "Dr Ola Lind", "code": patient_code}
    assert new_client().post("/api/auth/register-clinician", json=registration).status_code == 422
    # Neither attempt used the code up.
    assert link_with(patient, patient_code).status_code == 200
    assert new_client().post("/api/auth/register-clinician",
                             json=registration | {"code": invite}).status_code == 201


def test_a_clinician_cannot_be_linked_to_a_clinician(new_clinician):
    ana, ola = new_clinician(name="Dr Ana Berg"), new_clinician(name="Dr Ola Lind")
    response = link_with(ola, new_code(ana))
    assert response.status_code == 409 and "clinician account can't be linked" in response.json()["message"]
    assert ana.get("/api/clinic/caseload").json()["total"] == 0


def test_wrong_codes_are_limited_per_patient(patient, other_patient, new_clinician):
    clinician = new_clinician()
    for _ in range(10):
        assert link_with(patient, "AAAA-AAAA").status_code == 422
    right = new_code(clinician)
    limited = link_with(patient, right)  # even the right one, for a while
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "900"
    assert patient.get("/api/clinician-link").json() is None
    assert link_with(other_patient, right).status_code == 200  # someone else is not held up


def test_registering_as_a_clinician_counts_against_the_address(new_client, new_clinician, monkeypatch):
    clinician = new_clinician()
    with settings(monkeypatch, REGISTRATIONS_PER_HOUR="3"):
        guesser = new_client()
        for n in range(3):
            guess = guesser.post("/api/auth/register-clinician", json={
                "email": f"guess{n}@example.org", "password": PASSWORD, "name": "Dr Guess", "code": "AAAA-AAAA"})
            assert guess.status_code == 422
        limited = guesser.post("/api/auth/register-clinician", json={
            "email": "guess@example.org", "password": PASSWORD, "name": "Dr Guess", "code": new_code(clinician, "clinician")})
        assert limited.status_code == 429


# ---------------------------------------------------------------- the caseload


def names_in(clinician: TestClient, **params) -> list[str]:
    return [row["name"] for row in clinician.get("/api/clinic/caseload", params=params).json()["rows"]]


def test_an_unlinked_patient_leaves_the_caseload_at_once(patient, new_clinician):
    clinician, successor = new_clinician(name="Dr Ana Berg"), new_clinician("Foot Clinic", "Dr Kim Holm")
    patient_id = link(patient, clinician)
    assert [row["patient_id"] for row in clinician.get("/api/clinic/caseload").json()["rows"]] == [patient_id]
    assert patient.delete("/api/clinician-link").status_code == 204
    assert clinician.get("/api/clinic/caseload").json()["total"] == 0
    assert clinician.get(f"/api/clinic/patients/{patient_id}").status_code == 404
    # Linking to someone else moves the patient over: the first clinician sees nothing.
    link(patient, clinician)
    link(patient, successor)
    assert clinician.get("/api/clinic/caseload").json()["total"] == 0
    assert clinician.get(f"/api/clinic/patients/{patient_id}").status_code == 404
    assert successor.get("/api/clinic/caseload").json()["total"] == 1
    assert patient.delete("/api/clinician-link").status_code == 204
    assert patient.delete("/api/clinician-link").status_code == 404


SIGNALS = {  # name -> what the engine decided yesterday (kind, rule)
    "Ada Quiet": None,  # no check-in for 4 days
    "Bo Flagged": ("flag", "pain_during_limit"),
    "Cy Worse": ("dose_back", "worse_week"),
    "Di Flare": ("dose_back", "morning_flare"),
    "Ed Referral": ("refer", "flares_to_refer"),
    "Fay Fine": None,
}


@pytest.fixture
def signals(new_clinician) -> TestClient:
    clinician = new_clinician()
    checked_in = [name for name in SIGNALS if name != "Ada Quiet"]
    ids = dict(zip(checked_in, linked_in_db(clinician, checked_in), strict=True))
    ids["Ada Quiet"] = linked_in_db(clinician, ["Ada Quiet"], checked_in_days_ago=4)[0]
    with Session(get_engine()) as db:
        for name, signal in SIGNALS.items():
            if signal:
                db.add(Decision(user_id=ids[name], local_date=TODAY - timedelta(days=1), track="calf", kind=signal[0],
                                rule=signal[1], message="-"))
        db.commit()
    return clinician


def test_the_caseload_puts_who_needs_attention_first(signals):
    assert names_in(signals) == ["Ed Referral", "Di Flare", "Cy Worse", "Bo Flagged", "Ada Quiet", "Fay Fine"]
    rows = {row["name"]: row for row in signals.get("/api/clinic/caseload").json()["rows"]}
    assert [item["kind"] for item in rows["Ada Quiet"]["attention"]] == ["quiet"]
    assert rows["Ada Quiet"]["attention"][0]["label"] == "No check-in for 4 days"
    assert rows["Fay Fine"]["attention"] == [] and rows["Fay Fine"]["last_checkin"] == TODAY.isoformat()
    assert rows["Ed Referral"]["attention"][0]["label"] == "Referral prompt"


def test_the_caseload_filters_by_attention_and_name(signals):
    page = signals.get("/api/clinic/caseload", params={"needs_attention": True}).json()
    assert page["total"] == 5 and "Fay Fine" not in [row["name"] for row in page["rows"]]
    assert names_in(signals, search="FAY") == ["Fay Fine"]
    assert names_in(signals, search="d", needs_attention=True) == ["Ed Referral", "Di Flare", "Bo Flagged", "Ada Quiet"]
    assert names_in(signals, search="nobody") == []


def test_the_caseload_comes_25_to_a_page_and_logs_only_the_page_shown(new_clinician):
    clinician = new_clinician()
    ids = linked_in_db(clinician, [f"Patient {n:02d}" for n in range(30)])
    first = clinician.get("/api/clinic/caseload").json()
    assert (first["total"], first["page"], first["pages"], len(first["rows"])) == (30, 1, 2, 25)
    assert [row["name"] for row in first["rows"]] == [f"Patient {n:02d}" for n in range(25)]
    with Session(get_engine()) as db:
        logged = db.exec(select(PatientAccess.patient_id, PatientAccess.what)).all()
    assert sorted(logged) == [(patient_id, "caseload") for patient_id in ids[:25]]

    second = clinician.get("/api/clinic/caseload", params={"page": 2}).json()
    assert [row["name"] for row in second["rows"]] == [f"Patient {n:02d}" for n in range(25, 30)]
    with Session(get_engine()) as db:
        logged = db.exec(select(PatientAccess.patient_id).where(col(PatientAccess.patient_id).in_(ids[25:]))).all()
    assert sorted(logged) == ids[25:]
    assert clinician.get("/api/clinic/caseload", params={"page": 3}).json()["rows"] == []


# ---------------------------------------------------------------- the access log


def test_every_clinician_read_is_in_the_patients_access_log(patient, other_patient, new_clinician):
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    link(other_patient, new_clinician("Foot Clinic", "Dr Kim Holm"))
    assert patient.get("/api/profile/access-log").json() == []  # linking reads nothing

    clinician.get("/api/clinic/caseload")
    clinician.get(f"/api/clinic/patients/{patient_id}")
    for what in ("pdf", "csv", "fhir"):
        assert clinician.get(f"/api/clinic/patients/{patient_id}/export/{what}").status_code == 200

    log = patient.get("/api/profile/access-log").json()
    assert [entry["what"] for entry in log] == ["fhir", "csv", "pdf", "patient page", "caseload"]  # newest first
    assert {(entry["clinician_name"], entry["clinic_name"]) for entry in log} == {("Dr Ana Berg", "Heel Clinic")}
    assert other_patient.get("/api/profile/access-log").json() == []
    assert clinician.get("/api/profile/access-log").json() == []
    # After unlinking, the record stays with the patient; nothing more is added.
    patient.delete("/api/clinician-link")
    clinician.get("/api/clinic/caseload")
    clinician.get(f"/api/clinic/patients/{patient_id}")
    assert patient.get("/api/profile/access-log").json() == log
