"""Loads a patient's history, runs the pure engine, and stores what it decided."""

import dataclasses
from datetime import date, timedelta

from fastapi import HTTPException
from sqlalchemy import update
from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import patient_today
from heelstrong.catalogue.loader import (
    CONDITION_WORDS,
    DEFAULT_PROGRAM,
    EQUIPMENT_WORDS,
    Catalogue,
    Program,
    get_catalogue,
)
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic.models import CareLink
from heelstrong.core.base import utcnow
from heelstrong.core.db import save_user_row
from heelstrong.core.errors import unprocessable
from heelstrong.measures import service as measures
from heelstrong.progression import engine
from heelstrong.progression.models import (
    Decision,
    PatientThresholds,
    ProgramChoice,
    ProgramPublic,
    ProgressionState,
    ThresholdsUpdate,
)
from heelstrong.training.models import ExerciseSet, TrainingSession

# The week-over-week rule compares the 7 mornings up to a day with the 7 before (PROTOCOL.md 2b).
BASELINE_DAYS = 14
RECENT_DECISION_DAYS = 14


def stored_state(db: Session, user: User) -> engine.State:
    """The engine's state as last stored (up to date once `evaluate` or today's answer ran)."""
    stored = db.get(ProgressionState, user.id)
    return engine.STATE_JSON.validate_python(stored.state) if stored else engine.State()


def thresholds_for(db: Session, user: User) -> PatientThresholds:
    return db.get(PatientThresholds, user.id) or PatientThresholds(user_id=user.id)


def pain_limit_for(db: Session, user: User) -> int:
    """The patient's pain limit during exercise (their thresholds row, made only when asked for
    in full, costs half a millisecond to construct)."""
    stored = db.get(PatientThresholds, user.id)
    return stored.pain_limit if stored else engine.Thresholds().pain_limit


def save_thresholds(db: Session, user: User, changes: ThresholdsUpdate) -> PatientThresholds:
    if db.get(CareLink, user.id) is not None:
        raise HTTPException(
            status_code=403,
            detail="Your clinician sets these now. Ask them if one should change, or unlink in Profile.",
        )
    return save_user_row(db, PatientThresholds, user.id, changes.model_dump())


def _engine_thresholds(row: PatientThresholds) -> engine.Thresholds:
    return engine.Thresholds(**row.model_dump(include={f.name for f in dataclasses.fields(engine.Thresholds)}))


def _profile(db: Session, user: User) -> Profile:
    profile = db.get(Profile, user.id)
    if profile is None:
        raise HTTPException(status_code=409, detail="Set up your profile first: which heel hurts and when you started.")
    return profile


def history_query(user_id: int, since: date | None):
    """The sets the engine needs: plain columns, not ORM objects (this runs on every plan)."""
    sets = (
        select(
            TrainingSession.local_date,
            ExerciseSet.exercise_id,
            ExerciseSet.side,
            ExerciseSet.reps,
            ExerciseSet.hold_seconds,
            ExerciseSet.pain_during,
            ExerciseSet.settled,
            ExerciseSet.effort,
            ExerciseSet.load_kg,
        )
        .join(ExerciseSet, ExerciseSet.session_id == TrainingSession.id)
        .where(TrainingSession.user_id == user_id)
        .order_by(TrainingSession.local_date, ExerciseSet.created_at)
    )
    return sets if since is None else sets.where(TrainingSession.local_date > since)


def _history(db: Session, user: User, since: date | None):
    sets = history_query(user.id, since)
    checkins = select(CheckIn.local_date, CheckIn.morning_pain, CheckIn.stiffness_minutes, CheckIn.red_flag).where(
        CheckIn.user_id == user.id
    )
    if since is not None:
        checkins = checkins.where(CheckIn.local_date >= since - timedelta(days=BASELINE_DAYS))
    by_day: dict[date, list[engine.LoggedSet]] = {}
    for local_date, *values in db.exec(sets):
        by_day.setdefault(local_date, []).append(engine.LoggedSet(*values))
    return (
        [engine.CheckIn(*row) for row in db.exec(checkins)],
        [engine.Session(day, tuple(day_sets)) for day, day_sets in by_day.items()],
    )


def _recent_decisions(db: Session, user: User, today: date) -> list[Decision]:
    return list(
        db.exec(
            select(Decision)
            .where(Decision.user_id == user.id, Decision.local_date >= today - timedelta(days=RECENT_DECISION_DAYS))
            .order_by(Decision.local_date, Decision.id)
        )
    )


def _as_engine_decision(row: Decision) -> engine.Decision:
    return engine.Decision(row.local_date, row.track, row.kind, row.rule, row.message, row.reasons)


def _store(db: Session, user: User, stored: ProgressionState | None, result: engine.Result) -> bool:
    """Save the new state and decisions; False if another request got there first."""
    values = {
        "evaluated_through": result.state.evaluated_through,
        "calf_stage": result.state.calf_stage,
        "state": engine.STATE_JSON.dump_python(result.state, mode="json"),
        "updated_at": utcnow(),
    }
    if stored is None:
        db.add(ProgressionState(user_id=user.id, **values))
    else:
        # Optimistic concurrency: only advance from the state this computation started from.
        changed = db.exec(
            update(ProgressionState)
            .where(ProgressionState.user_id == user.id, ProgressionState.evaluated_through == stored.evaluated_through)
            .values(**values)
        ).rowcount
        if changed != 1:
            db.rollback()
            return False
    db.add_all(
        Decision(
            user_id=user.id,
            local_date=d.local_date,
            track=d.track,
            kind=d.kind,
            rule=d.rule,
            message=d.message,
            reasons=d.reasons,
        )
        for d in result.decisions
    )
    try:
        db.commit()
    except Exception:  # a concurrent first computation inserted the state row
        db.rollback()
        return False
    return True


def _why_not(program: Program, profile: Profile) -> str | None:
    """Why ``program`` does not fit the patient's condition or what they have, in their words."""
    catalogue = get_catalogue()
    unfit = catalogue.unfit(program, profile.condition)
    if unfit == "not_for_condition":
        return (f"It is for {' or '.join(CONDITION_WORDS[c] for c in program.conditions)}; yours is "
                f"{CONDITION_WORDS[profile.condition]}.")
    if unfit == "below_neutral":
        return "It lowers the heel off a step edge, which an insertional Achilles tendon should not be loaded into."
    lacking = [EQUIPMENT_WORDS[n] for n in program.needs if profile.equipment is not None
               and n not in profile.equipment]
    if lacking:
        return f"It needs {' and '.join(lacking)}, which you said you don't have (Profile, what you have at home)."
    return None


def programs_for(db: Session, user: User) -> list[ProgramPublic]:
    profile = _profile(db, user)
    return [
        ProgramPublic(
            id=program.id, name=program.name, for_whom=program.for_whom, asks=program.asks, sessions=program.sessions,
            weeks=program.weeks, needs=[EQUIPMENT_WORDS[n] for n in program.needs], source=program.source,
            stages=[stage.name for stage in program.stages], fits=(why := _why_not(program, profile)) is None,
            why_not=why, current=program.id == _followed(profile),
        )
        for program in get_catalogue().programs
    ]


def set_program(db: Session, user: User, choice: ProgramChoice, by_clinician: bool = False) -> Profile:
    """The patient's program (PROTOCOL.md 7): one that fits them; the clinician's to set once linked.
    Today's plan changes from the next day the engine walks, with a decision saying so."""
    if not by_clinician and db.get(CareLink, user.id) is not None:
        raise HTTPException(status_code=403,
                            detail="Your clinician chooses your program now. Ask them, or unlink in Profile.")
    profile = _profile(db, user)
    program = get_catalogue().program(choice.program)
    if program is None:
        raise unprocessable(f"There is no program called '{choice.program}'. Choose one from the list.")
    why = _why_not(program, profile)
    if why:
        raise unprocessable(f"{program.name} is not offered to you. {why}")
    profile.program = program.id
    db.add(profile)
    db.commit()
    return profile


def patient_catalogue(profile: Profile) -> Catalogue:
    """The catalogue as the patient's plan reads it: their program's stages, in the forms their
    condition needs (engine Profile's program and condition)."""
    return get_catalogue().for_patient(_followed(profile), profile.condition)


def catalogue_for(db: Session, user: User) -> Catalogue:
    return patient_catalogue(_profile(db, user))


def _followed(profile: Profile) -> str:
    """The program the engine runs: the chosen one while it fits the condition (a condition that
    changed since falls back to the ladder, and Today says so)."""
    catalogue = get_catalogue()
    program = catalogue.program(profile.program)
    if program is None or catalogue.unfit(program, profile.condition):
        return DEFAULT_PROGRAM
    return program.id


def evaluate(db: Session, user: User, today: date | None = None) -> tuple[engine.Result, list[Decision]]:
    """Bring the patient's decisions up to date and plan today."""
    profile = _profile(db, user)
    today = today or patient_today(db, user)
    settings = thresholds_for(db, user)
    engine_profile = engine.Profile(
        profile.painful_side,
        profile.program_start,
        None if profile.equipment is None else frozenset(profile.equipment),
        tuple((s["exercise_id"], s["reason"]) for s in settings.switched_off or ()),
        program=_followed(profile),
        condition=profile.condition,
    )
    thresholds = _engine_thresholds(settings)
    # Only a program with a stage that asks for a test result reads the tests (most don't).
    heel_rises = [measures.rises(test) for test in measures.heel_rise_tests(db, user.id)] if any(
        stage.move_on_at_heel_rises for stage in patient_catalogue(profile).stages) else []
    for _attempt in range(3):
        stored = db.get(ProgressionState, user.id)
        state = engine.STATE_JSON.validate_python(stored.state) if stored else engine.State()
        checkins, sessions = _history(db, user, state.evaluated_through)
        recent = _recent_decisions(db, user, today)
        result = engine.compute(
            engine_profile,
            thresholds,
            get_catalogue(),
            state,
            checkins,
            sessions,
            today,
            [_as_engine_decision(d) for d in recent],
            heel_rises,
        )
        if result.state == state or _store(db, user, stored, result):
            return result, _recent_decisions(db, user, today) if result.decisions else recent
        db.expire_all()
    raise HTTPException(status_code=503, detail="Busy updating your plan; try again in a moment.")


def decision_history(db: Session, user: User) -> list[Decision]:
    return list(
        db.exec(
            select(Decision)
            .where(Decision.user_id == user.id)
            .order_by(col(Decision.local_date).desc(), col(Decision.id).desc())
        )
    )


def open_referrals(db: Session, user: User) -> list[Decision]:
    """Referral prompts the patient has not acknowledged yet, newest first."""
    return list(
        db.exec(
            select(Decision)
            .where(Decision.user_id == user.id, Decision.kind == "refer", col(Decision.acknowledged_at).is_(None))
            .order_by(col(Decision.local_date).desc(), col(Decision.id).desc())
        )
    )


def acknowledge(db: Session, user: User, decision_id: int) -> Decision:
    """The patient has read a referral prompt: it leaves the top of Today (it stays in the record)."""
    decision = db.get(Decision, decision_id)
    if decision is None or decision.user_id != user.id or decision.kind != "refer":
        raise HTTPException(status_code=404, detail="There is no such prompt to acknowledge.")
    if decision.acknowledged_at is None:
        decision.acknowledged_at = utcnow()
        db.add(decision)
        db.commit()
        db.refresh(decision)
    return decision
