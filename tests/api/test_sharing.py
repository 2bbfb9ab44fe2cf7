import csv
import io
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlmodel import Session, select

from heelstrong.core.db import get_engine
from heelstrong.sharing.models import ShareLink
from tests.api.conftest import new_id
from tests.api.test_progression import check_in, day, log_holds

TODAY = datetime.now(UTC).date()
NOT_FOUND = "This link does not work"


def with_history(client, days: int = 28):
    client.put("/api/profile", json={"display_name": "Åsa Lindqvist-Øberg", "painful_side": "right",
                                     "condition": "achilles_midportion",
                                     "program_start": day(-days), "timezone": "UTC"})
    for offset in range(-days + 1, 1):
        check_in(client, offset, pain=4 if offset < -14 else 3)
        if offset % 2 == 0:
            log_holds(client, offset, pain=7 if offset == -10 else 2)
    session_id = new_id()
    client.post("/api/sessions", json={"id": session_id, "local_date": day(0)})
    client.post(f"/api/sessions/{session_id}/sets", json={
        "id": new_id(), "exercise_id": "hip-abduction-band", "side": "left", "reps": 10, "load_kg": 2.5,
        "pain_during": 1, "settled": True, "effort": "easy", "note": 'band "green", then red, felt fine'})


def share(client, **body) -> dict:
    response = client.post("/api/share-links", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_link_gives_a_clinician_read_only_access_and_every_access_is_recorded(patient, new_client):
    with_history(patient)
    link = share(patient, label="Dr. Berg")
    assert len(link["token"]) >= 43 and link["path"] == f"/shared/{link['token']}"  # 256 bits, base64url
    expected_expiry = datetime.now(UTC) + timedelta(days=30)
    assert abs(datetime.fromisoformat(link["expires_at"]) - expected_expiry) < timedelta(minutes=1)
    with Session(get_engine()) as db:
        stored = db.exec(select(ShareLink)).one()
        assert stored.token_hash != link["token"] and link["token"] not in stored.token_hash

    clinician = new_client()  # no account, no cookie
    summary = clinician.get(f"/api/shared/{link['token']}/summary")
    assert summary.status_code == 200
    body = summary.json()
    assert body["patient_name"] == "Åsa Lindqvist-Øberg" and body["painful_side"] == "right"
    assert body["start"] == day(-27) and body["end"] == day(0)
    assert len(body["progress"]["weeks"]) == 4 and body["thresholds"]["pain_limit"] == 5
    assert [f["broken_rules"] for f in body["flagged_sessions"]] == [["pain_during_limit"]]
    assert any(d["kind"] == "dose_up" for d in body["decisions"])
    for what in ("pdf", "csv", "fhir"):
        assert clinician.get(f"/api/shared/{link['token']}/{what}").status_code == 200

    listed = patient.get("/api/share-links").json()
    assert listed[0]["access_count"] == 4 and listed[0]["last_accessed_at"] is not None
    assert listed[0]["label"] == "Dr. Berg" and listed[0]["active"] and "token" not in listed[0]


def test_revoked_expired_tampered_and_truncated_links_all_answer_the_same_404(patient, new_client):
    live, revoked, expired = share(patient), share(patient), share(patient, expires_in_days=7)
    assert patient.delete(f"/api/share-links/{revoked['id']}").status_code == 204
    with Session(get_engine()) as db:
        row = db.get(ShareLink, expired["id"])
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.add(row)
        db.commit()
    clinician = new_client()
    tampered = live["token"][:-1] + ("A" if live["token"][-1] != "A" else "B")
    for token in (revoked["token"], expired["token"], tampered, live["token"][:20], "x"):
        response = clinician.get(f"/api/shared/{token}/summary")
        assert response.status_code == 404 and NOT_FOUND in response.json()["message"], token
    assert clinician.get(f"/api/shared/{live['token']}/summary").status_code == 200
    states = {link["id"]: link["active"] for link in patient.get("/api/share-links").json()}
    assert states == {live["id"]: True, revoked["id"]: False, expired["id"]: False}


def test_a_link_cannot_write_or_reach_anything_else(patient, other_patient, new_client):
    link = share(patient)
    other_session = new_id()
    other_patient.post("/api/sessions", json={"id": other_session, "local_date": day(0)})
    clinician = new_client()
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert clinician.request(method, f"/api/shared/{link['token']}/summary", json={}).status_code == 405
    assert clinician.get(f"/api/sessions/{other_session}").status_code == 401
    assert clinician.get("/api/share-links").status_code == 401
    assert clinician.get(f"/api/shared/{link['token']}/sessions").status_code == 422  # not an export format
    assert other_patient.delete(f"/api/share-links/{link['id']}").status_code == 404
    assert patient.get("/api/share-links").json()[0]["active"]


@pytest.mark.parametrize(("params", "message"), [
    ({"from": day(0), "to": day(-1)}, "'from' must not be after 'to'"),
    ({"from": "2020-01-01", "to": day(0)}, "2 years"),
    ({"from": "yesterday"}, "from must be a date"),
])
def test_bad_ranges_and_formats_are_refused(patient, params, message):
    link = share(patient)
    for path in ("/api/export/pdf", f"/api/shared/{link['token']}/csv"):
        response = patient.get(path, params=params)
        assert response.status_code == 422 and message in response.json()["message"], (path, response.text)
    unknown = patient.get("/api/export/docx")
    assert unknown.status_code == 422 and "must be one of" in unknown.json()["message"]


def test_share_link_expiry_is_validated(patient):
    for days in (0, 366, "30"):
        assert patient.post("/api/share-links", json={"expires_in_days": days}).status_code == 422
    assert patient.get("/api/share-links").json() == []


def test_csv_has_one_row_per_set_and_opens_cleanly(patient):
    with_history(patient, days=7)
    response = patient.get("/api/export/csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="heelstrong-asa-lindqvist-oberg-{day(-7)}-to-{day(0)}.csv"' in response.headers[
        "content-disposition"
    ]
    # Every download is named alike, the PDF and FHIR too (a clinician's folder sorts them together).
    for what, name in (("pdf", "pdf"), ("fhir", "fhir-{}-to-{}.json")):
        headers = patient.get(f"/api/export/{what}").headers["content-disposition"]
        expected = f"heelstrong-asa-lindqvist-oberg-{day(-7)}-to-{day(0)}.pdf" if what == "pdf" else \
            "heelstrong-asa-lindqvist-oberg-" + name.format(day(-7), day(0))
        assert f'filename="{expected}"' in headers and "filename*=UTF-8''heelstrong-%C3%A5sa" in headers
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0])[:3] == ["patient_id", "patient_name", "date"]
    assert {(r["patient_id"], r["patient_name"]) for r in rows} == {(rows[0]["patient_id"], "Åsa Lindqvist-Øberg")}
    set_rows = [r for r in rows if r["set_id"]]
    assert len(set_rows) == 4 * 3 + 1
    hip = next(r for r in set_rows if r["exercise_id"] == "hip-abduction-band")
    assert hip["set_note"] == 'band "green", then red, felt fine' and hip["load_kg"] == "2.5"
    assert hip["settled"] == "yes" and hip["date"] == day(0) and hip["exercise_name"]
    days_without_sets = [r for r in rows if not r["set_id"]]
    assert all(r["morning_pain"] for r in days_without_sets) and len(days_without_sets) == 3


def test_fhir_bundle_parses_as_r4_with_loinc_pain_scores(patient):
    with_history(patient, days=7)
    response = patient.get("/api/export/fhir")
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(response.json())
    assert bundle.type == "collection"
    resources = [entry.resource for entry in bundle.entry]
    patients = [r for r in resources if r.get_resource_type() == "Patient"]
    assert len(patients) == 1 and patients[0].name[0].text == "Åsa Lindqvist-Øberg"
    pain = [r for r in resources if r.get_resource_type() == "Observation" and r.code.coding[0].code == "72514-3"]
    morning = [r for r in pain if r.category[0].coding[0].code == "morning-first-steps"]
    during = [r for r in pain if r.category[0].coding[0].code == "during-exercise"]
    assert len(morning) == 7 and len(during) == 4  # days with sets: -6, -4, -2, 0
    assert all(0 <= r.valueInteger <= 10 for r in pain)
    sets = [r for r in resources if r.get_resource_type() == "Observation" and r.category[0].coding[0].code == "activity"]
    assert len(sets) == 13
    hip = next(r for r in sets if r.code.coding[0].code == "hip-abduction-band")
    components = {c.code.coding[0].code: c for c in hip.component}
    assert components["reps"].valueQuantity.value == 10 and components["load"].valueQuantity.unit == "kg"
    assert all(r.subject.reference == f"urn:uuid:{patients[0].id}" for r in pain + sets)
    assert patient.get("/api/export/fhir").json() == response.json()  # stable ids


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed to read the PDF")
def test_pdf_summary_is_one_a4_page_of_real_text_for_four_weeks(patient, tmp_path):
    with_history(patient)
    response = patient.get("/api/export/pdf")
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF")
    path = tmp_path / "summary.pdf"
    (Path(os.environ.get("HEELSTRONG_KEEP_PDF", tmp_path)) / "summary.pdf").write_bytes(response.content)
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE) and "595.28 x 841.89 pts (A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("Heel rehab summary", "Åsa Lindqvist-Øberg", "right heel", "Flagged sessions (1)",
                     "pain went above 5/10", "Plan changes and reasons", "Thresholds in use", "too much"):
        assert expected in text, expected


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed to read the PDF")
def test_a_pdf_embeds_a_unicode_font_only_when_its_text_needs_one(patient, tmp_path):
    with_history(patient, days=7)
    latin = patient.get("/api/export/pdf").content
    assert b"/FontFile2" not in latin and "Åsa Lindqvist-Øberg" in _pdf_text(latin, tmp_path)

    profile = patient.get("/api/profile").json()
    patient.put("/api/profile", json=profile | {"display_name": "Łucja Żółć-Ηλέκτρα"}).raise_for_status()
    unicode = patient.get("/api/export/pdf").content
    assert b"/FontFile2" in unicode and "Łucja Żółć-Ηλέκτρα" in _pdf_text(unicode, tmp_path)


def test_a_year_summary_spans_more_pages(patient, tmp_path):
    with_history(patient, days=120)
    response = patient.get("/api/export/pdf", params={"from": day(-119), "to": day(0)})
    assert response.status_code == 200
    assert response.content.count(b"/Type /Page\n") + response.content.count(b"/Type /Page>") >= 1


def test_admin_cli_exports_a_patients_file(patient, database_url, tmp_path):
    import sys

    with_history(patient, days=7)
    email = patient.get("/api/me").json()["email"]
    env = {k: v for k, v in os.environ.items()} | {"HEELSTRONG_DATABASE_URL": database_url}
    out = tmp_path / "export.json"
    result = subprocess.run([sys.executable, "-m", "heelstrong.cli", "export", "--email", email, "--format", "fhir",
                             "--from", day(-6), "--to", day(0), "-o", str(out)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Bundle.model_validate_json(out.read_text()).type == "collection"
    unknown = subprocess.run([sys.executable, "-m", "heelstrong.cli", "export", "--email", "no@example.org",
                              "--format", "csv", "-o", str(out)], env=env, capture_output=True, text=True)
    assert unknown.returncode != 0 and "no account with the email no@example.org" in unknown.stderr
    backwards = subprocess.run([sys.executable, "-m", "heelstrong.cli", "export", "--email", email, "--format", "pdf",
                                "--from", day(0), "--to", day(-3), "-o", str(out)], env=env, capture_output=True, text=True)
    assert backwards.returncode != 0 and backwards.stderr == "heelstrong: 'from' must not be after 'to'\n"


def test_a_bad_range_through_a_link_is_not_counted_as_a_view(patient, new_client):
    link = share(patient)
    clinician = new_client()
    bad = clinician.get(f"/api/shared/{link['token']}/summary", params={"from": day(0), "to": day(-3)})
    assert bad.status_code == 422
    assert patient.get("/api/share-links").json()[0]["access_count"] == 0


def test_the_default_range_does_not_start_before_the_program(patient):
    with_history(patient, days=10)
    summary = patient.get("/api/export/summary").json()
    assert summary["start"] == summary["program_start"] == day(-10)
    assert patient.get("/api/progress").json()["start"] == day(-10)
