"""`heelstrong demo`: fill a database with realistic patients, written through the service layer.

Each patient follows an archetype (steady improver, a flare, a gap away, both heels). Every day
they check in, and on training days they do what the pure engine plans for them, with pain and
reps drawn around the archetype's course. The writes go through the same services the API
uses, so the data obeys every rule a real patient's does.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlmodel import Session

from heelstrong.accounts.models import ProfileUpdate, User
from heelstrong.accounts.service import save_profile
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.checkins.models import CheckInCreate
from heelstrong.checkins.service import record_checkin
from heelstrong.clinic.models import CareLink, Clinic, Clinician
from heelstrong.core.security import hash_password
from heelstrong.progression import engine
from heelstrong.progression.service import evaluate
from heelstrong.training.models import SessionCreate, SetCreate
from heelstrong.training.service import create_session, create_set

DEMO_PASSWORD = "heelstrong-demo"
DEMO_CLINIC = "Demo Clinic"
DEMO_CLINICIANS = (("demo-clinician-1@example.org", "Dr Ana Berg"), ("demo-clinician-2@example.org", "Dr Ola Lind"))


@dataclass(frozen=True)
class Archetype:
    name: str
    painful_side: str
    flare_day: int | None = None  # a bad morning and painful session around this day
    gap: tuple[int, int] | None = None  # days away
    training_chance: float = 0.85


ARCHETYPES = (
    Archetype("improver", "right"),
    Archetype("flare", "left", flare_day=18),
    Archetype("gap", "right", gap=(30, 44)),
    Archetype("both", "both", training_chance=0.75),
)


@cache
def _demo_password_hash() -> str:
    return hash_password(DEMO_PASSWORD)


def _pain_today(archetype: Archetype, day: int, rng: random.Random) -> int:
    baseline = max(1, 5 - day // 21)  # mornings ease over weeks
    if archetype.flare_day is not None and archetype.flare_day <= day < archetype.flare_day + 3:
        return min(10, baseline + 3)
    return max(0, min(10, baseline + rng.choice((-1, 0, 0, 0, 1))))


def _sets_for(item: engine.PlanItem, day: int, pain: int, rng: random.Random) -> list[SetCreate]:
    sets = []
    for _ in range(item.sets):
        reps = hold = None
        if item.hold_seconds:
            hold = item.hold_seconds
        elif item.minutes:
            hold = item.minutes * 60
        elif item.to_fatigue:
            # Reps grow over the weeks; each load step costs a few (so load levels off, as in life).
            load_steps = (item.load_kg or 0) / 2.5
            reps = max(4, min(22, 8 + day // 5 + rng.randint(-2, 2)) - round(3 * load_steps))
        else:
            reps = item.reps
        sets.append(
            SetCreate(
                id=uuid.uuid4(),
                exercise_id=item.exercise_id,
                side=item.side if item.side else "both",
                reps=reps,
                hold_seconds=hold,
                pain_during=pain,
                settled=pain <= 5,
                effort=rng.choice(("easy", "right", "right", "hard")) if item.track == "hip" else None,
                load_kg=item.load_kg,
            )
        )
    return sets


def create_patient(db: Session, index: int, days: int, today: date, rng: random.Random) -> User:
    archetype = ARCHETYPES[index % len(ARCHETYPES)]
    start = today - timedelta(days=days - 1)
    # One argon2 hash for every demo account: hashing is deliberately slow, demo data need not be.
    user = User(email=f"demo-{index:05d}-{archetype.name}@example.org", password_hash=_demo_password_hash())
    db.add(user)
    db.commit()
    db.refresh(user)
    condition = rng.choice(("achilles_midportion", "achilles_insertional", "plantar_heel"))
    save_profile(
        db,
        user,
        ProfileUpdate(
            display_name=f"Demo patient {index} ({archetype.name})",
            painful_side=archetype.painful_side,
            condition=condition,
            program_start=start,
            timezone="UTC",
        ),
    )
    # The same plan the server will judge the history by: the condition chooses the exercises' forms.
    profile = engine.Profile(archetype.painful_side, start, condition=condition)
    thresholds, catalogue = engine.Thresholds(), get_catalogue()
    state, checkins, sessions = engine.State(), [], []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if archetype.gap and archetype.gap[0] <= offset < archetype.gap[1]:
            continue
        morning = _pain_today(archetype, offset, rng)
        record_checkin(db, user, CheckInCreate(id=uuid.uuid4(), local_date=day, morning_pain=morning))
        checkins.append(engine.CheckIn(day, morning))
        result = engine.compute(profile, thresholds, catalogue, state, checkins, sessions, day)
        state = result.state
        if rng.random() > archetype.training_chance:
            continue
        session, _ = create_session(db, user, SessionCreate(id=uuid.uuid4(), local_date=day))
        done = []
        for item in result.plan.items:
            if item.track == "mobility" and rng.random() < 0.5:
                continue
            pain = min(
                10, max(0, morning - 1 + rng.randint(-1, 1) + (3 if item.track == "calf" and morning >= 7 else 0))
            )
            for entry in _sets_for(item, offset, pain, rng):
                create_set(db, user, session.id, entry)
                done.append(
                    engine.LoggedSet(
                        entry.exercise_id,
                        entry.side,
                        entry.reps,
                        entry.hold_seconds,
                        entry.pain_during,
                        entry.settled,
                        entry.effort,
                        entry.load_kg,
                    )
                )
        sessions.append(engine.Session(day, tuple(done)))
    return user


def add_clinic(db: Session, patients: list[User]) -> list[Clinician]:
    """A clinic with two clinicians sharing the patients between them (every other one), each
    patient's decisions brought up to date so the caseload shows who needs attention."""
    clinic = Clinic(name=DEMO_CLINIC)
    db.add(clinic)
    db.flush()
    clinicians = []
    for email, name in DEMO_CLINICIANS:
        user = User(email=email, password_hash=_demo_password_hash())
        db.add(user)
        db.flush()
        clinicians.append(Clinician(user_id=user.id, clinic_id=clinic.id, name=name))
    db.add_all(clinicians)
    db.add_all(CareLink(patient_id=p.id, clinician_id=clinicians[i % 2].user_id) for i, p in enumerate(patients))
    db.commit()
    for patient in patients:
        evaluate(db, patient)
    return clinicians


def fill(db: Session, patients: int, days: int, today: date, seed: int = 1, first_index: int = 0,
         clinic: bool = False) -> list[User]:
    rng = random.Random(seed)
    users = [create_patient(db, index, days, today, rng) for index in range(first_index, first_index + patients)]
    if clinic:
        add_clinic(db, users)
    return users
