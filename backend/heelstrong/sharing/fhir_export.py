"""The FHIR R4 export of a patient's record over a range, as a Bundle.

What is in it (every resource carries ``identifier`` = {IDENTIFIER_SYSTEM, its id}; a list of
one, but one identifier alone in a QuestionnaireResponse, whose ``identifier`` is 0..1):

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
- the measures (PROTOCOL.md 6) dated in the range. No LOINC code exists for these instruments:
  codes are ours (``MEASURE_CODES``: ``heel-rise``, ``heel-rise-symmetry`` and each instrument's id,
  ``psfs``, ``visa_a``, ``ffi``), with the words:
  - per heel-rise test, an ``Observation`` per side (category ``exam``, ``performer`` = the
    Patient): the rises as ``valueQuantity`` ``{repetitions}``, the side as ``bodySite`` (left or
    right heel), and components ``painful-side`` and ``height-held`` (``valueBoolean``; a
    ``dataAbsentReason`` when the patient could not tell) and the pain during the test (LOINC
    72514-3, ``valueInteger``); and, unless both heels are painful, one for the limb symmetry
    index (the painful side's rises as % of the other's, ``valueQuantity`` ``%``) ``derivedFrom``
    both sides;
  - a ``Questionnaire`` per instrument answered: PSFS one per patient, its items the patient's
    activities (``linkId`` = the activity's id, ``text`` = their words); a licensed form whose
    items the deployment does not hold (VISA-A, FFI) one item, ``total``, in our words (never the
    form's). ``url`` is canonical, ``version`` a fingerprint of the content, so a new activity
    makes a new version;
  - per questionnaire answered, a ``QuestionnaireResponse`` (``completed``, ``questionnaire`` =
    ``url|version``, ``authored`` = the day, each answer ``valueDecimal``, or ``valueInteger``
    for a licensed item with whole-number options) and an ``Observation`` of its score
    (category ``survey``, ``valueQuantity`` ``{score}``, ``derivedFrom`` the response).
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

import json
import re
from datetime import date
from typing import Literal

from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.core.base import as_utc
from heelstrong.measures import service as measures
from heelstrong.measures.models import HeelRiseTest
from heelstrong.progression import service as progression
from heelstrong.progression.engine.messages import rule_name
from heelstrong.progression.models import Decision
from heelstrong.sharing.exports import (
    HEEL_RISE_NAME,
    Answered,
    export_history,
    export_measures,
    patient_key,
    stable_id,
)
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
EXAM = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam", "display": "Exam"}]}
MEASURE_CODES = f"{HEELSTRONG_CODES}/measure"
QUESTIONNAIRES = "https://heelstrong.org/fhir/Questionnaire"
HEEL_RISE_METHOD = ("Single-leg heel rises to a metronome at 60 beats a minute (up on one beat, down on the next), "
                    "counted until the pace, the height or fingertip support could not be kept, or pain passed "
                    "the patient's limit; the other side first")

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


def identifier_of(resource: dict) -> dict:
    """The resource's stable identifier (a QuestionnaireResponse has one, the others a list of one)."""
    identifier = resource["identifier"]
    return identifier if isinstance(identifier, dict) else identifier[0]


class _Record:
    """The resources of one export, each with its stable id as its identifier."""

    def __init__(self, user: User) -> None:
        self.patient_id = patient_key(user)
        self.patient = {"reference": f"urn:uuid:{self.patient_id}"}
        self.resources: list[dict] = []

    def derived_id(self, *parts: object) -> str:
        return stable_id(self.patient_id, *parts)

    def add(self, resource_type: str, resource_id: str, **fields) -> dict:
        identifier = {"system": IDENTIFIER_SYSTEM, "value": resource_id}
        resource = {
            "resourceType": resource_type,
            "id": resource_id,
            # A QuestionnaireResponse has one identifier, not a list.
            "identifier": identifier if resource_type == "QuestionnaireResponse" else [identifier],
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


def _boolean(value: bool | None, unknown: str) -> dict:
    """A yes or no, or why there is none (a data-absent-reason code)."""
    if value is not None:
        return {"valueBoolean": value}
    return {"dataAbsentReason": {"coding": [{"system": DATA_ABSENT, "code": unknown}]}}


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
        | _boolean(row.settled, "temp-unknown"),
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


def _heel(side: str) -> dict:
    words = f"{side.capitalize()} heel"
    return {"coding": [{"system": f"{HEELSTRONG_CODES}/body-site", "code": f"{side}-heel", "display": words}],
            "text": words}


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
        bodySite=[_heel(side) for side in SIDES.get(profile.painful_side, ())],
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


def _reference(resource_id: str) -> dict:
    return {"reference": f"urn:uuid:{resource_id}"}


def _add_heel_rise(record: _Record, test: HeelRiseTest) -> None:
    """An Observation per side, and the symmetry index derived from both (none with both heels painful)."""
    side_ids = []
    for side in test.sides:
        side_ids.append(record.derived_id("heel-rise", test.id, side.side))
        component = {"system": f"{HEELSTRONG_CODES}/heel-rise-component"}
        record.observation(
            side_ids[-1],
            test.local_date,
            [EXAM],
            _code("heel-rise", f"{HEEL_RISE_NAME}: rises", MEASURE_CODES),
            performer=[record.patient],
            valueQuantity={"value": side.count, "unit": "repetitions", "system": UNITS, "code": "{repetitions}"},
            bodySite=_heel(side.side),
            method={"text": HEEL_RISE_METHOD},
            component=[
                {"code": {"coding": [component | {"code": "painful-side", "display": "The painful side"}]},
                 "valueBoolean": side.painful},
                {"code": {"coding": [component | {"code": "height-held",
                                                  "display": "Height held to the last rises"}]}}
                | _boolean(side.height_held, "asked-unknown"),
                {"code": {"coding": [LOINC_PAIN_SEVERITY], "text": "Pain during the test"},
                 "valueInteger": side.pain},
            ],
        )
    symmetry = measures.rises(test).symmetry
    if symmetry is not None:
        painful = next(side.side for side in test.sides if side.painful)
        record.observation(
            record.derived_id("heel-rise", test.id, "symmetry"),
            test.local_date,
            [EXAM],
            _code("heel-rise-symmetry", "Heel-rise limb symmetry index: the painful side's rises as % of the "
                  "other side's", MEASURE_CODES),
            valueQuantity={"value": symmetry, "unit": "%", "system": UNITS, "code": "%"},
            bodySite=_heel(painful),
            derivedFrom=[_reference(side_id) for side_id in side_ids],
        )


def _whole_numbers(answered: Answered) -> bool:
    """Whether the answers are integers: a licensed form's items whose options are all whole
    numbers. A PSFS rating, or a total, may have a decimal."""
    instrument = answered.instrument
    return instrument.kind == "items" and all(o.value.is_integer() for i in instrument.items for o in i.options)


def _add_questionnaire(record: _Record, answered: Answered) -> str:
    """The Questionnaire, once; answers its canonical ``url|version``."""
    instrument = answered.instrument
    whole = _whole_numbers(answered)
    items = []
    for key, words in answered.questions:
        item = {"linkId": key, "text": words, "type": "integer" if whole else "decimal"}
        if whole:
            options = next(i.options for i in instrument.items if i.id == key)
            item["answerOption"] = [{"valueInteger": int(o.value)} for o in options]
        items.append(item)
    # One per patient when the items are theirs (PSFS); a licensed form's is the same for everyone.
    url = f"{QUESTIONNAIRES}/{instrument.id}" + (f"/{record.patient_id}" if instrument.kind == "patient_items" else "")
    content = {
        "url": url,
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "code": [{"system": MEASURE_CODES, "code": instrument.id, "display": instrument.name}],
        "description": instrument.about,
        "item": items,
    }
    # The same content is the same Questionnaire in every export; a new activity, a new version.
    resource_id = stable_id("questionnaire", json.dumps(content, sort_keys=True))
    record.add("Questionnaire", resource_id, version=resource_id[:8], **content)
    return f"{url}|{resource_id[:8]}"


def _add_answers(record: _Record, answered: Answered) -> None:
    """The Questionnaire, then per answer a QuestionnaireResponse and the Observation of its score."""
    instrument, canonical = answered.instrument, _add_questionnaire(record, answered)
    value = "valueInteger" if _whole_numbers(answered) else "valueDecimal"
    scale = (f"{instrument.short_name} {instrument.score_range[0]:g}-{instrument.score_range[1]:g}, "
             f"higher is {'better' if instrument.higher_is_better else 'worse'}")
    for response in answered.responses:
        values = {"total": response.score} if instrument.kind == "total" else response.answers
        record.add(
            "QuestionnaireResponse",
            str(response.id),
            questionnaire=canonical,
            status="completed",
            subject=record.patient,
            authored=response.local_date.isoformat(),
            # Typed in by the clinician: the answers are still the patient's.
            author=record.patient if response.entered_by == "patient" else {"display": "The patient's clinician"},
            source=record.patient,
            item=[
                {"linkId": key, "text": words,
                 "answer": [{value: int(values[key]) if value == "valueInteger" else values[key]}]}
                for key, words in answered.questions if key in values
            ],
        )
        record.observation(
            record.derived_id("measure-score", response.id),
            response.local_date,
            [SURVEY],
            _code(instrument.id, instrument.name, MEASURE_CODES),
            valueQuantity={"value": response.score, "unit": instrument.unit, "system": UNITS, "code": "{score}"},
            derivedFrom=[_reference(str(response.id))],
            **_notes(scale, "Typed in by the patient's clinician" if response.entered_by == "clinician" else None),
        )


def _bundle(record: _Record, bundle_id: str, bundle_type: BundleType) -> dict:
    entries = []
    for resource in record.resources:
        entry: dict = {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
        if bundle_type == "transaction":
            identifier = identifier_of(resource)
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
    history = export_measures(db, user, start, end)
    for test in history.tests:
        _add_heel_rise(record, test)
    for answered in history.answered:
        _add_answers(record, answered)
    return _bundle(record, stable_id("bundle", record.patient_id, start, end, bundle_type), bundle_type)
