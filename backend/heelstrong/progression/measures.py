"""The measures as the plan reads them (PROTOCOL.md 6): whether the heel-rise test is due and
safe today, a program's criterion waiting on it, the symmetry goal, and every measure with its
change in words. The test is refused on a day the plan would not offer it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.instruments import Instrument, get_measures
from heelstrong.checkins.models import CheckIn
from heelstrong.core.base import as_utc
from heelstrong.core.errors import unprocessable
from heelstrong.measures import service as measures
from heelstrong.measures.models import (
    HeelRiseTest,
    HeelRiseTestCreate,
    MeasureItemPublic,
    MeasureResponse,
    MeasureResponsePublic,
)
from heelstrong.measures.reading import Rises, heel_rise_fall, heel_rise_words, instrument_words
from heelstrong.progression import engine
from heelstrong.progression.engine.heel_rise import Offer, heel_rise_offer, stage_criterion, symmetry_goal_reached
from heelstrong.progression.models import (
    Decision,
    HeelRisePublic,
    InstrumentPublic,
    MeasuresPublic,
    OfferPublic,
)
from heelstrong.progression.service import evaluate, patient_catalogue, thresholds_for
from heelstrong.training.models import ExerciseSet, TrainingSession


def _flare_days(db: Session, user_id: int, since: date) -> list[date]:
    return list(db.exec(select(Decision.local_date).where(
        Decision.user_id == user_id, Decision.rule == engine.RuleId.MORNING_FLARE, Decision.local_date >= since)))


def patient_now(profile: Profile) -> datetime:
    """The patient's wall clock."""
    return datetime.now(ZoneInfo(profile.timezone)).replace(tzinfo=None)


def _flagged(db: Session, profile: Profile, since: date, pain_limit: int) -> list[datetime]:
    """When sets past the pain rules (pain above the limit, or not settled) were done, on the
    patient's wall clock: when logged, or the end of the session's day if it was logged later."""
    zone = ZoneInfo(profile.timezone)
    return [min(as_utc(logged).astimezone(zone).replace(tzinfo=None), datetime.combine(day, time(23, 59)))
            for logged, day in db.exec(
                select(ExerciseSet.created_at, TrainingSession.local_date)
                .join(TrainingSession, ExerciseSet.session_id == TrainingSession.id)
                .where(TrainingSession.user_id == profile.user_id, TrainingSession.local_date >= since,
                       or_(ExerciseSet.pain_during > pain_limit, col(ExerciseSet.settled).is_(False))))]


def _mornings(db: Session, user_id: int, today: date) -> int:
    """Check-ins in the 7 days up to today."""
    return len(db.exec(select(CheckIn.local_date).where(
        CheckIn.user_id == user_id, CheckIn.local_date > today - timedelta(days=7), CheckIn.local_date <= today)).all())


def offer_on(db: Session, user: User, profile: Profile, state: engine.State, tests: list[Rises], day: date) -> Offer:
    """The offer on ``day``: now, if it is the patient's today; else as the day ends (a test
    entered for another day)."""
    rules = get_measures().heel_rise
    now = patient_now(profile)
    if day != now.date():
        now = datetime.combine(day, time(23, 59))
    settings = thresholds_for(db, user)
    morning = db.exec(select(CheckIn.morning_pain).where(CheckIn.user_id == user.id,
                                                         CheckIn.local_date == day)).first()
    needed, stage = stage_criterion(patient_catalogue(profile), state)
    earlier = [test for test in tests if test.local_date <= day]
    return heel_rise_offer(
        now, profile.program_start, earlier, rules,
        flare_days=_flare_days(db, user.id, day - timedelta(days=rules.days_after_flare)),
        flagged=_flagged(db, profile, day - timedelta(hours=rules.hours_after_flagged, days=1), settings.pain_limit),
        morning_pain=morning, needed=needed, stage=stage)


def record_heel_rise(db: Session, user: User, entry: HeelRiseTestCreate) -> tuple[HeelRiseTest, bool]:
    """A test is stored only on a day it would be offered: never in a flare-up, within 48 hours of a
    flagged session, or on a morning of 6/10 or more (the 422 says why and when)."""
    if db.get(HeelRiseTest, entry.id) is None:
        result, _ = evaluate(db, user)
        profile = db.get(Profile, user.id)
        tests = [measures.rises(t) for t in measures.heel_rise_tests(db, user.id)]
        offer = offer_on(db, user, profile, result.state, tests, entry.local_date)
        if not offer.offered:
            raise unprocessable(f"The heel-rise test can't be saved for that day. {offer.not_now}")
    return measures.record_heel_rise(db, user, entry)


def _instrument_public(instrument: Instrument, rows: list[MeasureResponse], items: list, today: date
                       ) -> InstrumentPublic:
    due, why = False, None
    if instrument.kind == "patient_items":
        if not rows:
            due, why = True, f"Name {instrument.min_items} to {instrument.max_items} things your heel makes hard " \
                             "and rate each: it shows what the program changes for you."
        elif instrument.every_days and today >= rows[-1].local_date + timedelta(days=instrument.every_days):
            due, why = True, f"Rate your activities again: it has been {instrument.every_days // 7} weeks " \
                             f"since {rows[-1].local_date:%b} {rows[-1].local_date.day}."
    words = list(filter(None, [instrument_words(instrument, [(row.local_date, row.score) for row in rows])]))
    return InstrumentPublic(
        **instrument.model_dump(include={"id", "name", "short_name", "kind", "about", "min", "max", "low_words",
                                         "high_words", "min_items", "max_items", "higher_is_better", "noise",
                                         "unit", "every_days"}),
        items=[MeasureItemPublic.model_validate(item).model_dump() for item in items] if instrument.kind ==
        "patient_items" else [item.model_dump() for item in instrument.items],
        responses=[MeasureResponsePublic.model_validate(row) for row in rows],
        due=due, why_due=why, words=words)


def measures_for(db: Session, user: User) -> MeasuresPublic:
    """Everything the patient (or their clinician) reads of the measures, with what is due."""
    result, _ = evaluate(db, user)
    profile = db.get(Profile, user.id)
    today = patient_now(profile).date()
    stored = measures.heel_rise_tests(db, user.id)
    tests = [measures.rises(t) for t in stored]
    offer = offer_on(db, user, profile, result.state, tests, today)
    goal = thresholds_for(db, user).symmetry_goal
    rules = get_measures().heel_rise
    by_instrument = measures.by_instrument(measures.responses(db, user.id))
    named = measures.items(db, user.id)
    return MeasuresPublic(
        heel_rise=HeelRisePublic(
            order=measures.test_order(profile), noise=rules.noise, symmetry_goal=goal,
            beats_per_minute=rules.beats_per_minute, offer=OfferPublic(**offer.__dict__),
            tests=[measures.heel_rise_public(t) for t in stored], words=heel_rise_words(tests, rules, goal),
            goal_reached=symmetry_goal_reached(result.state, tests, goal, today, _mornings(db, user.id, today)),
            signal=heel_rise_fall(tests, rules)),
        instruments=[_instrument_public(instrument, by_instrument.get(instrument.id, []),
                                        [i for i in named if i.instrument == instrument.id], today)
                     for instrument in get_measures().for_condition(profile.condition)],
    )
