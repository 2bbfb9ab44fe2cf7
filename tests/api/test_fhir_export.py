"""The FHIR export as a clinician's system reads it, and as a FHIR server loads it (item 6 of issue 11)."""

import re
from datetime import date

from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import update

from heelstrong.checkins.models import CheckIn
from heelstrong.core.db import get_engine
from tests.api.conftest import new_id
from tests.api.test_progression import day, log_holds

SURVEY = ("http://terminology.hl7.org/CodeSystem/observation-category", "survey")
IDENTIFIER_SYSTEM = "https://heelstrong.org/fhir/identifier"
OURS = "https://heelstrong.org/fhir/CodeSystem"
REFERRAL = "3 flare-ups in 7 days. Time to see a physiotherapist or doctor (your own clinician, if you have one)."


def set_profile(client, side: str = "right", condition: str = "achilles_midportion", start: int = -14) -> None:
    response = client.put("/api/profile", json={"display_name": "Ingrid Ødegård", "painful_side": side,
                                                "condition": condition, "program_start": day(start),
                                                "timezone": "UTC"})
    assert response.status_code == 200, response.text


def morning(client, offset: int, pain: int = 2, stiffness: int | None = None, note: str | None = None) -> None:
    entry = {"id": new_id(), "local_date": day(offset), "morning_pain": pain, "stiffness_minutes": stiffness,
             "note": note}
    assert client.post("/api/checkins", json=entry).status_code in (200, 201)


def reach_stage_two(client, stiffness: bool = True) -> None:
    """tests/api/test_progression.py's climb: holds built up over a week, stage 2 decided on day -1."""
    seconds_by_day = [(3, 30), (4, 30), (5, 30), (5, 35), (5, 40), (5, 45), (5, 45)]
    for offset, (holds, seconds) in zip(range(-7, 0), seconds_by_day, strict=True):
        morning(client, offset, stiffness=20 + offset if stiffness else None)
        log_holds(client, offset, seconds=seconds, holds=holds)
    morning(client, 0)


def export(client, path: str = "/api/export/fhir", **params) -> tuple[dict, Bundle]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    raw = response.json()
    return raw, Bundle.model_validate(raw)


def of_type(raw: dict, resource_type: str) -> list[dict]:
    return [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == resource_type]


def coded(resource: dict, code: str) -> bool:
    return any(c.get("code") == code for c in resource["code"].get("coding", []))


def categories(resource: dict) -> set[tuple[str, str]]:
    return {(c.get("system"), c.get("code")) for cat in resource.get("category", []) for c in cat.get("coding", [])}


def references(value) -> list[str]:
    """Every Reference.reference anywhere in a resource."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def assert_loadable(raw: dict) -> None:
    """Unique urn:uuid fullUrls, every reference to one of them, every resource with its stable identifier."""
    full_urls = [e["fullUrl"] for e in raw["entry"]]
    assert len(full_urls) == len(set(full_urls)) and all(u.startswith("urn:uuid:") for u in full_urls)
    for entry in raw["entry"]:
        for reference in references(entry["resource"]):
            assert reference in full_urls, (entry["resource"]["resourceType"], reference)
        (identifier,) = [i for i in identifiers(entry["resource"]) if i["system"] == IDENTIFIER_SYSTEM]
        assert entry["fullUrl"] == f"urn:uuid:{identifier['value']}"


def identifiers(resource: dict) -> list[dict]:
    """A resource's identifiers: a list, or one alone where FHIR allows one (QuestionnaireResponse)."""
    found = resource["identifier"]
    return [found] if isinstance(found, dict) else found


def test_a_collection_carries_survey_scores_stiffness_notes_the_condition_and_stage_changes(patient):
    set_profile(patient)
    reach_stage_two(patient)
    morning(patient, -3, stiffness=17, note="stiff on the stairs, then fine")
    with get_engine().begin() as connection:  # a control character too, as stored before the API refused them
        connection.execute(update(CheckIn).where(CheckIn.local_date == date.fromisoformat(day(-3)))
                           .values(note="stiff on the stairs\x0b, then fine"))
    session_id = new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": day(0)})
    set_note = {"id": new_id(), "exercise_id": "calf-iso-single", "side": "right", "hold_seconds": 30,
                "pain_during": 3, "settled": True, "note": "=HYPERLINK(\"x\") felt a twinge"}
    assert patient.post(f"/api/sessions/{session_id}/sets", json=set_note).status_code == 201

    raw, bundle = export(patient)
    assert bundle.type == "collection"
    assert_loadable(raw)
    (person,) = of_type(raw, "Patient")
    patient_url = f"urn:uuid:{person['id']}"
    assert person["name"] == [{"text": "Ingrid Ødegård"}] and person["telecom"][0]["system"] == "email"
    assert person["identifier"] == [{"system": IDENTIFIER_SYSTEM, "value": person["id"]}]

    observations = of_type(raw, "Observation")
    pain = [o for o in observations if coded(o, "72514-3")]
    assert len(pain) == 8 + 8 and all(SURVEY in categories(o) for o in pain)  # 8 mornings, 8 training days
    assert {o["category"][0]["coding"][0]["code"] for o in pain} == {"morning-first-steps", "during-exercise"}
    stiffness = {o["effectiveDateTime"]: o for o in observations if coded(o, "morning-stiffness")}
    assert sorted(stiffness) == [day(offset) for offset in range(-7, 0)]  # not day 0: none that morning
    assert stiffness[day(-3)]["valueQuantity"] == {"value": 17, "unit": "min", "system": "http://unitsofmeasure.org",
                                                   "code": "min"}
    assert all(categories(o) == {SURVEY} and o["subject"]["reference"] == patient_url for o in stiffness.values())

    mornings = {o["effectiveDateTime"]: o for o in pain if o["category"][0]["coding"][0]["code"] == "morning-first-steps"}
    assert mornings[day(-3)]["note"] == [{"text": "stiff on the stairs, then fine"}]
    assert "note" not in mornings[day(-4)]
    sets = [o for o in observations if ("http://terminology.hl7.org/CodeSystem/observation-category", "activity")
            in categories(o)]
    noted = [o for o in sets if "note" in o]
    assert [n["note"] for n in noted] == [[{"text": '=HYPERLINK("x") felt a twinge'}]]  # FHIR is not a spreadsheet

    (condition,) = of_type(raw, "Condition")
    assert {(c["system"], c["code"]) for c in condition["code"]["coding"]} == {
        ("http://snomed.info/sct", "11654001"), (f"{OURS}/condition", "achilles_midportion")}
    assert condition["code"]["text"] == "Achilles tendinopathy (mid-portion)"
    assert [site["text"] for site in condition["bodySite"]] == ["Right heel"]
    assert condition["subject"]["reference"] == patient_url == condition["asserter"]["reference"]
    assert condition["clinicalStatus"]["coding"][0]["code"] == "active"

    (stage,) = [o for o in observations if coded(o, "calf-stage")]
    assert (stage["valueInteger"], stage["effectiveDateTime"]) == (2, day(-1))
    assert stage["note"][0]["text"].startswith("Moving to stage 2")
    assert stage["subject"]["reference"] == patient_url
    assert of_type(raw, "Flag") == []

    again, _ = export(patient)
    assert again == raw  # the same ids, and the same everything else


def test_both_heels_and_an_unsure_condition(patient):
    set_profile(patient, side="both", condition="not_sure")
    morning(patient, 0)
    raw, _ = export(patient)
    (condition,) = of_type(raw, "Condition")
    assert [site["text"] for site in condition["bodySite"]] == ["Left heel", "Right heel"]
    assert [c["system"] for c in condition["code"]["coding"]] == [f"{OURS}/condition"]  # no SNOMED CT guess
    assert condition["code"]["text"] == "Heel pain (type not known)"
    assert [o for o in of_type(raw, "Observation") if coded(o, "morning-stiffness")] == []


def test_a_transaction_posts_every_resource_once_on_its_stable_identifier(patient, new_client):
    set_profile(patient)
    reach_stage_two(patient)
    collection, _ = export(patient)
    raw, bundle = export(patient, type="transaction")
    assert bundle.type == "transaction"
    assert_loadable(raw)
    for entry in raw["entry"]:
        resource, request = entry["resource"], entry["request"]
        (identifier,) = resource["identifier"]
        assert request == {"method": "POST", "url": resource["resourceType"],
                           "ifNoneExist": f"identifier={identifier['system']}|{identifier['value']}"}
        assert "id" not in resource  # a create: the server names it, the identifier finds it again
    # The same resources as the collection, under the same fullUrls.
    assert [e["fullUrl"] for e in raw["entry"]] == [e["fullUrl"] for e in collection["entry"]]
    assert [e["resource"] for e in raw["entry"]] == [
        {k: v for k, v in e["resource"].items() if k != "id"} for e in collection["entry"]]
    assert export(patient, type="transaction")[0] == raw  # twice: the same bundle

    # A clinician's link gives the same transaction, and a narrower range only what falls in it.
    token = patient.post("/api/share-links", json={}).json()["token"]
    shared, _ = export(new_client(), f"/api/shared/{token}/fhir", type="transaction")
    assert shared["entry"] == raw["entry"]
    week, _ = export(patient, **{"from": day(-3), "to": day(0), "type": "transaction"})
    assert {e["fullUrl"] for e in week["entry"]} < {e["fullUrl"] for e in raw["entry"]}


def test_a_referral_prompt_is_a_flag_that_goes_inactive_once_read(patient):
    set_profile(patient)
    # Calm mornings, then three flare-ups in a week (each higher than the days before): a referral prompt.
    for offset, pain in ((-6, 2), (-5, 2), (-4, 2), (-3, 7), (-2, 8), (-1, 9)):
        morning(patient, offset, pain=pain)
    morning(patient, 0, pain=4)
    referral = patient.get("/api/today").json()["referrals"][0]
    raw, _ = export(patient)
    assert_loadable(raw)
    (flag,) = of_type(raw, "Flag")
    (person,) = of_type(raw, "Patient")
    assert flag["status"] == "active" and flag["code"]["text"] == REFERRAL
    assert flag["code"]["coding"][0]["code"] == "three_flares"
    assert flag["period"] == {"start": day(-1)} and flag["subject"]["reference"] == f"urn:uuid:{person['id']}"
    assert flag["category"][0]["coding"][0] == {"system": "http://terminology.hl7.org/CodeSystem/flag-category",
                                                "code": "clinical", "display": "Clinical"}

    assert patient.post(f"/api/decisions/{referral['id']}/acknowledge").status_code == 200
    for bundle_type in ("collection", "transaction"):
        read, _ = export(patient, type=bundle_type)
        (after,) = of_type(read, "Flag")
        assert after["status"] == "inactive" and after["identifier"] == flag["identifier"]
        assert after["period"]["start"] == day(-1) and after["period"]["end"] >= day(0)
    # The export's range decides which prompts it holds (the summary lists every one since the start).
    before, _ = export(patient, **{"from": day(-14), "to": day(-2)})
    assert of_type(before, "Flag") == []


def test_a_flare_at_stage_two_exports_the_stage_back(patient):
    set_profile(patient, start=-20)
    seconds_by_day = [(3, 30), (4, 30), (5, 30), (5, 35), (5, 40), (5, 45), (5, 45)]
    for offset, (holds, seconds) in zip(range(-12, -5), seconds_by_day, strict=True):
        morning(patient, offset)
        log_holds(patient, offset, seconds=seconds, holds=holds)
    for offset in range(-5, 1):
        morning(patient, offset, pain=2 if offset != -2 else 9)
    raw, _ = export(patient, **{"from": day(-20), "to": day(0)})
    stages = [(o["effectiveDateTime"], o["valueInteger"]) for o in of_type(raw, "Observation") if coded(o, "calf-stage")]
    assert stages == [(day(-6), 2), (day(-2), 1)]
    back = next(o for o in of_type(raw, "Observation") if coded(o, "calf-stage") and o["valueInteger"] == 1)
    assert (f"{OURS}/decision-kind", "stage_back") in categories(back) and "back to" in back["note"][0]["text"]


def test_the_bundle_type_is_collection_or_transaction_and_only_for_fhir(patient, new_client):
    set_profile(patient)
    token = patient.post("/api/share-links", json={}).json()["token"]
    clinician = new_client()
    for client, path in ((patient, "/api/export/fhir"), (clinician, f"/api/shared/{token}/fhir")):
        response = client.get(path, params={"type": "batch"})
        assert response.status_code == 422, response.text
        assert response.json()["message"] == "type must be one of 'collection' or 'transaction'."
    for client, path in ((patient, "/api/export/csv"), (clinician, f"/api/shared/{token}/pdf")):
        response = client.get(path, params={"type": "transaction"})
        assert response.status_code == 422 and response.json()["message"] == "type applies only to the FHIR export."
    assert patient.get("/api/share-links").json()[0]["access_count"] == 0  # refused requests are not views
    assert export(clinician, f"/api/shared/{token}/fhir", type="collection")[1].type == "collection"
    response = patient.get("/api/export/fhir", params={"type": "transaction"})
    assert re.search(r'filename="heelstrong-[a-z-]+-fhir-transaction-[0-9-]+-to-[0-9-]+\.json"',
                     response.headers["content-disposition"])
