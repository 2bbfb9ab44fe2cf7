"""profile program: the program the patient follows (issue 23); the ladder for everyone so far

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("program", sa.String(length=32), nullable=False, server_default="ladder"))


def downgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("program")
