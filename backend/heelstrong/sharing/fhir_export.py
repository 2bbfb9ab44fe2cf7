"""The FHIR R4 export of a patient's check-ins and sets."""

import uuid
from datetime import date

from sqlmodel import Session

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.sharing.exports import export_history
from heelstrong.training.models import ExerciseSet

LOINC_PAIN_SEVERITY = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
HEELSTRONG_CODES = "https://heelstrong.org/fhir/CodeSystem"
UNITS = "http://unitsofmeasure.org"
# Stable resource ids: the same export twice gives the same ids.
_ID_NAMESPACE = uuid.UUID("6f1c3a64-2f8e-4e55-9a0d-7c1b2e3d4f50")


def _resource_id(*parts: object) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(str(p) for p in parts)))


def _pain_observation(patient_ref: str, resource_id: str, day: date, pain: int, context: str, text: str) -> dict:
    return {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": [{"coding": [{"system": f"{HEELSTRONG_CODES}/pain-context", "code": context}], "text": text}],
        "code": {"coding": [LOINC_PAIN_SEVERITY], "text": text},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": day.isoformat(),
        "valueInteger": pain,
    }


def _set_observation(patient_ref: str, day: date, row: ExerciseSet) -> dict:
    """A completed set: one Observation, its numbers as components (documented in the README)."""
    exercise = get_catalogue().get(row.exercise_id)
    components = [
        {
            "code": {"coding": [{"system": f"{HEELSTRONG_CODES}/set-component", "code": "side"}]},
            "valueString": row.side,
        },
        {"code": {"coding": [LOINC_PAIN_SEVERITY], "text": "Pain during the set"}, "valueInteger": row.pain_during},
        {
            "code": {
                "coding": [{"system": f"{HEELSTRONG_CODES}/set-component", "code": "settled"}],
                "text": "Pain settled within a few minutes",
            },
            "valueBoolean": row.settled,
        },
    ]
    for code, value, unit, ucum in (
        ("reps", row.reps, "repetitions", "{repetitions}"),
        ("hold-seconds", row.hold_seconds, "s", "s"),
        ("load", row.load_kg, "kg", "kg"),
    ):
        if value is not None:
            components.append(
                {
                    "code": {"coding": [{"system": f"{HEELSTRONG_CODES}/set-component", "code": code}]},
                    "valueQuantity": {"value": value, "unit": unit, "system": UNITS, "code": ucum},
                }
            )
    if row.effort:
        components.append(
            {
                "code": {"coding": [{"system": f"{HEELSTRONG_CODES}/set-component", "code": "effort"}]},
                "valueString": row.effort,
            }
        )
    return {
        "resourceType": "Observation",
        "id": str(row.id),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "activity",
                        "display": "Activity",
                    }
                ]
            }
        ],
        "code": {
            "coding": [
                {
                    "system": f"{HEELSTRONG_CODES}/exercise",
                    "code": row.exercise_id,
                    "display": exercise.name if exercise else row.exercise_id,
                }
            ],
            "text": f"Exercise set: {exercise.name if exercise else row.exercise_id}",
        },
        "subject": {"reference": patient_ref},
        "effectiveDateTime": day.isoformat(),
        "issued": row.created_at.isoformat(),
        "component": components,
        **({"note": [{"text": row.note}]} if row.note else {}),
    }


def export_fhir(db: Session, user: User, start: date, end: date) -> dict:
    """A FHIR R4 Bundle (type collection): the Patient, pain Observations (LOINC 72514-3), set Observations."""
    checkins, sets = export_history(db, user, start, end)
    profile = db.get(Profile, user.id)
    patient_id = _resource_id("patient", user.id)
    patient_ref = f"urn:uuid:{patient_id}"
    patient = {
        "resourceType": "Patient",
        "id": patient_id,
        "active": True,
        "telecom": [{"system": "email", "value": user.email}],
    }
    if profile and profile.display_name:
        patient["name"] = [{"text": profile.display_name}]
    resources = [patient]
    for day, checkin in sorted(checkins.items()):
        resources.append(
            _pain_observation(
                patient_ref,
                str(checkin.id),
                day,
                checkin.morning_pain,
                "morning-first-steps",
                "Morning first-steps pain",
            )
        )
    max_pain: dict[date, int] = {}
    for day, row in sets:
        max_pain[day] = max(max_pain.get(day, 0), row.pain_during)
    for day, pain in sorted(max_pain.items()):
        resources.append(
            _pain_observation(
                patient_ref,
                _resource_id("exercise-pain", user.id, day),
                day,
                pain,
                "during-exercise",
                "Highest pain during exercise that day",
            )
        )
    resources.extend(_set_observation(patient_ref, day, row) for day, row in sets)
    return {
        "resourceType": "Bundle",
        "id": _resource_id("bundle", user.id, start, end),
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
