"""What the CSV and FHIR exports share: the patient's check-ins and sets over a range."""

from datetime import date

from sqlmodel import Session, select

from heelstrong.accounts.models import User
from heelstrong.checkins.models import CheckIn
from heelstrong.training.models import ExerciseSet, TrainingSession


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
