"""Today's answer, read rather than recomputed.

Running the engine for /api/today costs a dozen queries and the walk; most requests come with
nothing new since the last one. So every write that can change the plan bumps the patient's
`user.plan_version` in its own transaction (a flush hook below: no write path can forget it),
and the answer is stored with the version and local date it was computed at, and the engine
and catalogue it came from. A request whose patient is at the same version, date and basis
gets the stored answer; anything else computes afresh and stores that. The version lives in
the database, so every worker (and host) agrees, on SQLite and PostgreSQL.
"""

import dataclasses
import hashlib
from pathlib import Path

from sqlalchemy import event, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import patient_today
from heelstrong.catalogue import loader
from heelstrong.catalogue.clinical import RED_FLAGS
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic import service as clinic
from heelstrong.clinic.models import ClinicianNote, NoteMessage
from heelstrong.measures.models import HeelRiseTest
from heelstrong.progression import engine, service
from heelstrong.progression.models import (
    Decision,
    DecisionPublic,
    PatientThresholds,
    PlanItemPublic,
    TodayPlan,
    TodayPublic,
)
from heelstrong.training.models import ExerciseSet, TrainingSession

# What the engine reads. A decision it writes is its output, not an input; one the patient
# acknowledges or their clinician handles (an update) changes what Today shows, and so does one
# the clinician writes (a new one of kind "clinician") and a clinician's note or a message in its thread.
PLAN_INPUTS = (CheckIn, TrainingSession, ExerciseSet, Profile, PatientThresholds, HeelRiseTest)

# A new engine or catalogue (its code and its data files) makes every stored answer stale.
_BASIS_FILES = sorted(
    path
    for folder in (Path(engine.__file__).parent.parent, loader.DEFAULT_PATH.parent)
    for path in folder.rglob("*")
    if path.suffix in {".py", ".yaml"}
)
BASIS = hashlib.sha256(b"".join(path.read_bytes() for path in _BASIS_FILES)).hexdigest()[:16]


@event.listens_for(Session, "before_flush")
def _bump_plan_versions(session: Session, _context, _instances) -> None:
    changed = {obj.user_id for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, PLAN_INPUTS)}
    changed |= {obj.user_id for obj in session.dirty if isinstance(obj, Decision) and session.is_modified(obj)}
    changed |= {obj.user_id for obj in session.new if isinstance(obj, Decision) and obj.kind == "clinician"}
    threads = (ClinicianNote, NoteMessage)
    changed |= {obj.patient_id for obj in (*session.new, *session.dirty) if isinstance(obj, threads)}
    if changed:
        # One atomic UPDATE in the write's own transaction: two concurrent writes both count.
        session.execute(
            update(User).where(User.id.in_(changed)).values(plan_version=User.plan_version + 1),
            execution_options={"synchronize_session": False},
        )


def compute_today(db: Session, user: User) -> TodayPublic:
    """Runs the engine (bringing decisions up to date) and answers today's plan."""
    result, recent = service.evaluate(db, user)
    referrals = service.open_referrals(db, user)
    plan = result.plan
    return TodayPublic(
        today=plan.today,
        calf_stage=plan.calf_stage,
        stage_name=plan.stage_name,
        stage_count=plan.stage_count,
        program_name=plan.program_name,
        hip_day=plan.hip_day,
        items=[PlanItemPublic(**dataclasses.asdict(item)) for item in plan.items],
        notices=list(plan.notices),
        referrals=[DecisionPublic.model_validate(d) for d in referrals],
        refer_to_clinician=bool(referrals),
        red_flags=list(RED_FLAGS),
        recent_decisions=[DecisionPublic.model_validate(d) for d in reversed(recent)],
        notes=clinic.notes_for(db, user, unread_only=True),
    )


def today_json(db: Session, user: User) -> str:
    """Today's answer as JSON: the stored one when nothing it depends on changed."""
    # The version as of the sign-in lookup, read before anything else: a write landing after it
    # makes the stored answer stale, never wrongly fresh.
    version, local_date = user.plan_version, patient_today(db, user)
    stored = db.get(TodayPlan, user.id)
    if stored and (stored.plan_version, stored.local_date, stored.basis) == (version, local_date, BASIS):
        return stored.answer
    answer = compute_today(db, user).model_dump_json()
    _store(db, user, stored, TodayPlan(user_id=user.id, plan_version=version, local_date=local_date, basis=BASIS,
                                       answer=answer))
    return answer


def _store(db: Session, user: User, stored: TodayPlan | None, fresh: TodayPlan) -> None:
    if stored is None:
        db.add(fresh)
    else:
        stored.sqlmodel_update(fresh.model_dump(exclude={"user_id"}))
    try:
        db.commit()
    except IntegrityError:  # a concurrent request stored its answer first: either will do
        db.rollback()
