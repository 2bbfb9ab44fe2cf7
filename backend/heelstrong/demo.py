"""`heelstrong demo`: fill a database with realistic patients, written through the service layer.

Each patient follows an archetype (steady improver, a flare, a gap away, both heels). Every day
they check in, and on training days they do what the pure engine plans for them, with pain and
reps drawn around the archetype's course. The writes go through the same services the API
uses, so the data obeys every rule a real patient's does.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlmodel import Session

from heelstrong.accounts.models import ProfileUpdate, User
from heelstrong.accounts.service import save_profile
from heelstrong.catalogue.instruments import get_measures
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.checkins.models import CheckInCreate
from heelstrong.checkins.service import record_checkin
from heelstrong.clinic.models import CareLink, Clinic, Clinician
from heelstrong.core.security import hash_password
from heelstrong.measures.models import HeelRiseSideCreate, HeelRiseTestCreate, MeasureItemCreate, MeasureResponseCreate
from heelstrong.measures.reading import Rises
from heelstrong.measures.service import add_item, record_heel_rise, record_response, rises
from heelstrong.progression import engine
from heelstrong.progression.engine.heel_rise import flagged_times, heel_rise_offer, stage_criterion
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


class _Measured:
    """A demo patient's measures (PROTOCOL.md 6): the heel-rise test whenever it is due and safe,
    climbing about 1.5 rises a week from 8 (a flare-up costs some), PSFS at the start and every
    2 weeks climbing from about 3, a licensed total at the start and after 6 and 12 weeks."""

    def __init__(self, archetype: Archetype, start: date, catalogue, rng: random.Random) -> None:
        self.archetype, self.start, self.catalogue, self.rng = archetype, start, catalogue, rng
        self.tests: list[Rises] = []
        self.items: list[uuid.UUID] = []

    def measure(self, db: Session, user: User, day: date, offset: int, morning: int, state: engine.State,
                flares: list[date], sessions: list[engine.Session]) -> None:
        needed, stage = stage_criterion(self.catalogue, state)
        # Tested in the morning, after the check-in; sessions are done in the evening.
        offer = heel_rise_offer(datetime.combine(day, time(8)), self.start, self.tests, get_measures().heel_rise,
                                flares, flagged_times(sessions, engine.Thresholds().pain_limit, at=time(18)),
                                morning, needed, stage)
        if offer.due and offer.offered:
            self._heel_rise(db, user, day, offset)
        psfs = get_measures().by_id["psfs"]
        if offset % psfs.every_days == 0:
            self._psfs(db, user, day, offset)
        if offset in (0, 42, 84):
            licensed = [i for i in get_measures().for_condition(self.catalogue.condition) if i.kind == "total"]
            for instrument in licensed:
                better = offset // 42 * 14 + self.rng.randint(-3, 3)
                total = 45 + better if instrument.higher_is_better else 55 - better
                record_response(db, user.id, MeasureResponseCreate(id=uuid.uuid4(), instrument=instrument.id,
                                                                   local_date=day, total=total))

    def _heel_rise(self, db: Session, user: User, day: date, offset: int) -> None:
        dip = 6 if self.archetype.flare_day is not None and 0 <= offset - self.archetype.flare_day < 21 else 0
        painful = max(0, int(8 + 1.5 * (offset // 7)) - dip + self.rng.randint(-1, 1))
        hurting = {"left", "right"} if self.archetype.painful_side == "both" else {self.archetype.painful_side}
        order = sorted(("left", "right"), key=lambda side: side in hurting)  # the other side first
        test, _ = record_heel_rise(db, user, HeelRiseTestCreate(id=uuid.uuid4(), local_date=day, sides=[
            HeelRiseSideCreate(side=side, count=max(0, painful + self.rng.randint(-2, 2)) if side in hurting else 26,
                               height_held=True, pain=2) for side in order]))
        self.tests.append(rises(test))

    def _psfs(self, db: Session, user: User, day: date, offset: int) -> None:
        if not self.items:
            for text in ("Walk the dog for 30 minutes", "Stairs at work", "Run 5 km"):
                item, _ = add_item(db, user, MeasureItemCreate(id=uuid.uuid4(), instrument="psfs", text=text))
                self.items.append(item.id)
        ratings = {str(item): min(10, max(0, 3 + offset // 21 + self.rng.randint(-1, 1))) for item in self.items}
        record_response(db, user.id, MeasureResponseCreate(id=uuid.uuid4(), instrument="psfs", local_date=day,
                                                           answers=ratings))


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
    state, checkins, sessions, flares = engine.State(), [], [], []
    # Measures draw from their own stream: the rest of the patient's days stay as they were without them.
    measured = _Measured(archetype, start, catalogue.for_patient(profile.program, condition),
                         random.Random(f"measures-{index}"))
    for offset in range(days):
        day = start + timedelta(days=offset)
        if archetype.gap and archetype.gap[0] <= offset < archetype.gap[1]:
            continue
        morning = _pain_today(archetype, offset, rng)
        record_checkin(db, user, CheckInCreate(id=uuid.uuid4(), local_date=day, morning_pain=morning))
        checkins.append(engine.CheckIn(day, morning))
        result = engine.compute(profile, thresholds, catalogue, state, checkins, sessions, day)
        state = result.state
        flares += [d.local_date for d in result.decisions if d.rule == engine.RuleId.MORNING_FLARE]
        measured.measure(db, user, day, offset, morning, state, flares, sessions)
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
