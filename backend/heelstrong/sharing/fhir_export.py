"""The FHIR R4 export of a patient's record over a range, as a Bundle.

What is in it (every resource carries ``identifier`` = {IDENTIFIER_SYSTEM, its id}):

- ``Patient``: the display name (if set), the email, and the identifier.
- ``Condition``: the condition and the painful side from the profile, as the patient reported
  them (``asserter`` = the Patient, verification ``unconfirmed``); SNOMED CT where the concept is
  unambiguous (11654001 Achilles tendinitis, 202882003 Plantar fasciitis), always with our own
  code and the words; one ``bodySite`` per painful side.
- ``Observation``s, each with ``subject`` = the Patient:
  - morning first-steps pain per check-in (LOINC 72514-3, ``valueInteger`` 0-10) and the highest
    pain during exercise per training day: categories ``survey`` (patient-reported) and our
    ``pain-context``; the check-in's note is the Observation's ``note``;
  - morning stiffness per check-in that has it (our code ``morning-stiffness``, minutes, UCUM
    ``min``, category ``survey``);
  - one per completed set (category ``activity``), its numbers as components, its note as ``note``;
  - every stage change (``calf-stage``, ``valueInteger``: the stage moved to, up or back) and
    every load step (``calf-load``, ``valueQuantity`` kg) the engine decided in the range, and
    every session a pain rule flagged (``flagged-session``): category ``therapy``, the
    decision's sentence as ``note``;
- ``Flag``: every referral prompt ("please talk to your clinician") dated within the range,
  ``active`` until the patient has read it, then ``inactive``; ``code.text`` = the prompt. The
  range applies to prompts like to everything else here: the summary page and PDF list every
  prompt since program start.

Ids are UUIDs, the same in every export of the same thing: check-ins and sets keep the ids
their client gave them; everything else is a UUID v5 of the patient's own key (their account
id and when the account was made, so two Heelstrong servers never make the same patient key)
and what it is.

``bundle_type="transaction"`` gives the same resources as a transaction a FHIR server can load
as it is: each entry ``POST``s its resource (no ``id``: the server assigns one) with
``request.ifNoneExist = "identifier=<system>|<value>"``, a conditional create, so loading the same
export twice (or two overlapping ranges) creates nothing the second time. ``fullUrl`` is
``urn:uuid:<id>`` and every reference points to one, so the server rewrites each reference to
the resource it created, or to the one that already matched. A conditional create never
updates: a resource already loaded keeps its first content (a referral prompt loaded as
``active`` stays so on the server after the patient reads it).
"""

import re
from datetime import date
from typing import Literal

from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.core.base import as_utc
from heelstrong.progression import service as progression
from heelstrong.progression.engine.messages import rule_name
from heelstrong.progression.models import Decision
from heelstrong.sharing.exports import export_history, patient_key, stable_id
from heelstrong.training.models import ExerciseSet

BundleType = Literal["collection", "transaction"]

LOINC_PAIN_SEVERITY = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
HEELSTRONG_CODES = "https://heelstrong.org/fhir/CodeSystem"
IDENTIFIER_SYSTEM = "https://heelstrong.org/fhir/identifier"
UNITS = "http://unitsofmeasure.org"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
SNOMED = "http://snomed.info/sct"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SURVEY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
THERAPY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "therapy", "display": "Therapy"}]}
ACTIVITY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "activity", "display": "Activity"}]}

CONDITIONS = {
    # our code: (words, SNOMED CT coding or None)
    "achilles_midportion": (
        "Achilles tendinopathy (mid-portion)",
        {"system": SNOMED, "code": "11654001", "display": "Achilles tendinitis"},
    ),
    "achilles_insertional": (
        "Achilles tendinopathy (insertional)",
        {"system": SNOMED, "code": "11654001", "display": "Achilles tendinitis"},
    ),
    "plantar_heel": ("Plantar heel pain", {"system": SNOMED, "code": "202882003", "display": "Plantar fasciitis"}),
    "not_sure": ("Heel pain (type not known)", None),
}
SIDES = {"left": ("left",), "right": ("right",), "both": ("left", "right")}

# FHIR strings allow no control characters but tab, CR and LF, and no empty value.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str | None) -> str | None:
    cleaned = _CONTROLS.sub("", value or "").strip()
    return cleaned or None


def _notes(*texts: str | None) -> dict:
    notes = [{"text": t} for t in map(_text, texts) if t]
    return {"note": notes} if notes else {}


def _code(code: str, display: str, system: str = f"{HEELSTRONG_CODES}/observation") -> dict:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


class _Record:
    """The resources of one export, each with its stable id as its identifier."""

    def __init__(self, user: User) -> None:
        self.patient_id = patient_key(user)
        self.patient = {"reference": f"urn:uuid:{self.patient_id}"}
        self.resources: list[dict] = []

    def derived_id(self, *parts: object) -> str:
        return stable_id(self.patient_id, *parts)

    def add(self, resource_type: str, resource_id: str, **fields) -> dict:
        resource = {
            "resourceType": resource_type,
            "id": resource_id,
            "identifier": [{"system": IDENTIFIER_SYSTEM, "value": resource_id}],
            **fields,
        }
        self.resources.append(resource)
        return resource

    def observation(self, resource_id: str, day: date, category: list[dict], code: dict, **fields) -> dict:
        return self.add(
            "Observation",
            resource_id,
            status="final",
            category=category,
            code=code,
            subject=self.patient,
            effectiveDateTime=day.isoformat(),
            **fields,
        )


def _pain_category(context: str, text: str) -> list[dict]:
    # Ours first (what the pain is about), then the standard one: patient-reported.
    return [{"coding": [{"system": f"{HEELSTRONG_CODES}/pain-context", "code": context}], "text": text}, SURVEY]


def _set_components(row: ExerciseSet) -> list[dict]:
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
        }
        # Not answered yet is no answer at all: FHIR says why the value is missing.
        | (
            {"valueBoolean": row.settled}
            if row.settled is not None
            else {"dataAbsentReason": {"coding": [{"system": DATA_ABSENT, "code": "temp-unknown"}]}}
        ),
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
    return components


def _add_condition(record: _Record, profile: Profile) -> None:
    words, snomed = CONDITIONS.get(profile.condition, (profile.condition, None))
    coding = [{"system": f"{HEELSTRONG_CODES}/condition", "code": profile.condition, "display": words}]
    record.add(
        "Condition",
        record.derived_id("condition"),
        clinicalStatus={
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
        },
        # Reported by the patient in the app, not confirmed by anyone the app knows of.
        verificationStatus={
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "unconfirmed"}]
        },
        category=[
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                        "code": "problem-list-item",
                        "display": "Problem List Item",
                    }
                ]
            }
        ],
        code={"coding": ([snomed] if snomed else []) + coding, "text": words},
        bodySite=[
            {
                "coding": [
                    {
                        "system": f"{HEELSTRONG_CODES}/body-site",
                        "code": f"{side}-heel",
                        "display": f"{side.capitalize()} heel",
                    }
                ],
                "text": f"{side.capitalize()} heel",
            }
            for side in SIDES.get(profile.painful_side, ())
        ],
        subject=record.patient,
        asserter=record.patient,
        note=[
            {
                "text": f"Reported by the patient in Heelstrong: {words}, {profile.painful_side} side; "
                f"heel program started {profile.program_start.isoformat()}."
            }
        ],
    )


def _decision_category(decision: Decision) -> list[dict]:
    return [
        THERAPY,
        {"coding": [{"system": f"{HEELSTRONG_CODES}/decision-kind", "code": decision.kind}]},
    ]


def _rule_code(decision: Decision) -> dict:
    return {
        "system": f"{HEELSTRONG_CODES}/rule",
        "code": decision.rule,
        "display": rule_name(decision.rule, decision.kind, decision.reasons),
    }


def _add_decision(record: _Record, decision: Decision) -> None:
    reasons = decision.reasons or {}
    day = decision.local_date
    if decision.kind == "refer":
        period = {"start": day.isoformat()}
        read = as_utc(decision.acknowledged_at)
        if read is not None and read.date() >= day:
            period["end"] = read.isoformat()  # the flag was shown until the patient read it
        record.add(
            "Flag",
            record.derived_id("decision", decision.id),
            status="active" if decision.acknowledged_at is None else "inactive",
            category=[
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                            "code": "clinical",
                            "display": "Clinical",
                        }
                    ]
                }
            ],
            code={"coding": [_rule_code(decision)], "text": _text(decision.message) or rule_name(decision.rule)},
            subject=record.patient,
            period=period,
        )
        return
    if "to_stage" in reasons:
        record.observation(
            record.derived_id("decision", decision.id, "stage"),
            day,
            _decision_category(decision),
            _code("calf-stage", "Calf exercise stage"),
            valueInteger=int(reasons["to_stage"]),
            method={"coding": [_rule_code(decision)]},
            **_notes(decision.message),
        )
    # An engine before the pacing rules stored an add_load's new load as load_kg.
    load = reasons.get("to_load_kg", reasons.get("load_kg") if decision.rule == "add_load" else None)
    if load is not None:
        record.observation(
            record.derived_id("decision", decision.id, "load"),
            day,
            _decision_category(decision),
            _code("calf-load", "Load added to the calf exercise"),
            valueQuantity={"value": float(load), "unit": "kg", "system": UNITS, "code": "kg"},
            method={"coding": [_rule_code(decision)]},
            **_notes(decision.message),
        )
    if decision.kind == "flag":  # a calf session, or a hip exercise, that broke a pain rule
        broken = reasons.get("broken_rules") or [decision.rule]
        record.observation(
            record.derived_id("decision", decision.id, "flag"),
            day,
            _decision_category(decision),
            _code("flagged-session", "Exercise flagged by a pain rule"),
            valueString="; ".join(rule_name(rule, "flag", decision.reasons) for rule in broken),
            method={"coding": [_rule_code(decision)]},
            **_notes(decision.message),
        )


def _bundle(record: _Record, bundle_id: str, bundle_type: BundleType) -> dict:
    entries = []
    for resource in record.resources:
        entry: dict = {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
        if bundle_type == "transaction":
            identifier = resource["identifier"][0]
            entry["resource"] = {k: v for k, v in resource.items() if k != "id"}  # POST: the server names it
            entry["request"] = {
                "method": "POST",
                "url": resource["resourceType"],
                "ifNoneExist": f"identifier={identifier['system']}|{identifier['value']}",
            }
        entries.append(entry)
    return {"resourceType": "Bundle", "id": bundle_id, "type": bundle_type, "entry": entries}


def export_fhir(db: Session, user: User, start: date, end: date, bundle_type: BundleType = "collection") -> dict:
    """A FHIR R4 Bundle of the patient's record from ``start`` to ``end`` (see the module's
    docstring): ``collection`` to read, ``transaction`` to load into a FHIR server, twice if need be."""
    profile = db.get(Profile, user.id)
    if profile is not None:
        progression.evaluate(db, user)  # the engine's decisions, up to date, like the summary's
    checkins, sets = export_history(db, user, start, end)
    record = _Record(user)
    name = _text(profile.display_name) if profile else None
    record.add(
        "Patient",
        record.patient_id,
        active=True,
        **({"name": [{"text": name}]} if name else {}),
        telecom=[{"system": "email", "value": user.email}],
    )
    if profile is not None:
        _add_condition(record, profile)
    for day, checkin in sorted(checkins.items()):
        record.observation(
            str(checkin.id),
            day,
            _pain_category("morning-first-steps", "Morning first-steps pain"),
            {"coding": [LOINC_PAIN_SEVERITY], "text": "Morning first-steps pain"},
            valueInteger=checkin.morning_pain,
            **_notes(checkin.note),
        )
        if checkin.stiffness_minutes is not None:
            record.observation(
                record.derived_id("stiffness", checkin.id),
                day,
                [SURVEY],
                _code("morning-stiffness", "Morning stiffness"),
                valueQuantity={"value": checkin.stiffness_minutes, "unit": "min", "system": UNITS, "code": "min"},
            )
    max_pain: dict[date, int] = {}
    for day, row in sets:
        max_pain[day] = max(max_pain.get(day, 0), row.pain_during)
    for day, pain in sorted(max_pain.items()):
        record.observation(
            record.derived_id("exercise-pain", day),
            day,
            _pain_category("during-exercise", "Highest pain during exercise that day"),
            {"coding": [LOINC_PAIN_SEVERITY], "text": "Highest pain during exercise that day"},
            valueInteger=pain,
        )
    catalogue = get_catalogue()
    for day, row in sets:
        exercise = catalogue.get(row.exercise_id)
        exercise_name = exercise.name if exercise else row.exercise_id
        record.observation(
            str(row.id),
            day,
            [ACTIVITY],
            {
                "coding": [
                    {"system": f"{HEELSTRONG_CODES}/exercise", "code": row.exercise_id, "display": exercise_name}
                ],
                "text": f"Exercise set: {exercise_name}",
            },
            issued=as_utc(row.created_at).isoformat(),
            component=_set_components(row),
            **_notes(row.note),
        )
    decisions = db.exec(
        select(Decision)
        .where(Decision.user_id == user.id, col(Decision.local_date).between(start, end))
        .order_by(col(Decision.local_date), col(Decision.id))
    )
    for decision in decisions:
        _add_decision(record, decision)
    return _bundle(record, stable_id("bundle", record.patient_id, start, end, bundle_type), bundle_type)
