"""What the CSV and FHIR exports share: the patient's check-ins, sets and measures over a range,
and stable ids."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from heelstrong.accounts.models import User
from heelstrong.catalogue.instruments import Instrument, get_measures
from heelstrong.checkins.models import CheckIn
from heelstrong.core.base import as_utc
from heelstrong.measures import service as measures
from heelstrong.measures.models import HeelRiseTest, MeasureItem, MeasureResponse
from heelstrong.training.models import ExerciseSet, TrainingSession

# Stable ids: the same export twice gives the same ids (FHIR resources, the CSV's patient_id).
EXPORT_ID_NAMESPACE = uuid.UUID("6f1c3a64-2f8e-4e55-9a0d-7c1b2e3d4f50")


def stable_id(*parts: object) -> str:
    """A pseudonymous id that is the same in every export of the same thing (a UUID v5)."""
    return str(uuid.uuid5(EXPORT_ID_NAMESPACE, "/".join(str(p) for p in parts)))


def export_history(db: Session, user: User, start: date, end: date):
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


def patient_key(user: User) -> str:
    """The id of the patient's FHIR Patient, and the root of every id made for them. Account ids
    start at 1 on every Heelstrong server; with the moment the account was made, two servers'
    patients loaded into one FHIR server never match each other's identifiers."""
    return stable_id("patient", user.id, as_utc(user.created_at).isoformat())


HEEL_RISE_NAME = "Single-leg heel-rise test"


@dataclass(frozen=True)
class Answered:
    """A questionnaire answered in the range, with what it asks: (key, words) per question, in
    order. A patient's own activities (PSFS) are keyed by their ids; a licensed form whose items
    are not held (kind total) asks one question, its "total", worded by us, never by the form."""

    instrument: Instrument
    questions: tuple[tuple[str, str], ...]
    responses: tuple[MeasureResponse, ...]  # oldest first


@dataclass(frozen=True)
class MeasureHistory:
    tests: list[HeelRiseTest]  # oldest first
    answered: list[Answered]  # in the catalogue's order


def _questions(instrument: Instrument, named: list[MeasureItem]) -> tuple[tuple[str, str], ...]:
    if instrument.kind == "patient_items":  # every activity named so far: added, never reworded
        return tuple((str(item.id), item.text) for item in named)
    if instrument.kind == "items":
        return tuple((item.id, item.text) for item in instrument.items)
    return (("total", f"Total score on the clinic's own {instrument.short_name} form "
                      f"({instrument.min:g}-{instrument.max:g})"),)


def export_measures(db: Session, user: User, start: date, end: date) -> MeasureHistory:
    """The heel-rise tests and questionnaires dated in the range. An instrument this deployment
    no longer defines is exported by its scores alone."""
    tests = [test for test in measures.heel_rise_tests(db, user.id) if start <= test.local_date <= end]
    grouped = measures.by_instrument([r for r in measures.responses(db, user.id) if start <= r.local_date <= end])
    catalogue = get_measures().by_id
    answered = []
    for instrument_id, rows in sorted(grouped.items(), key=lambda pair: _order(catalogue, pair[0])):
        instrument = catalogue.get(instrument_id) or _unknown(instrument_id)
        named = measures.items(db, user.id, instrument_id) if instrument.kind == "patient_items" else []
        answered.append(Answered(instrument, _questions(instrument, named), tuple(rows)))
    return MeasureHistory(tests, answered)


def _order(catalogue: dict[str, Instrument], instrument_id: str) -> tuple[int, str]:
    ids = list(catalogue)
    return (ids.index(instrument_id) if instrument_id in catalogue else len(ids), instrument_id)


def _unknown(instrument_id: str) -> Instrument:
    return Instrument(id=instrument_id, name=instrument_id, short_name=instrument_id, kind="total",
                      about="An instrument this deployment no longer defines.", min=-1000, max=1000,
                      higher_is_better=True, source="unknown")
