"""The caseload: one row per linked patient, and what needs the clinician's attention.

A fixed number of statements whatever the caseload's size, each one set-based over the
clinician's links: no query per patient. A page is made in two phases: every linked patient is
ranked from three reads (names, last check-ins, the decisions that need attention), then only
the page's 25 rows are filled in (sparkline, stage, sessions). With 500 patients the rows
nobody sees cost more to build than every query together.
"""

import math
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, or_, union_all
from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import today_in
from heelstrong.catalogue.instruments import get_measures
from heelstrong.catalogue.loader import DEFAULT_PROGRAM, get_catalogue
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic import service
from heelstrong.clinic.models import AttentionItem, CareLink, Caseload, CaseloadRow, Clinician
from heelstrong.measures.models import HeelRiseSide, HeelRiseTest
from heelstrong.measures.reading import Rises, heel_rise_fall
from heelstrong.progression.models import Decision, ProgressionState
from heelstrong.training.models import TrainingSession

SPARKLINE_DAYS = 14
QUIET_DAYS = 3  # no check-in for this many days needs a call
RECENT = timedelta(days=7)  # flares, worse weeks and flagged sessions count this long
# How much each kind of signal weighs when the caseload is sorted: a referral prompt first.
WEIGHTS = {"referral": 100, "flare": 20, "worse_week": 10, "flagged": 5, "heel_rises_fell": 5, "quiet": 2}
# A fall in heel rises is a signal while that test is the latest and this recent (the retest interval).
FALL_SHOWN = timedelta(days=28)
PAGE_SIZE = 25


def _name(email: str, display_name: str | None) -> str:
    return display_name or email.split("@")[0]


def _attention(decisions: list[tuple[str, str, date]], last_checkin: date | None, today: date,
               tests: list[Rises]) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    referrals = sorted(day for kind, _rule, day in decisions if kind == "refer")
    if referrals:
        items.append(AttentionItem(kind="referral", label=f"Referral prompt ({len(referrals)})"
                                   if len(referrals) > 1 else "Referral prompt", since=referrals[0]))
    recent = [(kind, rule, day) for kind, rule, day in decisions if kind != "refer" and day > today - RECENT]
    for kind, label, matches in (
        ("flare", "Flare-up", lambda k, r: r == "morning_flare"),
        ("worse_week", "Worse week", lambda k, r: r == "worse_week"),
        ("flagged", "Flagged sessions", lambda k, r: k == "flag"),
    ):
        days = sorted({day for k, r, day in recent if matches(k, r)})
        if days:
            items.append(AttentionItem(kind=kind, label=f"{label} ({len(days)} in 7 days)", since=days[0]))
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
    return sum(WEIGHTS[item.kind] for item in attention)


def _linked(clinician_id: int, patient_ids: list[int] | None):
    links = select(CareLink.patient_id).where(CareLink.clinician_id == clinician_id)
    if patient_ids is not None:
        links = links.where(col(CareLink.patient_id).in_(patient_ids))
    return links.scalar_subquery()


def _last_checkins(db: Session, mine) -> dict[int, date]:
    return dict(db.exec(select(CheckIn.user_id, func.max(CheckIn.local_date)).where(col(CheckIn.user_id).in_(mine))
                        .group_by(CheckIn.user_id)).all())


def _signals(db: Session, mine) -> dict[int, list[tuple[str, str, date]]]:
    """Open referral prompts (any age) and the last week's flares, worse weeks and flags. Two
    reads in one, so each half can use its own index (an OR of the two scanned the table)."""
    recent = select(Decision.user_id, Decision.kind, Decision.rule, Decision.local_date).where(
        col(Decision.user_id).in_(mine),
        Decision.local_date >= date.today() - RECENT - timedelta(days=1),  # any patient's time zone
        or_(Decision.kind == "flag", col(Decision.rule).in_(["morning_flare", "worse_week"])),
    )
    open_referrals = select(Decision.user_id, Decision.kind, Decision.rule, Decision.local_date).where(
        col(Decision.user_id).in_(mine), Decision.kind == "refer", col(Decision.handled_at).is_(None)
    )
    signals: dict[int, list[tuple[str, str, date]]] = defaultdict(list)
    for user_id, kind, rule, day in db.exec(union_all(recent, open_referrals)):
        signals[user_id].append((kind, rule, day))
    return signals


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
    return [
        (user_id, _name(email, display_name),
         _score(_attention(signals[user_id], last_checkin.get(user_id), today_in(timezone or "UTC"), tests[user_id])))
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
    signals, tests = _signals(db, mine), _heel_rises(db, mine)

    catalogue = get_catalogue()
    rows = []
    for user_id, email, display_name, side, condition, start, timezone, stage, state in patients:
        today = today_in(timezone or "UTC")
        last = last_checkin.get(user_id)
        attention = _attention(signals[user_id], last, today, tests[user_id])
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
