"""Alembic owns the schema: the models and the migrations must never drift apart."""

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, select, text

from heelstrong.catalogue.loader import get_catalogue
from heelstrong.cli import alembic_config
from heelstrong.progress import daily
from heelstrong.progress.models import ProgressDay
from heelstrong.progression import engine
from heelstrong.progression.engine import STATE_JSON
from tests.conftest import POSTGRES_URL


def test_alembic_check_finds_no_drift_between_models_and_migrations(database_url):
    command.check(alembic_config(database_url))  # raises if autogenerate would emit anything



# ---------------------------------------------------------------- 0005: the engine's new state shape


START = date(2026, 9, 7)
# A patient as the engine before 0005 stored them: stage 2 since a progress decision on day 9.
OLD_STATE = {
    "evaluated_through": "2026-09-20", "calf_stage": 2, "hold_sets": 4, "hold_seconds": 30, "rep_sets": 3,
    "calf_load_kg": 0.0, "tolerated_in_a_row": 0, "flagged_in_a_row": 0, "last_calf_day": "2026-09-20",
    "flare_days": [], "hip_days": ["2026-09-18", "2026-09-20"], "hip_levels": [["hip-abduction-band", 1]],
}


@pytest.fixture
def scratch_database(tmp_path) -> Iterator[str]:
    """A database of this test's own, on the suite's kind of database."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"heelstrong_migration_{uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _seed_before_0005(url: str) -> None:
    now = datetime(2026, 9, 21, 8, 0)
    with create_engine(url).begin() as db:
        db.execute(text("INSERT INTO \"user\" (id, email, password_hash, created_at) VALUES (1, 'a@b.c', 'x', :now)"),
                   {"now": now})
        db.execute(text("INSERT INTO profile (user_id, painful_side, condition, program_start, timezone, updated_at) "
                        "VALUES (1, 'right', 'achilles', :start, 'UTC', :now)"), {"start": START, "now": now})
        for n, pain in enumerate([3, 4, 3, 2, 3, 3, 2, 1, 1]):
            db.execute(text("INSERT INTO checkin (id, user_id, local_date, morning_pain, created_at, updated_at) "
                            "VALUES (:id, 1, :day, :pain, :now, :now)"),
                       {"id": uuid4().hex, "day": START + timedelta(days=n), "pain": pain, "now": now})
        db.execute(text("INSERT INTO decision (user_id, local_date, track, kind, rule, message, reasons, created_at) "
                        "VALUES (1, :day, 'calf', 'progress', 'progress_stage', 'Moving to stage 2', :reasons, :now)"),
                   {"day": START + timedelta(days=9), "reasons": '{"to_stage": 2}', "now": now})
        db.execute(text("INSERT INTO progression_state (user_id, evaluated_through, calf_stage, state, updated_at) "
                        "VALUES (1, :through, 2, :state, :now)"),
                   {"through": date(2026, 9, 20), "state": json.dumps(OLD_STATE), "now": now})
        db.execute(text("INSERT INTO patient_thresholds (user_id, pain_limit, settle_minutes, flare_margin, "
                        "tolerated_sessions_to_progress, progress_reps_over, load_step_kg, flares_to_refer, updated_at) "
                        "VALUES (1, 4, 5, 1, 2, 15, 5.0, 3, :now)"), {"now": now})


def _stored_state(url: str) -> dict:
    with create_engine(url).connect() as db:
        stored = db.execute(text("SELECT state FROM progression_state WHERE user_id = 1")).scalar()
    return stored if isinstance(stored, dict) else json.loads(stored)


def _seeded_at_0004(url: str) -> Config:
    config = alembic_config(url)
    command.upgrade(config, "0004")
    _seed_before_0005(url)
    return config


def test_0005_brings_stored_engine_state_to_the_new_shape_and_back(scratch_database):
    config = _seeded_at_0004(scratch_database)

    command.upgrade(config, "head")
    upgraded = _stored_state(scratch_database)
    state = STATE_JSON.validate_python(upgraded)
    assert state.stage_started == START + timedelta(days=10)  # the day after the stage moved
    assert state.load_since == state.stage_started
    assert state.step_clock_since == START + timedelta(days=9)
    assert state.start_mornings == (3, 4, 3, 2, 3, 3, 2)  # the program's first seven mornings
    assert (state.calf_stage, state.hold_sets, state.hip_levels) == (2, 4, (("hip-abduction-band", 1),))
    # The engine carries on from the migrated state: the decisions on record stand.
    result = engine.compute(engine.Profile("right", START), engine.Thresholds(), get_catalogue(), state, [], [],
                            date(2026, 9, 23))
    assert result.state.calf_stage == 2 and result.state.evaluated_through == date(2026, 9, 21)
    with create_engine(scratch_database).connect() as db:
        row = db.execute(text("SELECT progress_reps_over, load_step_kg, morning_ceiling FROM patient_thresholds"))
        # 15 reps was the old default: it now means "the program's value"; a clinician's 5 kg stays.
        assert tuple(row.one()) == (None, 5.0, 7)

    command.downgrade(config, "0004")
    assert _stored_state(scratch_database) == OLD_STATE
    with create_engine(scratch_database).connect() as db:
        assert tuple(db.execute(text("SELECT progress_reps_over, load_step_kg FROM patient_thresholds")).one()) == (
            15, 5.0)


# ---------------------------------------------------------------- 0011: clinic mode, and back

CLINIC_TABLES = {"clinic", "clinician", "care_link", "link_code", "clinician_note", "setting_change", "patient_access"}


def _clinic_rows(url: str) -> None:
    """A clinician of a clinic with a linked patient and one row in each of clinic mode's tables,
    a handled referral and an exercise switched off."""
    now = datetime(2026, 11, 2, 9, 0)
    statements = [
        "INSERT INTO clinic (id, name, created_at) VALUES (1, 'Heel Clinic', :now)",
        "INSERT INTO \"user\" (id, email, password_hash, created_at) VALUES (2, 'dr@b.c', 'x', :now)",
        "INSERT INTO clinician (user_id, clinic_id, name, created_at) VALUES (2, 1, 'Dr Berg', :now)",
        "INSERT INTO care_link (patient_id, clinician_id, linked_at) VALUES (1, 2, :now)",
        "INSERT INTO link_code (id, code_hash, kind, clinician_id, created_at, expires_at) "
        "VALUES (1, 'hash', 'patient', 2, :now, :now)",
        "INSERT INTO clinician_note (patient_id, clinician_id, clinician_name, body, created_at) "
        "VALUES (1, 2, 'Dr Berg', 'Well done', :now)",
        "INSERT INTO setting_change (patient_id, changed_by, changed_by_name, changed_at, effective_from, changes) "
        "VALUES (1, 2, 'Dr Berg', :now, :now, '[[\"pain limit\", \"5\", \"4\"]]')",
        "INSERT INTO patient_access (patient_id, clinician_id, clinician_name, clinic_name, what, accessed_at) "
        "VALUES (1, 2, 'Dr Berg', 'Heel Clinic', 'caseload', :now)",
        "UPDATE decision SET handled_at = :now, handled_by_name = 'Dr Berg', handled_note = 'Called her'",
        "UPDATE patient_thresholds SET switched_off = '[{\"exercise_id\": \"toe-yoga\", \"reason\": \"cramps\"}]'",
    ]
    with create_engine(url).begin() as db:
        for statement in statements:
            db.execute(text(statement), {"now": now} if ":now" in statement else {})


# The rows of the tables 0011 does not create, as a patient's record has them.
BEFORE_0011 = (
    "SELECT id, email FROM \"user\" ORDER BY id",
    "SELECT user_id, painful_side FROM profile",
    "SELECT local_date, morning_pain FROM checkin ORDER BY local_date",
    "SELECT id, rule, message, reasons FROM decision",
    "SELECT user_id, pain_limit, load_step_kg, morning_ceiling FROM patient_thresholds",
    "SELECT user_id, calf_stage, state FROM progression_state",
)


def _everything_before_0011(url: str) -> dict[str, list[tuple]]:
    with create_engine(url).connect() as db:
        return {query: [tuple(row) for row in db.execute(text(query))] for query in BEFORE_0011}


def test_0011_adds_clinic_mode_and_its_downgrade_keeps_every_other_row(scratch_database):
    config = _seeded_at_0004(scratch_database)
    command.upgrade(config, "0010")
    before = _everything_before_0011(scratch_database)

    command.upgrade(config, "0011")
    engine = create_engine(scratch_database)
    assert CLINIC_TABLES <= set(inspect(engine).get_table_names())
    with engine.connect() as db:  # the rows already there read as before: nothing switched off, nothing handled
        switched_off = db.execute(text("SELECT switched_off FROM patient_thresholds")).scalar()
        assert (switched_off if isinstance(switched_off, list) else json.loads(switched_off)) == []
        assert tuple(db.execute(text("SELECT handled_at, handled_by_name, handled_note FROM decision")).one()) == (
            None, None, None)
    _clinic_rows(scratch_database)
    before[BEFORE_0011[0]].append((2, "dr@b.c"))  # the clinician's account is a user like any other

    command.downgrade(config, "0010")
    assert not CLINIC_TABLES & set(inspect(engine).get_table_names())
    assert "switched_off" not in {c["name"] for c in inspect(engine).get_columns("patient_thresholds")}
    assert not {"handled_at", "handled_by_name", "handled_note"} & {
        c["name"] for c in inspect(engine).get_columns("decision")}
    assert _everything_before_0011(scratch_database) == before

    command.upgrade(config, "0011")  # and up again: the downgrade left nothing in the way
    assert _everything_before_0011(scratch_database) == before
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM care_link")).scalar() == 0
    engine.dispose()


# ---------------------------------------------------------------- 0013: progress days, filled from the record


def test_0013_counts_every_day_already_logged_as_the_app_counts_a_new_one(scratch_database):
    config = _seeded_at_0004(scratch_database)  # nine mornings
    command.upgrade(config, "0012")
    now = datetime(2026, 9, 21, 8, 0)
    sets = [  # two sessions on the 8th (calf holds and a hip set), raises and toe yoga on the 16th
        (0, "calf-iso-double", 2, None, 45), (0, "calf-iso-double", 3, None, 30), (1, "glute-bridge", 5, 12, None),
        (2, "calf-raise-double-slow", 4, 15, None), (2, "toe-yoga", 1, 10, None)]
    sessions = [(uuid4().hex, START + timedelta(days=day)) for day in (1, 1, 9)]
    with create_engine(scratch_database).begin() as db:
        for session_id, day in sessions:
            db.execute(text("INSERT INTO training_session (id, user_id, local_date, created_at) "
                            "VALUES (:id, 1, :day, :now)"), {"id": session_id, "day": day, "now": now})
        for session, exercise, pain, reps, hold in sets:
            db.execute(text("INSERT INTO exercise_set (id, session_id, user_id, exercise_id, side, reps, hold_seconds, "
                            "pain_during, created_at, updated_at) VALUES (:id, :session, 1, :exercise, 'both', :reps, "
                            ":hold, :pain, :now, :now)"),
                       {"id": uuid4().hex, "session": sessions[session][0], "exercise": exercise, "reps": reps,
                        "hold": hold, "pain": pain, "now": now})

    command.upgrade(config, "0013")
    engine = create_engine(scratch_database)
    with engine.connect() as db:
        stored = [tuple(row) for row in db.execute(select(*ProgressDay.__table__.c).order_by(ProgressDay.local_date))]
        counted = sorted(tuple(row) for row in db.execute(daily.totals(1, [START + timedelta(n) for n in range(10)])))
    assert len(stored) == 10 and stored == counted  # nine mornings, and the 16th's sets without one
    assert stored[1][2:] == (4, None, 5, 75, 0, 2, 1, 3)  # the 8th: morning 4, both sessions' sets
    assert stored[9][2:] == (None, None, 4, 0, 15, 1, 0, 2)
    command.downgrade(config, "0012")
    assert "progress_day" not in inspect(engine).get_table_names()
    engine.dispose()


# ---------------------------------------------------------------- 0017: a note's one reply becomes its thread


def test_0017_moves_each_reply_into_the_notes_thread_and_back(scratch_database):
    config = _seeded_at_0004(scratch_database)
    command.upgrade(config, "0016")
    _clinic_rows(scratch_database)
    replied = datetime(2026, 11, 3, 7, 30)
    engine = create_engine(scratch_database)
    with engine.begin() as db:
        db.execute(text("INSERT INTO clinician_note (patient_id, clinician_id, clinician_name, body, created_at) "
                        "VALUES (1, 2, 'Dr Berg', 'Not answered', :now)"), {"now": replied})
        db.execute(text("UPDATE clinician_note SET reply = 'Stairs are easier', replied_at = :at, read_at = :at "
                        "WHERE body = 'Well done'"), {"at": replied})

    command.upgrade(config, "0017")
    assert not {"reply", "replied_at"} & {c["name"] for c in inspect(engine).get_columns("clinician_note")}
    with engine.connect() as db:
        rows = db.execute(text("SELECT n.body, m.author, m.author_name, m.body, m.patient_id, m.read_at IS NOT NULL "
                               "FROM note_message m JOIN clinician_note n ON n.id = m.note_id")).all()
    # The clinician saw the old answer on the patient's page: it does not turn up as unread.
    assert [tuple(row) for row in rows] == [("Well done", "patient", "a", "Stairs are easier", 1, True)]

    with engine.begin() as db:  # a second answer in the thread: a note takes one again after the downgrade
        db.execute(text("INSERT INTO note_message (id, note_id, patient_id, author, author_name, body, created_at) "
                        "SELECT :id, id, 1, 'patient', 'a', 'And more', :at FROM clinician_note WHERE body = 'Well done'"),
                   {"id": uuid4().hex, "at": replied + timedelta(days=1)})
    command.downgrade(config, "0016")
    assert not {"note_message", "patient_seen"} & set(inspect(engine).get_table_names())
    with engine.connect() as db:
        replies = db.execute(text("SELECT body, reply FROM clinician_note ORDER BY id")).all()
    assert [tuple(row) for row in replies] == [("Well done", "Stairs are easier"), ("Not answered", None)]
    command.upgrade(config, "head")
