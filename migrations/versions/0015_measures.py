"""measures: heel-rise tests per side, questionnaire answers, the activities a patient names
(PSFS), and the clinician's heel-rise symmetry goal (issue 24)

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "heel_rise_test",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_heel_rise_test_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_heel_rise_test")),
    )
    with op.batch_alter_table("heel_rise_test", schema=None) as batch_op:
        batch_op.create_index("ix_heel_rise_test_user_date", ["user_id", "local_date"], unique=False)

    op.create_table(
        "measure_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_measure_item_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_item")),
    )
    with op.batch_alter_table("measure_item", schema=None) as batch_op:
        batch_op.create_index("ix_measure_item_user_instrument", ["user_id", "instrument"], unique=False)

    op.create_table(
        "measure_response",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("entered_by", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_measure_response_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_response")),
    )
    with op.batch_alter_table("measure_response", schema=None) as batch_op:
        batch_op.create_index("ix_measure_response_user_date", ["user_id", "local_date"], unique=False)

    op.create_table(
        "heel_rise_side",
        sa.Column("test_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("painful", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("height_held", sa.Boolean(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["test_id"],
            ["heel_rise_test.id"],
            name=op.f("fk_heel_rise_side_test_id_heel_rise_test"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("test_id", "side", name=op.f("pk_heel_rise_side")),
    )
    with op.batch_alter_table("patient_thresholds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("symmetry_goal", sa.Integer(), nullable=False, server_default="90"))


def downgrade() -> None:
    with op.batch_alter_table("patient_thresholds", schema=None) as batch_op:
        batch_op.drop_column("symmetry_goal")

    op.drop_table("heel_rise_side")
    with op.batch_alter_table("measure_response", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_response_user_date")

    op.drop_table("measure_response")
    with op.batch_alter_table("measure_item", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_item_user_instrument")

    op.drop_table("measure_item")
    with op.batch_alter_table("heel_rise_test", schema=None) as batch_op:
        batch_op.drop_index("ix_heel_rise_test_user_date")

    op.drop_table("heel_rise_test")
