"""What the CSV and FHIR exports share: the patient's check-ins and sets over a range, and stable ids."""

import uuid
from datetime import date

from sqlmodel import Session, select

from heelstrong.accounts.models import User
from heelstrong.checkins.models import CheckIn
from heelstrong.core.base import as_utc
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
