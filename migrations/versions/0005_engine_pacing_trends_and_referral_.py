"""engine: pacing, morning trends, hand-over (issue 10)

New per-patient thresholds (PROTOCOL.md 2a-2c), referral prompts the patient acknowledges, a
red flag the patient can report in the morning check-in,
and the engine's stored state brought to its new shape. Decisions already made stand; the new
rules apply from the next walked day.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:05:03.841085
"""

import json
from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# New fields with a PROTOCOL.md default for everyone.
NEW_THRESHOLDS = {
    'morning_ceiling': 7,
    'stiffness_margin_minutes': 15,
    'worse_than_start_margin': 2,
    'floor_flags_to_refer': 3,
    'worse_weeks_to_refer': 2,
    'weeks_without_step_to_refer': 6,
}
PACING_OVERRIDES = {
    'least_days_on_stage': sa.Integer(),
    'min_days_between_fatigue_sessions': sa.Integer(),
    'max_fatigue_sessions_per_week': sa.Integer(),
    'least_days_between_load_steps': sa.Integer(),
    'max_load_kg': sa.Float(),
}
# These two were always set; at their old defaults they now mean "the program's value".
OLD_DEFAULTS = {'progress_reps_over': 15, 'load_step_kg': 2.5}
NEW_STATE_KEYS = (
    'stage_started', 'load_since', 'step_clock_since', 'start_mornings', 'worse_weeks', 'floor_flag_days',
    'fatigue_days', 'hip_easy_in_a_row', 'referred',
)

thresholds = sa.table(
    'patient_thresholds',
    sa.column('progress_reps_over', sa.Integer()),
    sa.column('load_step_kg', sa.Float()),
)
state_table = sa.table('progression_state', sa.column('user_id', sa.Integer()), sa.column('state', sa.JSON()))


def upgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('red_flag', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.alter_column('red_flag', existing_type=sa.Boolean(), server_default=None)

    with op.batch_alter_table('patient_thresholds', schema=None) as batch_op:
        for name, default in NEW_THRESHOLDS.items():
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=str(default)))
        for name, kind in PACING_OVERRIDES.items():
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.alter_column('progress_reps_over', existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column('load_step_kg', existing_type=sa.FLOAT(), nullable=True)
    # The models carry the defaults; the server defaults only filled the existing rows.
    with op.batch_alter_table('patient_thresholds', schema=None) as batch_op:
        for name in NEW_THRESHOLDS:
            batch_op.alter_column(name, existing_type=sa.Integer(), server_default=None)
    for name, default in OLD_DEFAULTS.items():
        op.execute(thresholds.update().where(thresholds.c[name] == default).values({name: None}))

    _upgrade_states()


def _upgrade_states() -> None:
    """Each stored state gets the new fields, read from what is already on record."""
    bind = op.get_bind()
    for user_id, stored in bind.execute(sa.text('SELECT user_id, state FROM progression_state')).all():
        state = stored if isinstance(stored, dict) else json.loads(stored)
        if not state:
            continue
        start = bind.execute(
            sa.text('SELECT program_start FROM profile WHERE user_id = :u'), {'u': user_id}
        ).scalar()
        start = _day(start)

        def latest(condition: str) -> date | None:
            found = bind.execute(
                sa.text(f'SELECT max(local_date) FROM decision WHERE user_id = :u AND {condition}'), {'u': user_id}
            ).scalar()
            return _day(found)

        stage_moved = latest("(kind = 'progress' AND rule = 'progress_stage') OR kind = 'stage_back'")
        load_added = latest("rule = 'add_load'")
        stepped_up = latest("kind = 'progress'")
        stage_started = stage_moved + timedelta(days=1) if stage_moved else start
        mornings = [
            pain
            for (pain,) in bind.execute(
                sa.text(
                    'SELECT morning_pain FROM checkin WHERE user_id = :u AND local_date >= :start '
                    'ORDER BY local_date LIMIT 7'
                ),
                {'u': user_id, 'start': start},
            )
        ] if start else []
        state |= {
            'stage_started': _iso(stage_started),
            'load_since': _iso(load_added + timedelta(days=1) if load_added else stage_started),
            'step_clock_since': _iso(stepped_up or start),
            'start_mornings': mornings,
            'worse_weeks': 0,
            'floor_flag_days': [],
            'fatigue_days': [],
            'hip_easy_in_a_row': [],
            'referred': [],
        }
        _save_state(user_id, state)


def downgrade() -> None:
    bind = op.get_bind()
    for user_id, stored in bind.execute(sa.text('SELECT user_id, state FROM progression_state')).all():
        state = stored if isinstance(stored, dict) else json.loads(stored)
        if state:
            _save_state(user_id, {k: v for k, v in state.items() if k not in NEW_STATE_KEYS})

    for name, default in OLD_DEFAULTS.items():
        op.execute(thresholds.update().where(thresholds.c[name].is_(None)).values({name: default}))
    with op.batch_alter_table('patient_thresholds', schema=None) as batch_op:
        batch_op.alter_column('load_step_kg', existing_type=sa.FLOAT(), nullable=False)
        batch_op.alter_column('progress_reps_over', existing_type=sa.INTEGER(), nullable=False)
        for name in [*PACING_OVERRIDES, *NEW_THRESHOLDS]:
            batch_op.drop_column(name)

    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('red_flag')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('acknowledged_at')


def _save_state(user_id: int, state: dict) -> None:
    op.execute(state_table.update().where(state_table.c.user_id == user_id).values(state=state))


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
