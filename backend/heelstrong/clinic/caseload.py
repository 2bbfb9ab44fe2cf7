"""The caseload: one row per linked patient, and what needs the clinician's attention.

A fixed number of statements whatever the caseload's size, each one set-based over the
clinician's links: no query per patient. A page is made in two phases: every linked patient is
ranked from three reads (names, last check-ins, the decisions that need attention), then only
the page's 25 rows are filled in (sparkline, stage, sessions). With 500 patients the rows
nobody sees cost more to build than every query together.
"""

import math
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import today_in
from heelstrong.catalogue.instruments import get_measures
from heelstrong.catalogue.loader import DEFAULT_PROGRAM, get_catalogue
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic import service
from heelstrong.clinic.models import (
    AttentionItem,
    CareLink,
    Caseload,
    CaseloadRow,
    Clinician,
    NoteMessage,
    PatientSeen,
    Unread,
    UnreadPatient,
)
from heelstrong.measures.models import HeelRiseSide, HeelRiseTest
from heelstrong.measures.reading import Rises, heel_rise_fall
from heelstrong.progression.models import Decision, ProgressionState
from heelstrong.training.models import TrainingSession

SPARKLINE_DAYS = 14
QUIET_DAYS = 3  # no check-in for this many days needs a call
RECENT = timedelta(days=7)  # flares, worse weeks and flagged sessions count this long
# How much each kind of signal weighs when the caseload is sorted: a referral prompt first, then
# a patient's answers waiting; a referral prompt settled (old, calm mornings since) below the
# rest. A signal new since the clinician last opened the patient's page weighs NEW more.
WEIGHTS = {"referral": 100, "unread": 30, "flare": 20, "worse_week": 10, "flagged": 5, "heel_rises_fell": 5,
           "referral_settled": 3, "quiet": 2}
NEW = 15
# An open referral prompt this old, with calm mornings since (this many check-ins, no flare-up or
# worse week after it), is settled: it stays in the column but drops below what is new.
OLD_REFERRAL = timedelta(days=14)
CALM_CHECKINS = 3
# A fall in heel rises is a signal while that test is the latest and this recent (the retest interval).
FALL_SHOWN = timedelta(days=28)
PAGE_SIZE = 25


def _name(email: str, display_name: str | None) -> str:
    return display_name or email.split("@")[0]


class Signal(NamedTuple):
    kind: str
    rule: str
    day: date
    created_at: datetime
    settled: bool = False  # a referral prompt: old, with calm mornings since


class Looked(NamedTuple):
    """What the clinician has not seen of a patient: unread answers and since when they looked."""

    unread: int = 0
    latest: datetime | None = None
    seen_at: datetime | None = None


def _is_new(signals: list[Signal], looked: Looked) -> bool:
    return any(looked.seen_at is None or signal.created_at > looked.seen_at for signal in signals)


def _referral_items(referrals: list[Signal], looked: Looked) -> list[AttentionItem]:
    items = []
    open_ = sorted((s for s in referrals if not s.settled), key=lambda s: s.day)
    settled = sorted((s for s in referrals if s.settled), key=lambda s: s.day)
    if open_:
        items.append(AttentionItem(kind="referral", label=f"Referral prompt ({len(open_)})"
                                   if len(open_) > 1 else "Referral prompt", since=open_[0].day,
                                   new=_is_new(open_, looked)))
    if settled:
        items.append(AttentionItem(kind="referral_settled", label="Old referral prompt, calm mornings since",
                                   since=settled[0].day))
    return items


def _attention(signals: list[Signal], last_checkin: date | None, today: date, tests: list[Rises],
               looked: Looked = Looked()) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    if looked.unread:
        items.append(AttentionItem(kind="unread", label="1 unread answer" if looked.unread == 1
                                   else f"{looked.unread} unread answers", since=looked.latest.date(), new=True))
    items += _referral_items([s for s in signals if s.kind == "refer"], looked)
    recent = [s for s in signals if s.kind != "refer" and s.day > today - RECENT]
    for kind, label, matches in (
        ("flare", "Flare-up", lambda s: s.rule == "morning_flare"),
        ("worse_week", "Worse week", lambda s: s.rule == "worse_week"),
        ("flagged", "Flagged sessions", lambda s: s.kind == "flag"),
    ):
        found = [s for s in recent if matches(s)]
        days = sorted({s.day for s in found})
        if days:
            items.append(AttentionItem(kind=kind, label=f"{label} ({len(days)} in 7 days)", since=days[0],
                                       new=_is_new(found, looked)))
    if tests and today - tests[-1].local_date <= FALL_SHOWN and heel_rise_fall(tests, get_measures().heel_rise):
        fall = tests[-2].painful_count - tests[-1].painful_count
        items.append(AttentionItem(kind="heel_rises_fell", label=f"Heel rises fell by {fall}",
                                   since=tests[-1].local_date))
    quiet_since = last_checkin + timedelta(days=1) if last_checkin else None
    if last_checkin is None or (today - last_checkin).days >= QUIET_DAYS:
        quiet = "No check-in yet" if last_checkin is None else f"No check-in for {(today - last_checkin).days} days"
        items.append(AttentionItem(kind="quiet", label=quiet, since=quiet_since))
    return items


def _score(attention: list[AttentionItem]) -> int:
    return sum(WEIGHTS[item.kind] + (NEW if item.new and item.kind != "unread" else 0) for item in attention)


def _linked(clinician_id: int, patient_ids: list[int] | None):
    links = select(CareLink.patient_id).where(CareLink.clinician_id == clinician_id)
    if patient_ids is not None:
        links = links.where(col(CareLink.patient_id).in_(patient_ids))
    return links.scalar_subquery()


def _last_checkins(db: Session, mine) -> dict[int, date]:
    return dict(db.exec(select(CheckIn.user_id, func.max(CheckIn.local_date)).where(col(CheckIn.user_id).in_(mine))
                        .group_by(CheckIn.user_id)).all())


def _signals(db: Session, mine) -> dict[int, list[Signal]]:
    """Open referral prompts (any age; whether each is settled) and the last week's flares,
    worse weeks and flags. Two reads, so each can use its own index (an OR of the two scanned
    the table)."""
    recent = select(Decision.user_id, Decision.kind, Decision.rule, Decision.local_date, Decision.created_at).where(
        col(Decision.user_id).in_(mine),
        Decision.local_date >= date.today() - RECENT - timedelta(days=1),  # any patient's time zone
        or_(Decision.kind == "flag", col(Decision.rule).in_(["morning_flare", "worse_week"])),
    )
    signals: dict[int, list[Signal]] = defaultdict(list)
    for user_id, *signal in db.exec(recent):
        signals[user_id].append(Signal(*signal))
    prompt, later = Decision.__table__.alias("prompt"), Decision.__table__.alias("later")
    checkins_since = (select(func.count()).select_from(CheckIn)
                      .where(CheckIn.user_id == prompt.c.user_id, CheckIn.local_date > prompt.c.local_date)
                      .scalar_subquery())
    worse_since = (select(func.count()).select_from(later)
                   .where(later.c.user_id == prompt.c.user_id, later.c.local_date > prompt.c.local_date,
                          later.c.rule.in_(["morning_flare", "worse_week"]))
                   .scalar_subquery())
    for user_id, kind, rule, day, created_at, checkins, worse in db.exec(
        select(prompt.c.user_id, prompt.c.kind, prompt.c.rule, prompt.c.local_date, prompt.c.created_at,
               checkins_since, worse_since)
        .where(prompt.c.user_id.in_(mine), prompt.c.kind == "refer", prompt.c.handled_at.is_(None))
    ):
        settled = date.today() - day > OLD_REFERRAL and checkins >= CALM_CHECKINS and not worse
        signals[user_id].append(Signal(kind, rule, day, created_at, settled))
    return signals


def _unread(mine):
    """Per patient: how many of their messages the clinician has not read, and the newest's time."""
    return (select(NoteMessage.patient_id, func.count(), func.max(NoteMessage.created_at))
            .where(col(NoteMessage.patient_id).in_(mine), NoteMessage.author == "patient",
                   col(NoteMessage.read_at).is_(None))
            .group_by(NoteMessage.patient_id))


def _looked(db: Session, clinician_id: int, mine) -> dict[int, Looked]:
    """Each patient's messages the clinician has not read, and when the clinician last opened
    their page."""
    unread = {user_id: (count, latest) for user_id, count, latest in db.exec(_unread(mine))}
    seen = dict(db.exec(select(PatientSeen.patient_id, PatientSeen.seen_at)
                        .where(PatientSeen.clinician_id == clinician_id, col(PatientSeen.patient_id).in_(mine))).all())
    return {user_id: Looked(*unread.get(user_id, (0, None)), seen_at=seen.get(user_id))
            for user_id in unread.keys() | seen.keys()}


def _heel_rises(db: Session, mine) -> dict[int, list[Rises]]:
    """Each patient's last two heel-rise tests, oldest first (a fall is read from them)."""
    sides: dict[tuple[int, object], list] = defaultdict(list)
    for user_id, test_id, day, side, painful, count in db.exec(
        select(HeelRiseTest.user_id, HeelRiseTest.id, HeelRiseTest.local_date, HeelRiseSide.side,
               HeelRiseSide.painful, HeelRiseSide.count)
        .join(HeelRiseSide, HeelRiseSide.test_id == HeelRiseTest.id)
        .where(col(HeelRiseTest.user_id).in_(mine))
        .order_by(HeelRiseTest.local_date, HeelRiseTest.created_at)
    ):
        sides[(user_id, test_id)].append((day, side, painful, count))
    tests: dict[int, list[Rises]] = defaultdict(list)
    for (user_id, _), rows in sides.items():  # in test order (dicts keep insertion order)
        tests[user_id] = [*tests[user_id][-1:], Rises.of(rows[0][0], (row[1:] for row in rows))]
    return tests


def _ranked(db: Session, clinician_id: int) -> list[tuple[int, str, int]]:
    """Every linked patient as (id, name, attention score): what sorting and filtering need."""
    mine = _linked(clinician_id, None)
    patients = db.exec(
        select(User.id, User.email, Profile.display_name, Profile.timezone)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(col(User.id).in_(mine))
    ).all()
    last_checkin, signals, tests = _last_checkins(db, mine), _signals(db, mine), _heel_rises(db, mine)
    looked = _looked(db, clinician_id, mine)
    return [
        (user_id, _name(email, display_name),
         _score(_attention(signals[user_id], last_checkin.get(user_id), today_in(timezone or "UTC"), tests[user_id],
                           looked.get(user_id, Looked()))))
        for user_id, email, display_name, timezone in patients
    ]


def rows_for(db: Session, clinician_id: int, patient_ids: list[int] | None = None) -> list[CaseloadRow]:
    """The caseload's rows (or only those of `patient_ids`), unsorted."""
    mine = _linked(clinician_id, patient_ids)
    # Every patient's today is within a day of the server's: read a day more than needed.
    since = date.today() - timedelta(days=SPARKLINE_DAYS + 1)
    patients = db.exec(
        select(User.id, User.email, Profile.display_name, Profile.painful_side, Profile.condition,
               Profile.program_start, Profile.timezone, ProgressionState.calf_stage, ProgressionState.state)
        .outerjoin(Profile, Profile.user_id == User.id)
        .outerjoin(ProgressionState, ProgressionState.user_id == User.id)
        .where(col(User.id).in_(mine))
    ).all()
    mornings: dict[int, dict[date, int]] = defaultdict(dict)
    for user_id, day, pain in db.exec(
        select(CheckIn.user_id, CheckIn.local_date, CheckIn.morning_pain)
        .where(col(CheckIn.user_id).in_(mine), CheckIn.local_date >= since)
    ):
        mornings[user_id][day] = pain
    last_checkin = _last_checkins(db, mine)
    session_days: dict[int, list[date]] = defaultdict(list)
    for user_id, day in db.exec(
        select(TrainingSession.user_id, TrainingSession.local_date)
        .where(col(TrainingSession.user_id).in_(mine), TrainingSession.local_date >= date.today() - RECENT)
        .group_by(TrainingSession.user_id, TrainingSession.local_date)
    ):
        session_days[user_id].append(day)
    signals, tests, looked = _signals(db, mine), _heel_rises(db, mine), _looked(db, clinician_id, mine)

    catalogue = get_catalogue()
    rows = []
    for user_id, email, display_name, side, condition, start, timezone, stage, state in patients:
        today = today_in(timezone or "UTC")
        last = last_checkin.get(user_id)
        seen = looked.get(user_id, Looked())
        attention = _attention(signals[user_id], last, today, tests[user_id], seen)
        rows.append(CaseloadRow(
            patient_id=user_id,
            name=_name(email, display_name),
            painful_side=side or "not set up",
            condition=condition or "not set up",
            week=(today - start).days // 7 + 1 if start else 0,
            calf_stage=stage,
            # The stage of the program the state was walked by (PROTOCOL.md 7).
            stage_name=catalogue.for_patient((state or {}).get("program", DEFAULT_PROGRAM), condition)
            .stages[stage - 1].name if stage else None,
            load_kg=(state or {}).get("calf_load_kg") or None,
            last_checkin=last,
            sessions_this_week=sum(1 for day in session_days[user_id] if today - RECENT < day <= today),
            morning_pain=[mornings[user_id].get(today - timedelta(days=n)) for n in range(SPARKLINE_DAYS - 1, -1, -1)],
            symmetry=tests[user_id][-1].symmetry if tests[user_id] else None,
            unread=seen.unread,
            last_seen=seen.seen_at,
            attention=attention,
            attention_score=_score(attention),
        ))
    return rows


def page_rows(db: Session, clinician_id: int, page: int = 1, needs_attention: bool = False,
              search: str | None = None) -> tuple[list[CaseloadRow], int]:
    """One page of the caseload, sorted by attention (most first), then by name; and how many
    patients match the filter."""
    ranked = _ranked(db, clinician_id)
    if needs_attention:
        ranked = [entry for entry in ranked if entry[2]]
    if search:
        ranked = [entry for entry in ranked if search.casefold() in entry[1].casefold()]
    ranked.sort(key=lambda entry: (-entry[2], entry[1].casefold(), entry[0]))
    order = [patient_id for patient_id, _, _ in ranked[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
    rows = rows_for(db, clinician_id, order) if order else []
    return sorted(rows, key=lambda row: order.index(row.patient_id)), len(ranked)


def caseload(db: Session, clinician: Clinician, page: int, needs_attention: bool, search: str | None) -> Caseload:
    """A page of the caseload; its patients are written to their access logs."""
    shown, total = page_rows(db, clinician.user_id, page, needs_attention, search)
    if shown:
        service.log_access(db, clinician, [row.patient_id for row in shown], "caseload")
    return Caseload(clinician=service.public_clinician(db, clinician), total=total, page=page,
                    pages=max(1, math.ceil(total / PAGE_SIZE)), rows=shown)


def unread(db: Session, clinician: Clinician) -> Unread:
    """Each linked patient's messages the clinician has not read: one statement."""
    patients = [UnreadPatient(patient_id=user_id, unread=count, latest=latest) for user_id, count, latest
                in db.exec(_unread(_linked(clinician.user_id, None)).order_by(NoteMessage.patient_id))]
    return Unread(total=sum(p.unread for p in patients), patients=patients)
