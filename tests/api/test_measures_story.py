"""A 12-week patient whose heel rises climb 8 -> 14 -> 20 -> 24 (other side 26) and whose PSFS
climbs 3 -> 7, read the way their physiotherapist reads them: Progress's words, the summary's
block at a glance and the PDF."""

from datetime import UTC, datetime, timedelta

from tests.api.conftest import link, new_id
from tests.api.test_measures import patient_of
from tests.api.test_summary_pdf import needs_poppler, pdf_pages

TODAY = datetime.now(UTC).date()
START = TODAY - timedelta(days=84)
RISES = {0: 8, 28: 14, 56: 20, 84: 24}
PSFS = {0: (3, 3, 3), 14: (3, 4, 4), 28: (4, 5, 4), 42: (5, 5, 5), 56: (6, 5, 6), 70: (6, 7, 6), 84: (7, 7, 7)}


def twelve_weeks(client):
    items = [client.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs", "text": text}).json()["id"]
             for text in ("Walk the dog for 30 minutes", "Stairs at work", "Run 5 km")]
    for day, count in RISES.items():
        response = client.post("/api/measures/heel-rise", json={
            "id": new_id(), "local_date": (START + timedelta(days=day)).isoformat(), "sides": [
                {"side": "left", "count": 26, "height_held": True, "pain": 0},
                {"side": "right", "count": count, "height_held": day > 0, "pain": 2}]})
        assert response.status_code == 201, response.text
    for day, ratings in PSFS.items():
        response = client.post("/api/measures/responses", json={
            "id": new_id(), "instrument": "psfs", "local_date": (START + timedelta(days=day)).isoformat(),
            "answers": dict(zip(items, ratings, strict=True))})
        assert response.status_code == 201, response.text


STORY = [
    "Heel-rise test: 8 -> 24 rises on the painful side: beyond the 6-rise noise",
    "Symmetry 31% -> 92% of the other side (goal 90%)",
    "PSFS 3.0 -> 7.0: beyond the 2-point noise; a large change",
]


@needs_poppler
def test_the_story_reads_as_a_physiotherapist_would_tell_it(new_client, new_clinician, tmp_path):
    patient = patient_of(new_client(), side="right", started_days_ago=84)
    twelve_weeks(patient)
    measures = patient.get("/api/measures").json()
    heel = measures["heel_rise"]
    assert [t["painful_count"] for t in heel["tests"]] == [8, 14, 20, 24]
    assert [t["symmetry"] for t in heel["tests"]] == [31, 54, 77, 92]
    assert heel["words"] == [STORY[0].removeprefix("Heel-rise test: "), STORY[1]]
    assert heel["signal"] is None and not heel["offer"]["due"]
    assert heel["goal_reached"] is None  # 92% of the other side, but no mornings to call calm
    assert measures["instruments"][0]["words"] == [STORY[2]]

    glance = patient.get("/api/export/summary").json()["glance"]
    assert glance["outcomes"]["lines"] == STORY
    assert glance["outcomes"]["symmetry"] == 92

    clinician = new_clinician()
    patient_id = link(patient, clinician)
    assert clinician.get("/api/clinic/caseload").json()["rows"][0]["symmetry"] == 92
    pdf = clinician.get(f"/api/clinic/patients/{patient_id}/export/pdf")
    first_page = " ".join(pdf_pages(pdf.content, tmp_path)[0].split())
    assert "Measures since the start (heel-rise test, questionnaires):" in first_page
    for line in STORY:
        assert f"- {line}." in first_page
