"""clinic mode: clinicians, links, notes, setting changes, access log (issue 15)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic")),
        sa.UniqueConstraint("name", name=op.f("uq_clinic_name")),
    )
    op.create_table(
        "clinician",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinic.id"], name=op.f("fk_clinician_clinic_id_clinic"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_clinician_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_clinician")),
    )
    with op.batch_alter_table("clinician", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinician_clinic_id"), ["clinic_id"], unique=False)

    op.create_table(
        "clinician_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("clinician_name", sa.String(length=100), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reply", sa.String(length=1000), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["clinician_id"], ["user.id"], name=op.f("fk_clinician_note_clinician_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["user.id"], name=op.f("fk_clinician_note_patient_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_note")),
    )
    with op.batch_alter_table("clinician_note", schema=None) as batch_op:
        batch_op.create_index("ix_clinician_note_patient_created", ["patient_id", "created_at"], unique=False)

    op.create_table(
        "patient_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("clinician_name", sa.String(length=100), nullable=False),
        sa.Column("clinic_name", sa.String(length=100), nullable=False),
        sa.Column("what", sa.String(length=32), nullable=False),
        sa.Column("accessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinician_id"], ["user.id"], name=op.f("fk_patient_access_clinician_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["user.id"], name=op.f("fk_patient_access_patient_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_access")),
    )
    with op.batch_alter_table("patient_access", schema=None) as batch_op:
        batch_op.create_index("ix_patient_access_patient_at", ["patient_id", "accessed_at"], unique=False)

    op.create_table(
        "setting_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_by_name", sa.String(length=100), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["user.id"], name=op.f("fk_setting_change_changed_by_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["user.id"], name=op.f("fk_setting_change_patient_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting_change")),
    )
    with op.batch_alter_table("setting_change", schema=None) as batch_op:
        batch_op.create_index("ix_setting_change_patient_at", ["patient_id", "changed_at"], unique=False)

    op.create_table(
        "care_link",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinician.user_id"],
            name=op.f("fk_care_link_clinician_id_clinician"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["user.id"], name=op.f("fk_care_link_patient_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_care_link")),
    )
    with op.batch_alter_table("care_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_link_clinician_id"), ["clinician_id"], unique=False)

    op.create_table(
        "link_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinician.user_id"],
            name=op.f("fk_link_code_clinician_id_clinician"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_code_code_hash")),
    )
    with op.batch_alter_table("link_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_code_clinician_id"), ["clinician_id"], unique=False)

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("handled_by_name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("handled_note", sa.String(length=300), nullable=True))

    with op.batch_alter_table("patient_thresholds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("switched_off", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    # Columns dropped in place (SQLite 3.35+), not by batch mode's table rebuild.
    op.drop_column("patient_thresholds", "switched_off")
    for column in ("handled_note", "handled_by_name", "handled_at"):
        op.drop_column("decision", column)
    for table in (
        "link_code",
        "care_link",
        "setting_change",
        "patient_access",
        "clinician_note",
        "clinician",
        "clinic",
    ):
        op.drop_table(table)  # its indexes go with it
