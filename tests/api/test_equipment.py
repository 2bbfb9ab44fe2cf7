"""What the patient has at home decides which hip exercises the plan offers (issue 12, item 2)."""

import pytest

from .conftest import PROGRAM_START

HIP_DAY_PROFILE = {"painful_side": "right", "condition": "plantar_heel", "program_start": PROGRAM_START,
                   "timezone": "UTC"}


def hip_items(client) -> dict[str, dict]:
    today = client.get("/api/today").json()
    assert today["hip_day"]  # a new patient's first day is a hip day
    return {item["exercise_id"]: item for item in today["items"] if item["track"] == "hip"}


def test_a_new_patient_has_not_been_asked_and_gets_the_plan_as_written(patient):
    assert patient.get("/api/profile").json()["equipment"] is None
    assert "hip-extension-band" in hip_items(patient)


def test_no_band_swaps_in_the_catalogues_stand_ins_and_says_what_is_missing(patient):
    assert patient.put("/api/profile", json=HIP_DAY_PROFILE | {"equipment": []}).json()["equipment"] == []
    items = hip_items(patient)
    assert set(items) == {"hip-abduction-band", "glute-bridge", "hamstring-curl-side-lying", "split-squat"}
    assert items["glute-bridge"]["why"].startswith("No band at home")
    assert items["hip-abduction-band"]["missing"] == ["a resistance band"]
    assert items["split-squat"]["missing"] == []


def test_an_app_that_does_not_send_the_answer_leaves_it_as_it_was(patient):
    patient.put("/api/profile", json=HIP_DAY_PROFILE | {"equipment": ["band", "weights"]})
    assert patient.put("/api/profile", json=HIP_DAY_PROFILE | {"timezone": "Europe/Oslo"}).status_code == 200
    assert patient.get("/api/profile").json()["equipment"] == ["band", "weights"]


@pytest.mark.parametrize("equipment, words", [
    (["rope"], "band"),
    (["band", "band"], "list each thing you have once"),
])
def test_unknown_or_repeated_equipment_is_refused_in_words(patient, equipment, words):
    response = patient.put("/api/profile", json=HIP_DAY_PROFILE | {"equipment": equipment})
    assert response.status_code == 422
    assert words in response.json()["message"]
