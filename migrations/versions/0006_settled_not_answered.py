"""sets: "settled" may be not answered yet (issue 12, item 4)

The settle question is asked once the patient's settle time has passed since the set, so a
set is first saved with ``settled`` NULL: not answered. The engine counts such a session as
not confirmed (no step up, no flag) until the answer comes with PATCH /api/sets/{id}.

Downgrading turns a set still not answered into "did not settle" (false), never a silent yes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

exercise_set = sa.table('exercise_set', sa.column('settled', sa.Boolean()))


def upgrade() -> None:
    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.alter_column('settled', existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    op.execute(exercise_set.update().where(exercise_set.c.settled.is_(None)).values(settled=sa.false()))
    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.alter_column('settled', existing_type=sa.Boolean(), nullable=False)
