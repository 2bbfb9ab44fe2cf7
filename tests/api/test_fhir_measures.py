"""The measures in the FHIR export (PROTOCOL.md 6): heel-rise sides and symmetry as Observations,
each questionnaire as a Questionnaire, a QuestionnaireResponse per answer and an Observation of its
score; every reference resolves, in the collection and in the transaction, and ids are stable."""

import csv
import io
import sys

import pytest
from fhir.resources.R4B.bundle import Bundle

from heelstrong.catalogue.instruments import INSTRUMENTS_PATH, load_measures
from tests.api.conftest import link, new_id, sign_up
from tests.api.test_fhir_export import assert_loadable, coded, export, identifiers, of_type, set_profile
from tests.api.test_progression import day
from tests.unit.test_instruments import MADE_UP, deployment

OURS = "https://heelstrong.org/fhir/CodeSystem"
MEASURE = f"{OURS}/measure"
UNITS = "http://unitsofmeasure.org"
LOINC_PAIN = "72514-3"
ACTIVITIES = ("Walk the dog for 30 minutes", "Stairs at work", "=1+1 run 5 km")


def heel_rise(client, offset: int, other=(26, True, 0), painful=(20, False, 3), side="right") -> dict:
    """A test of both sides, the other side first: each (count, height_held, pain)."""
    other_side = "left" if side == "right" else "right"
    sides = [{"side": s, "count": count, "height_held": held, "pain": pain}
             for s, (count, held, pain) in ((other_side, other), (side, painful))]
    response = client.post("/api/measures/heel-rise", json={"id": new_id(), "local_date": day(offset), "sides": sides})
    assert response.status_code == 201, response.text
    return response.json()


def name_activity(client, text: str) -> str:
    response = client.post("/api/measures/items", json={"id": new_id(), "instrument": "psfs", "text": text})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def answer(client, offset: int, instrument: str, path: str = "/api/measures/responses", **body) -> dict:
    response = client.post(path, json={"id": new_id(), "instrument": instrument, "local_date": day(offset), **body})
    assert response.status_code == 201, response.text
    return response.json()


def measured(client) -> dict:
    """The test patient (plantar heel pain, right heel): two heel-rise tests, PSFS rated with three
    activities and again with a fourth, and two FFI totals."""
    tests = [heel_rise(client, -20), heel_rise(client, -2, other=(27, None, 1), painful=(24, True, 2))]
    activities = [name_activity(client, text) for text in ACTIVITIES]
    first = answer(client, -20, "psfs", answers=dict(zip(activities, (2, 5, 4), strict=True)))
    activities.append(name_activity(client, "Hike"))
    second = answer(client, -6, "psfs", answers=dict(zip(activities, (6, 7, 6.5, 5), strict=True)))
    ffi = [answer(client, -20, "ffi", total=62), answer(client, -6, "ffi", total=41.5)]
    return {"tests": tests, "activities": activities, "psfs": [first, second], "ffi": ffi}


def full_range() -> dict:
    return {"from": day(-27), "to": day(0)}


def by_id(raw: dict) -> dict[str, dict]:
    return {e["fullUrl"]: e["resource"] for e in raw["entry"]}


def component(observation: dict, code: str) -> dict:
    (found,) = [c for c in observation["component"] if any(x["code"] == code for x in c["code"]["coding"])]
    return found


def test_heel_rise_sides_and_symmetry_are_observations_derived_the_right_way(patient):
    seeded = measured(patient)
    raw, _ = export(patient, **full_range())
    assert_loadable(raw)
    (person,) = of_type(raw, "Patient")
    sides = [o for o in of_type(raw, "Observation") if coded(o, "heel-rise")]
    assert [(o["effectiveDateTime"], o["bodySite"]["text"], o["valueQuantity"]["value"]) for o in sides] == [
        (day(-20), "Left heel", 26), (day(-20), "Right heel", 20), (day(-2), "Left heel", 27), (day(-2), "Right heel", 24)]
    latest_right = sides[-1]
    assert latest_right["code"]["coding"][0]["system"] == MEASURE
    assert latest_right["category"][0]["coding"][0]["code"] == "exam"
    assert latest_right["valueQuantity"] == {"value": 24, "unit": "repetitions", "system": UNITS,
                                             "code": "{repetitions}"}
    assert latest_right["subject"] == latest_right["performer"][0] == {"reference": f"urn:uuid:{person['id']}"}
    assert component(latest_right, "painful-side")["valueBoolean"] is True
    assert component(latest_right, "height-held")["valueBoolean"] is True
    assert component(latest_right, LOINC_PAIN)["valueInteger"] == 2
    latest_left = sides[-2]
    assert component(latest_left, "painful-side")["valueBoolean"] is False
    unknown = component(latest_left, "height-held")  # the patient could not tell: no value, and why
    assert "valueBoolean" not in unknown and unknown["dataAbsentReason"]["coding"][0]["code"] == "asked-unknown"
    assert component(sides[1], "height-held")["valueBoolean"] is False

    symmetry = [o for o in of_type(raw, "Observation") if coded(o, "heel-rise-symmetry")]
    assert [(o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in symmetry] == [
        (day(-20), seeded["tests"][0]["symmetry"]), (day(-2), seeded["tests"][1]["symmetry"])] == [
        (day(-20), 77), (day(-2), 89)]
    assert symmetry[1]["valueQuantity"] == {"value": 89, "unit": "%", "system": UNITS, "code": "%"}
    resources = by_id(raw)
    derived = [resources[r["reference"]] for r in symmetry[1]["derivedFrom"]]
    assert derived == sides[2:]


def test_questionnaires_responses_and_scores(patient):
    seeded = measured(patient)
    raw, bundle = export(patient, **full_range())
    assert bundle.type == "collection"
    assert_loadable(raw)
    (person,) = of_type(raw, "Patient")
    resources = by_id(raw)
    questionnaires = {f"{q['url']}|{q['version']}": q for q in of_type(raw, "Questionnaire")}
    assert len(questionnaires) == 2  # PSFS and FFI, once each

    psfs, ffi = (next(q for q in questionnaires.values() if q["code"][0]["code"] == code) for code in ("psfs", "ffi"))
    assert psfs["url"].endswith(f"/psfs/{person['id']}")  # the patient's own activities: theirs alone
    assert [(i["linkId"], i["text"], i["type"]) for i in psfs["item"]] == [
        (item_id, text, "decimal") for item_id, text in zip(seeded["activities"], [*ACTIVITIES, "Hike"], strict=True)]
    assert psfs["status"] == "active" and psfs["title"] == "Patient-Specific Functional Scale"
    # A licensed form whose items are not held: one item, the total, in our words.
    assert [(i["linkId"], i["type"]) for i in ffi["item"]] == [("total", "decimal")]
    assert ffi["item"][0]["text"] == "Total score on the clinic's own FFI form (0-100)"
    assert ffi["url"] == "https://heelstrong.org/fhir/Questionnaire/ffi"

    responses = of_type(raw, "QuestionnaireResponse")
    assert [r["id"] for r in responses] == [a["id"] for a in (*seeded["psfs"], *seeded["ffi"])]
    for response in responses:
        assert response["status"] == "completed" and response["questionnaire"] in questionnaires
        assert response["subject"] == response["author"] == {"reference": f"urn:uuid:{person['id']}"}
        links = {i["linkId"] for i in questionnaires[response["questionnaire"]]["item"]}
        assert {i["linkId"] for i in response["item"]} <= links
    first, second = responses[0], responses[1]
    assert first["authored"] == day(-20) and second["authored"] == day(-6)
    assert [(i["linkId"], i["answer"]) for i in first["item"]] == [
        (item_id, [{"valueDecimal": value}]) for item_id, value in zip(seeded["activities"], (2, 5, 4), strict=False)]
    assert [i["answer"][0]["valueDecimal"] for i in second["item"]] == [6, 7, 6.5, 5]
    assert [i["text"] for i in second["item"]] == [*ACTIVITIES, "Hike"]  # FHIR is not a spreadsheet: as typed
    assert responses[3]["item"] == [{"linkId": "total", "text": ffi["item"][0]["text"],
                                     "answer": [{"valueDecimal": 41.5}]}]

    scores = [o for o in of_type(raw, "Observation") if o["code"]["coding"][0]["system"] == MEASURE
              and o["code"]["coding"][0]["code"] in ("psfs", "ffi")]
    assert [(o["code"]["coding"][0]["code"], o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in scores] == [
        ("psfs", day(-20), 3.7), ("psfs", day(-6), 6.1), ("ffi", day(-20), 62), ("ffi", day(-6), 41.5)]
    for score, response in zip(scores, responses, strict=True):
        (source,) = score["derivedFrom"]
        assert resources[source["reference"]] is response
        assert score["category"][0]["coding"][0]["code"] == "survey"
        assert score["valueQuantity"]["code"] == "{score}" and score["valueQuantity"]["system"] == UNITS
    assert scores[2]["code"]["coding"][0]["display"] == "Foot Function Index"
    assert scores[2]["note"] == [{"text": "FFI 0-100, higher is worse"}]

    again, _ = export(patient, **full_range())
    assert again == raw  # the same ids, and the same everything else


def test_the_transaction_loads_the_measures_with_every_reference_inside(patient):
    measured(patient)
    collection, _ = export(patient, **full_range())
    raw, bundle = export(patient, **full_range(), type="transaction")
    assert bundle.type == "transaction"
    assert_loadable(raw)
    posted = {e["request"]["url"] for e in raw["entry"]}
    assert {"Questionnaire", "QuestionnaireResponse", "Observation"} <= posted
    for entry in raw["entry"]:
        (identifier,) = identifiers(entry["resource"])
        assert entry["request"] == {"method": "POST", "url": entry["resource"]["resourceType"],
                                    "ifNoneExist": f"identifier={identifier['system']}|{identifier['value']}"}
        assert "id" not in entry["resource"]
    canonicals = {f"{q['url']}|{q['version']}" for q in of_type(raw, "Questionnaire")}
    assert {r["questionnaire"] for r in of_type(raw, "QuestionnaireResponse")} == canonicals
    assert [e["fullUrl"] for e in raw["entry"]] == [e["fullUrl"] for e in collection["entry"]]
    assert export(patient, **full_range(), type="transaction")[0] == raw


def test_the_range_decides_and_a_new_activity_is_a_new_version(patient):
    seeded = measured(patient)
    late, _ = export(patient, **{"from": day(-10), "to": day(0)})
    assert_loadable(late)
    assert [r["id"] for r in of_type(late, "QuestionnaireResponse")] == [seeded["psfs"][1]["id"], seeded["ffi"][1]["id"]]
    assert {o["effectiveDateTime"] for o in of_type(late, "Observation") if coded(o, "heel-rise")} == {day(-2)}
    full, _ = export(patient, **full_range())
    psfs = next(q for q in of_type(full, "Questionnaire") if q["code"][0]["code"] == "psfs")
    name_activity(patient, "Cycle to work")
    grown, _ = export(patient, **full_range())
    grown_psfs = next(q for q in of_type(grown, "Questionnaire") if q["code"][0]["code"] == "psfs")
    assert grown_psfs["url"] == psfs["url"] and len(grown_psfs["item"]) == 5
    assert (grown_psfs["id"], grown_psfs["version"]) != (psfs["id"], psfs["version"])
    # The FFI's Questionnaire is the same for every patient (a server keeps one).
    assert [q for q in of_type(grown, "Questionnaire") if q["code"][0]["code"] == "ffi"] == [
        q for q in of_type(full, "Questionnaire") if q["code"][0]["code"] == "ffi"]
    nothing, _ = export(patient, **{"from": day(-1), "to": day(0)})
    assert of_type(nothing, "Questionnaire") == of_type(nothing, "QuestionnaireResponse") == []


def test_both_heels_painful_has_no_symmetry_and_a_clinicians_total_says_so(new_client, new_clinician):
    patient = sign_up(new_client(), side="both")
    heel_rise(patient, -3, other=(18, True, 2), painful=(15, False, 4))
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    answer(clinician, -1, "ffi", path=f"/api/clinic/patients/{patient_id}/measures/responses", total=55)
    raw, _ = export(patient, **full_range())
    assert_loadable(raw)
    sides = [o for o in of_type(raw, "Observation") if coded(o, "heel-rise")]
    assert [component(o, "painful-side")["valueBoolean"] for o in sides] == [True, True]
    assert [o for o in of_type(raw, "Observation") if coded(o, "heel-rise-symmetry")] == []
    (response,) = of_type(raw, "QuestionnaireResponse")
    assert response["author"] == {"display": "The patient's clinician"}
    assert response["source"]["reference"] == f"urn:uuid:{of_type(raw, 'Patient')[0]['id']}"
    (score,) = [o for o in of_type(raw, "Observation") if coded(o, "ffi")]
    assert score["note"][-1] == {"text": "Typed in by the patient's clinician"}
    Bundle.model_validate(export(clinician, f"/api/clinic/patients/{patient_id}/export/fhir")[0])


@pytest.mark.parametrize("bundle_type", ["collection", "transaction"])
def test_a_share_link_gives_the_same_measures(patient, new_client, bundle_type):
    measured(patient)
    token = patient.post("/api/share-links", json={}).json()["token"]
    mine, _ = export(patient, type=bundle_type)
    shared, _ = export(new_client(), f"/api/shared/{token}/fhir", type=bundle_type)
    assert shared["entry"] == mine["entry"]
    assert of_type(shared, "QuestionnaireResponse")


def test_a_licensed_form_held_as_items_exports_its_items_and_whole_number_answers(patient, monkeypatch, tmp_path):
    held = load_measures(INSTRUMENTS_PATH, deployment(tmp_path, MADE_UP))  # VISA-A as items, under licence
    for module in [m for name, m in sys.modules.items() if name.startswith("heelstrong.")]:
        if getattr(module, "get_measures", None) is not None and module.__name__ != "heelstrong.catalogue.instruments":
            monkeypatch.setattr(module, "get_measures", lambda: held)
    set_profile(patient)  # Achilles: asked VISA-A
    answered = answer(patient, -3, "visa_a", answers={"q1": 5, "q2": 10})
    raw, _ = export(patient, **full_range())
    assert_loadable(raw)
    (questionnaire,) = of_type(raw, "Questionnaire")
    assert [(i["linkId"], i["text"], i["type"], i["answerOption"]) for i in questionnaire["item"]] == [
        ("q1", "How many minutes of stiffness in the morning?", "integer",
         [{"valueInteger": 0}, {"valueInteger": 5}, {"valueInteger": 10}]),
        ("q2", "Can you walk downstairs normally?", "integer", [{"valueInteger": 0}, {"valueInteger": 10}])]
    (response,) = of_type(raw, "QuestionnaireResponse")
    assert response["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    assert [(i["linkId"], i["answer"]) for i in response["item"]] == [
        ("q1", [{"valueInteger": 5}]), ("q2", [{"valueInteger": 10}])]
    (score,) = [o for o in of_type(raw, "Observation") if coded(o, "visa_a")]
    assert score["valueQuantity"]["value"] == answered["score"] == 75
    assert score["note"] == [{"text": "MAQ 0-100, higher is better"}]
    rows = list(csv.DictReader(io.StringIO(patient.get("/api/export/measures-csv").content.decode("utf-8-sig"))))
    assert [(r["measure"], r["item"], r["rating"], r["score"]) for r in rows] == [
        ("visa_a", "How many minutes of stiffness in the morning?", "5", ""),
        ("visa_a", "Can you walk downstairs normally?", "10", ""), ("visa_a", "", "", "75")]
