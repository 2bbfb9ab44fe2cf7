"""progression: thresholds, state, decisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:32:47.201595
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('track', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_decision_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index('ix_decision_user_date', ['user_id', 'local_date'], unique=False)

    op.create_table('patient_thresholds',
    sa.Column('pain_limit', sa.Integer(), nullable=False),
    sa.Column('settle_minutes', sa.Integer(), nullable=False),
    sa.Column('flare_margin', sa.Integer(), nullable=False),
    sa.Column('tolerated_sessions_to_progress', sa.Integer(), nullable=False),
    sa.Column('progress_reps_over', sa.Integer(), nullable=False),
    sa.Column('load_step_kg', sa.Float(), nullable=False),
    sa.Column('flares_to_refer', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_patient_thresholds_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_patient_thresholds'))
    )
    op.create_table('progression_state',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('evaluated_through', sa.Date(), nullable=True),
    sa.Column('calf_stage', sa.Integer(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_progression_state_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_progression_state'))
    )


def downgrade() -> None:
    op.drop_table('progression_state')
    op.drop_table('patient_thresholds')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_user_date')

    op.drop_table('decision')
