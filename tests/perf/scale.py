"""Copy one demo patient's rows many times, fast, so a benchmark database has thousands of
patients. The original goes through the service layer (heelstrong.demo); copies are the same
rows under new ids, inserted in bulk. Then a clinic (clinic mode, issue 15) over some of them."""

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from heelstrong.accounts.models import Profile, User
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic.models import CareLink, Clinic, Clinician
from heelstrong.progress.models import ProgressDay
from heelstrong.progression.models import Decision, ProgressionState
from heelstrong.training.models import ExerciseSet, TrainingSession

BATCH = 5000
CLINICIANS = (("bench-clinician-1@example.org", "Dr Bench One"), ("bench-clinician-2@example.org", "Dr Bench Two"))
# What the caseload's attention column reads, drawn for each linked patient on top of the
# original's own decisions: (chance, track, kind, rule, message, handled, days ago from-to).
SIGNALS = (
    (
        0.08,
        "safety",
        "refer",
        "three_flares",
        "Three flare-ups within 7 days. Please talk to your clinician.",
        False,
        (0, 27),
    ),
    (
        0.05,
        "safety",
        "refer",
        "worse_weeks",
        "Mornings worse 2 weeks in a row. Please talk to your clinician.",
        True,
        (0, 27),
    ),
    (0.15, "calf", "dose_back", "morning_flare", "Morning pain up: the dose steps back.", False, (0, 13)),
    (0.10, "calf", "stage_back", "morning_flare", "A flare-up: back one stage.", False, (14, 27)),
    (0.08, "safety", "trend", "worse_week", "Week 4: mornings worse than at the start.", False, (0, 13)),
    (0.20, "calf", "flag", "pain_during_limit", "Session flagged: pain during above 5.", False, (0, 6)),
)
QUIET_CHANCE = 0.10  # the last check-in 2 to 6 days ago (3 or more needs a call)


def _rows(connection, table, *where) -> list[dict]:
    return [dict(row._mapping) for row in connection.execute(select(table).where(*where))]


def _insert(connection, table, rows: list[dict]) -> None:
    for offset in range(0, len(rows), BATCH):
        connection.execute(insert(table), rows[offset : offset + BATCH])


def clone_patients(engine: Engine, user_id: int, copies: int) -> list[int]:
    """The copies' user ids, in order."""
    with engine.begin() as connection:
        user = _rows(connection, User.__table__, User.id == user_id)[0]
        account = {key: value for key, value in user.items() if key != "id"}
        profile = _rows(connection, Profile.__table__, Profile.user_id == user_id)[0]
        state = _rows(connection, ProgressionState.__table__, ProgressionState.user_id == user_id)
        checkins = _rows(connection, CheckIn.__table__, CheckIn.user_id == user_id)
        sessions = _rows(connection, TrainingSession.__table__, TrainingSession.user_id == user_id)
        sets = _rows(connection, ExerciseSet.__table__, ExerciseSet.user_id == user_id)
        days = _rows(connection, ProgressDay.__table__, ProgressDay.user_id == user_id)
        decisions = [
            {key: value for key, value in d.items() if key != "id"}
            for d in _rows(connection, Decision.__table__, Decision.user_id == user_id)
        ]

    copied = []
    for start in range(0, copies, 500):
        count = min(500, copies - start)
        with engine.begin() as connection:
            new_ids = (
                connection.execute(
                    insert(User.__table__).returning(User.__table__.c.id, sort_by_parameter_order=True),
                    [account | {"email": f"copy-{start + n:06d}-{user['email']}"} for n in range(count)],
                )
                .scalars()
                .all()
            )
            batches: dict = {
                Profile.__table__: [],
                ProgressionState.__table__: [],
                CheckIn.__table__: [],
                TrainingSession.__table__: [],
                ExerciseSet.__table__: [],
                Decision.__table__: [],
                ProgressDay.__table__: [],
            }
            for new_user in new_ids:
                batches[Profile.__table__].append(profile | {"user_id": new_user})
                batches[ProgressionState.__table__] += [s | {"user_id": new_user} for s in state]
                batches[CheckIn.__table__] += [c | {"id": uuid.uuid4(), "user_id": new_user} for c in checkins]
                session_ids = {s["id"]: uuid.uuid4() for s in sessions}
                batches[TrainingSession.__table__] += [
                    s | {"id": session_ids[s["id"]], "user_id": new_user} for s in sessions
                ]
                batches[ExerciseSet.__table__] += [
                    s | {"id": uuid.uuid4(), "user_id": new_user, "session_id": session_ids[s["session_id"]]}
                    for s in sets
                ]
                batches[Decision.__table__] += [d | {"user_id": new_user} for d in decisions]
                batches[ProgressDay.__table__] += [d | {"user_id": new_user} for d in days]
            for table, rows in batches.items():
                _insert(connection, table, rows)
        copied += new_ids
    return copied


def add_clinic(engine: Engine, patient_ids: list[int], caseload: int, seed: int = 15) -> str:
    """A clinic of two clinicians: the first linked to ``caseload`` of the patients, the second to
    twice as many others (the rest have no clinician). Then, in bulk and at random, what the
    attention column reads for each linked patient: open and handled referral prompts, flare-ups,
    worse weeks and flagged sessions (some recent, some older than the column looks), and the
    last few mornings without a check-in. Returns the first clinician's email."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    # Drawn from the whole crowd, as patients who registered at different times would be: a
    # caseload of neighbouring ids would let the planner read one short stretch of each index.
    linked = rng.sample(patient_ids, 3 * caseload)
    with engine.begin() as connection:
        account = _rows(connection, User.__table__, User.id == patient_ids[0])[0]
        clinic_id = connection.execute(
            insert(Clinic.__table__).returning(Clinic.__table__.c.id), {"name": "Bench Clinic", "created_at": now}
        ).scalar_one()
        clinicians = []
        for email, name in CLINICIANS:
            user_id = connection.execute(
                insert(User.__table__).returning(User.__table__.c.id),
                {key: value for key, value in account.items() if key != "id"} | {"email": email, "created_at": now},
            ).scalar_one()
            connection.execute(
                insert(Clinician.__table__),
                {"user_id": user_id, "clinic_id": clinic_id, "name": name, "created_at": now},
            )
            clinicians.append(user_id)
        _insert(
            connection,
            CareLink.__table__,
            [
                {"patient_id": patient_id, "clinician_id": clinicians[n >= caseload], "linked_at": now}
                for n, patient_id in enumerate(linked)
            ],
        )
        decisions, quiet = [], []
        for patient_id in linked:
            for chance, track, kind, rule, message, handled, (low, high) in SIGNALS:
                if rng.random() < chance:
                    decisions.append(
                        {
                            "user_id": patient_id,
                            "local_date": today - timedelta(days=rng.randint(low, high)),
                            "track": track,
                            "kind": kind,
                            "rule": rule,
                            "message": message,
                            "reasons": {},
                            "created_at": now,
                            "handled_at": now if handled else None,
                            "handled_by_name": CLINICIANS[0][1] if handled else None,
                            "handled_note": "Called; reviewed the plan." if handled else None,
                        }
                    )
            if rng.random() < QUIET_CHANCE:
                quiet.append((patient_id, today - timedelta(days=rng.randint(2, 6))))
        _insert(connection, Decision.__table__, decisions)
        for patient_id, after in quiet:
            connection.execute(
                delete(CheckIn.__table__).where(CheckIn.user_id == patient_id, CheckIn.local_date > after)
            )
    return CLINICIANS[0][0]


def fresh_statistics(engine: Engine) -> None:
    """Statistics as autovacuum would gather after a bulk load; without them the planner takes
    the new tables for tiny ones and may scan millions of rows. VACUUM too, or autovacuum would
    do it in the middle of the measurements. (PostgreSQL; nothing on SQLite.)"""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
