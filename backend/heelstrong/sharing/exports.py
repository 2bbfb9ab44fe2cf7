"""CSV and FHIR R4 exports of a patient's check-ins and sets."""

import csv
import io
import uuid
from datetime import date

from sqlmodel import Session, select

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.checkins.models import CheckIn
from heelstrong.training.models import ExerciseSet, TrainingSession

# One row per set; a day with a check-in but no sets still gets one row (set columns empty).
CSV_COLUMNS = (
    "date",
    "morning_pain",
    "stiffness_minutes",
    "checkin_note",
    "session_id",
    "set_id",
    "exercise_id",
    "exercise_name",
    "track",
    "side",
    "reps",
    "hold_seconds",
    "load_kg",
    "band",
    "effort",
    "pain_during",
    "settled",
    "set_note",
    "logged_at",
)
LOINC_PAIN_SEVERITY = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
HEELSTRONG_CODES = "https://heelstrong.org/fhir/CodeSystem"
UNITS = "http://unitsofmeasure.org"
# Stable resource ids: the same export twice gives the same ids.
_ID_NAMESPACE = uuid.UUID("6f1c3a64-2f8e-4e55-9a0d-7c1b2e3d4f50")


def _history(db: Session, user: User, start: date, end: date):
    checkins = {
        c.local_date: c
        for c in db.exec(select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.local_date.between(start, end)))
    }
    sets = db.exec(
        select(TrainingSession.local_date, ExerciseSet)
        .join(ExerciseSet, ExerciseSet.session_id == TrainingSession.id)
        .where(TrainingSession.user_id == user.id, TrainingSession.local_date.between(start, end))
        .order_by(TrainingSession.local_date, ExerciseSet.created_at)
    ).all()
    return checkins, sets


def export_csv(db: Session, user: User, start: date, end: date) -> str:
    checkins, sets = _history(db, user, start, end)
    catalogue = get_catalogue()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    sets_by_day: dict[date, list[ExerciseSet]] = {}
    for local_date, row in sets:
        sets_by_day.setdefault(local_date, []).append(row)
    for day in sorted(set(checkins) | set(sets_by_day)):
        checkin = checkins.get(day)
        day_fields = {
            "date": day.isoformat(),
            "morning_pain": checkin.morning_pain if checkin else "",
            "stiffness_minutes": checkin.stiffness_minutes if checkin and checkin.stiffness_minutes is not None else "",
            "checkin_note": (checkin.note or "") if checkin else "",
        }
        if day not in sets_by_day:
            writer.writerow(day_fields)
        for row in sets_by_day.get(day, []):
            exercise = catalogue.get(row.exercise_id)
            writer.writerow(
                day_fields
                | {
                    "session_id": row.session_id,
                    "set_id": row.id,
                    "exercise_id": row.exercise_id,
                    "exercise_name": exercise.name if exercise else "",
                    "track": exercise.track if exercise else "",
                    "side": row.side,
                    "reps": _blank(row.reps),
                    "hold_seconds": _blank(row.hold_seconds),
                    "load_kg": _blank(row.load_kg),
                    "band": row.band or "",
                    "effort": row.effort or "",
                    "pain_during": row.pain_during,
                    "settled": "yes" if row.settled else "no",
                    "set_note": row.note or "",
                    "logged_at": row.created_at.isoformat(),
                }
            )
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + out.getvalue()


def _blank(value) -> object:
    return "" if value is None else value


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
    checkins, sets = _history(db, user, start, end)
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
