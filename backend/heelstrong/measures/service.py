"""Recording and reading a patient's heel-rise tests and questionnaire answers. Each write is
safe to replay (client ids); whether a test may be done today is the plan's call (progression)."""

import uuid
from collections.abc import Sequence

from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import reject_far_future
from heelstrong.catalogue.instruments import Instrument, get_measures
from heelstrong.core.errors import not_found, unprocessable
from heelstrong.core.idempotency import find_replay, insert_once
from heelstrong.measures.models import (
    EnteredBy,
    HeelRiseSide,
    HeelRiseTest,
    HeelRiseTestCreate,
    HeelRiseTestPublic,
    MeasureItem,
    MeasureItemCreate,
    MeasureResponse,
    MeasureResponseCreate,
)
from heelstrong.measures.reading import Rises


def painful_sides(profile: Profile | None) -> set[str]:
    side = profile.painful_side if profile else "both"
    return {"left", "right"} if side == "both" else {side}


def test_order(profile: Profile | None) -> list[dict]:
    """The sides in the order they are tested: the other side first (it shows what normal is)."""
    painful = painful_sides(profile)
    return sorted(({"side": s, "painful": s in painful} for s in ("left", "right")), key=lambda s: s["painful"])


def rises(test: HeelRiseTest) -> Rises:
    return Rises.of(test.local_date, ((s.side, s.painful, s.count) for s in test.sides))


def heel_rise_public(test: HeelRiseTest) -> HeelRiseTestPublic:
    read = rises(test)
    return HeelRiseTestPublic(id=test.id, local_date=test.local_date, sides=test.sides,
                              painful_count=read.painful_count, symmetry=read.symmetry, created_at=test.created_at)


def record_heel_rise(db: Session, user: User, entry: HeelRiseTestCreate) -> tuple[HeelRiseTest, bool]:
    """Store a test as done (the caller has checked it may be done that day). A replayed id
    answers the stored test."""
    replayed = find_replay(db, HeelRiseTest, entry.id, user.id)
    if replayed is not None:
        return replayed, False
    reject_far_future(db, user, entry.local_date)
    painful = painful_sides(db.get(Profile, user.id))
    test = HeelRiseTest(id=entry.id, user_id=user.id, local_date=entry.local_date, sides=[
        HeelRiseSide(side=s.side, position=position, painful=s.side in painful, count=s.count,
                     height_held=s.height_held, pain=s.pain)
        for position, s in enumerate(entry.sides)])
    return insert_once(db, test, lambda: find_replay(db, HeelRiseTest, entry.id, user.id))


def heel_rise_tests(db: Session, user_id: int) -> list[HeelRiseTest]:
    """Oldest first."""
    return list(db.exec(select(HeelRiseTest).where(HeelRiseTest.user_id == user_id)
                        .order_by(col(HeelRiseTest.local_date), col(HeelRiseTest.created_at))))


def delete_heel_rise(db: Session, user: User, test_id: uuid.UUID) -> None:
    _delete(db, db.get(HeelRiseTest, test_id), user, "heel-rise test")


def _delete(db: Session, row: HeelRiseTest | MeasureResponse | None, user: User, what: str) -> None:
    if row is None or row.user_id != user.id:
        raise not_found(what)
    db.delete(row)
    db.commit()


def instrument_for(db: Session, user_id: int, instrument_id: str) -> Instrument:
    """One of the instruments this patient is asked (their condition's), or a 422 saying which are."""
    profile = db.get(Profile, user_id)
    offered = get_measures().for_condition(profile.condition if profile else None)
    for instrument in offered:
        if instrument.id == instrument_id:
            return instrument
    known = get_measures().by_id.get(instrument_id)
    names = ", ".join(f"{i.short_name} ({i.id})" for i in offered)
    raise unprocessable(f"{known.short_name if known else repr(instrument_id)} is not one of this patient's "
                        f"questionnaires; theirs are {names}.")


def items(db: Session, user_id: int, instrument: str | None = None) -> list[MeasureItem]:
    statement = select(MeasureItem).where(MeasureItem.user_id == user_id)
    if instrument is not None:
        statement = statement.where(MeasureItem.instrument == instrument)
    return list(db.exec(statement.order_by(col(MeasureItem.created_at), col(MeasureItem.id))))


def add_item(db: Session, user: User, entry: MeasureItemCreate) -> tuple[MeasureItem, bool]:
    """An activity the patient names (PSFS). Added, never reworded: a replay answers the stored one."""
    replayed = find_replay(db, MeasureItem, entry.id, user.id)
    if replayed is not None:
        return replayed, False
    instrument = instrument_for(db, user.id, entry.instrument)
    if instrument.kind != "patient_items":
        raise unprocessable(f"{instrument.short_name} has fixed questions; only activities of your own can be named.")
    named = items(db, user.id, instrument.id)
    if len(named) >= instrument.max_items:
        raise unprocessable(f"You have named {len(named)} activities, the most {instrument.short_name} takes; "
                            "keep rating those.")
    if any(item.text.casefold() == entry.text.strip().casefold() for item in named):
        raise unprocessable(f"You have already named \"{entry.text.strip()}\".")
    item = MeasureItem(id=entry.id, user_id=user.id, instrument=instrument.id, text=entry.text.strip())
    return insert_once(db, item, lambda: find_replay(db, MeasureItem, entry.id, user.id))


def _check_answers(db: Session, user_id: int, instrument: Instrument, entry: MeasureResponseCreate) -> dict:
    """The answers a response holds, each checked against the instrument, or a 422 in words."""
    if instrument.kind == "total":
        if entry.answers:
            raise unprocessable(f"{instrument.short_name} takes its total only: send 'total', not answers.")
        if entry.total is None or not instrument.min <= entry.total <= instrument.max:
            raise unprocessable(f"Type the {instrument.short_name} total from your form: a number from "
                                f"{instrument.min:g} to {instrument.max:g}.")
        return {}
    if entry.total is not None:
        raise unprocessable(f"{instrument.short_name} is scored from its answers: send 'answers', not a total.")
    answers = entry.answers or {}
    if instrument.kind == "patient_items":
        expected = {str(item.id): item.text for item in items(db, user_id, instrument.id)}
        if len(expected) < instrument.min_items:
            raise unprocessable(f"Name at least {instrument.min_items} activities before rating them "
                                f"(you have named {len(expected)}).")
        allowed = {key: (instrument.min, instrument.max) for key in expected}
    else:
        expected = {item.id: item.text for item in instrument.items}
        allowed = {item.id: tuple(o.value for o in item.options) for item in instrument.items}
    missing = [text for key, text in expected.items() if key not in answers]
    if missing:
        raise unprocessable(f"Rate every one: \"{missing[0]}\" has no answer.")
    unknown = [key for key in answers if key not in expected]
    if unknown:
        raise unprocessable(f"'{unknown[0]}' is not one of the {instrument.short_name} questions here.")
    for key, value in answers.items():
        fits = (allowed[key][0] <= value <= allowed[key][1]) if instrument.kind == "patient_items" \
            else value in allowed[key]
        if not fits:
            choices = (f"{instrument.min:g} ({instrument.low_words}) to {instrument.max:g} ({instrument.high_words})"
                       if instrument.kind == "patient_items" else ", ".join(f"{v:g}" for v in allowed[key]))
            raise unprocessable(f"\"{expected[key]}\" takes {choices}, not {value:g}.")
    return answers


def record_response(db: Session, user_id: int, entry: MeasureResponseCreate,
                    entered_by: EnteredBy = "patient") -> tuple[MeasureResponse, bool]:
    replayed = find_replay(db, MeasureResponse, entry.id, user_id)
    if replayed is not None:
        return replayed, False
    patient = db.get(User, user_id)
    reject_far_future(db, patient, entry.local_date)
    instrument = instrument_for(db, user_id, entry.instrument)
    answers = _check_answers(db, user_id, instrument, entry)
    score = instrument.score(answers) if answers else float(entry.total)
    response = MeasureResponse(id=entry.id, user_id=user_id, instrument=instrument.id, local_date=entry.local_date,
                               score=score, answers=answers, entered_by=entered_by)
    return insert_once(db, response, lambda: find_replay(db, MeasureResponse, entry.id, user_id))


def responses(db: Session, user_id: int) -> list[MeasureResponse]:
    """Oldest first."""
    return list(db.exec(select(MeasureResponse).where(MeasureResponse.user_id == user_id)
                        .order_by(col(MeasureResponse.local_date), col(MeasureResponse.created_at))))


def delete_response(db: Session, user: User, response_id: uuid.UUID) -> None:
    _delete(db, db.get(MeasureResponse, response_id), user, "questionnaire answer")


def by_instrument(rows: Sequence[MeasureResponse]) -> dict[str, list[MeasureResponse]]:
    grouped: dict[str, list[MeasureResponse]] = {}
    for row in rows:
        grouped.setdefault(row.instrument, []).append(row)
    return grouped
