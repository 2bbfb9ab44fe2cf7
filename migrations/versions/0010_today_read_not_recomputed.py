"""today's plan read, not recomputed: a per-patient plan version and the stored answer (issue 14)

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "today_plan",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_today_plan_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_today_plan")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    # Not batch mode: on SQLite that rebuilds "user", and dropping the old table with foreign
    # keys on would cascade to every patient's rows. SQLite 3.35+ drops a plain column in place.
    op.execute('ALTER TABLE "user" DROP COLUMN plan_version')
    op.drop_table("today_plan")
