"""reminders: a time of day and days per patient, and the calendar feed's hashed token (issue 12, item 3)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reminder',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('remind_at', sa.Time(), nullable=True),
    sa.Column('days', sqlmodel.sql.sqltypes.AutoString(length=27), nullable=False),
    sa.Column('calendar_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('calendar_created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('calendar_fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feed_window_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feed_window_fetches', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_reminder_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('calendar_token_hash', name=op.f('uq_reminder_calendar_token_hash'))
    )


def downgrade() -> None:
    op.drop_table('reminder')
