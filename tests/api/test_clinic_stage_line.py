"""A stage the clinician sets is part of the patient's stage line everywhere it is drawn:
Progress, /api/progression and the summary's ladder."""

from sqlmodel import Session

from heelstrong.clinic.service import add_clinician
from heelstrong.core.db import get_engine
from tests.api.conftest import PASSWORD


def test_a_stage_set_by_the_clinician_is_on_the_stage_line_progress_and_ladder(patient, new_client):
    with Session(get_engine()) as db:
        add_clinician(db, "Line Clinic", "line-clinician@example.org", "Dr Line", PASSWORD)
    clinician = new_client()
    assert clinician.post("/api/auth/login", json={"email": "line-clinician@example.org",
                                                   "password": PASSWORD}).status_code == 200
    code = clinician.post("/api/clinic/codes/patient").json()["code"]
    assert patient.post("/api/clinician-link", json={"code": code.lower().replace("-", " ")}).status_code == 200
    patient_id = patient.get("/api/me").json()["id"]
    assert clinician.put(f"/api/clinic/patients/{patient_id}/stage", json={"stage": 3}).status_code == 204

    today = patient.get("/api/today").json()
    assert today["calf_stage"] == 3
    assert today["recent_decisions"][0]["message"].startswith("Changed by your clinician, Dr Line: stage 3")
    assert [p["calf_stage"] for p in patient.get("/api/progression").json()["stage_timeline"]] == [3]
    assert patient.get("/api/progress").json()["stage"][-1]["calf_stage"] == 3
    ladder = patient.get("/api/export/summary").json()["glance"]["ladder"]
    assert ladder[-1]["calf_stage"] == 3 and ladder[-1]["local_date"] == today["recent_decisions"][0]["local_date"]
