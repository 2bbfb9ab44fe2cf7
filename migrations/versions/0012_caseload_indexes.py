"""caseload indexes: mornings read from an index, open referral prompts without a scan (issue 15)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_REFERRALS = sa.text("kind = 'refer' AND handled_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_checkin_user_date_pain", "checkin", ["user_id", "local_date", "morning_pain"])
    op.create_index("ix_decision_open_referrals", "decision", ["user_id"], postgresql_where=OPEN_REFERRALS,
                    sqlite_where=OPEN_REFERRALS)


def downgrade() -> None:
    op.drop_index("ix_decision_open_referrals", table_name="decision")
    op.drop_index("ix_checkin_user_date_pain", table_name="checkin")
