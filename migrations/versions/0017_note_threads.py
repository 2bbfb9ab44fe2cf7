"""note threads: a note's messages from either side, each read-marked by the other, the
patient's one reply moved into them; when each clinician last opened each patient's page
(issue 25, part 7)

Revision ID: 0017
Revises: 0016
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_note = sa.table(
    "clinician_note",
    sa.column("id", sa.Integer()),
    sa.column("patient_id", sa.Integer()),
    sa.column("reply", sa.String()),
    sa.column("replied_at", sa.DateTime(timezone=True)),
)
_message = sa.table(
    "note_message",
    sa.column("id", sa.Uuid()),
    sa.column("note_id", sa.Integer()),
    sa.column("patient_id", sa.Integer()),
    sa.column("author", sa.String()),
    sa.column("author_name", sa.String()),
    sa.column("body", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("read_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    # Each note's one reply becomes the first message of its thread. The clinician saw it on the
    # patient's page; whether they read it was never recorded, so it counts as read when written
    # (no old answer turns up as unread in the caseload).
    connection = op.get_bind()
    user = sa.table("user", sa.column("id", sa.Integer()), sa.column("email", sa.String()))
    profile = sa.table("profile", sa.column("user_id", sa.Integer()), sa.column("display_name", sa.String()))
    replies = connection.execute(
        sa.select(_note.c.id, _note.c.patient_id, _note.c.reply, _note.c.replied_at, user.c.email,
                  profile.c.display_name)
        .join(user, user.c.id == _note.c.patient_id)
        .outerjoin(profile, profile.c.user_id == _note.c.patient_id)
        .where(_note.c.reply.is_not(None))
    ).all()
    # The columns go first: on SQLite the batch drop copies the table and drops the old one, which
    # would take the new messages with it (ON DELETE CASCADE).
    with op.batch_alter_table("clinician_note", schema=None) as batch_op:
        batch_op.drop_column("replied_at")
        batch_op.drop_column("reply")

    op.create_table(
        "note_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("author_name", sa.String(length=100), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["note_id"], ["clinician_note.id"], name=op.f("fk_note_message_note_id_clinician_note"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["patient_id"], ["user.id"], name=op.f("fk_note_message_patient_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_message")),
    )
    with op.batch_alter_table("note_message", schema=None) as batch_op:
        batch_op.create_index("ix_note_message_note_created", ["note_id", "created_at"], unique=False)
        batch_op.create_index("ix_note_message_unread", ["patient_id", "author", "read_at"], unique=False)

    op.create_table(
        "patient_seen",
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clinician_id"], ["user.id"], name=op.f("fk_patient_seen_clinician_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["patient_id"], ["user.id"], name=op.f("fk_patient_seen_patient_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("clinician_id", "patient_id", name=op.f("pk_patient_seen")),
    )

    if replies:
        connection.execute(sa.insert(_message), [
            {"id": uuid.uuid4(), "note_id": note_id, "patient_id": patient_id, "author": "patient",
             "author_name": (display_name or email.split("@")[0])[:100], "body": reply, "created_at": replied_at,
             "read_at": replied_at}
            for note_id, patient_id, reply, replied_at, email, display_name in replies
        ])


def downgrade() -> None:
    # A note takes one answer again: the patient's first message in each thread. Read first, as
    # the tables go before the columns come back (see upgrade).
    connection = op.get_bind()
    first: dict[int, tuple] = {}
    for note_id, body, created_at in connection.execute(
        sa.select(_message.c.note_id, _message.c.body, _message.c.created_at)
        .where(_message.c.author == "patient")
        .order_by(_message.c.created_at)
    ):
        first.setdefault(note_id, (body, created_at))
    op.drop_table("patient_seen")
    with op.batch_alter_table("note_message", schema=None) as batch_op:
        batch_op.drop_index("ix_note_message_unread")
        batch_op.drop_index("ix_note_message_note_created")
    op.drop_table("note_message")
    with op.batch_alter_table("clinician_note", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))
    for note_id, (body, created_at) in first.items():
        connection.execute(sa.update(_note).where(_note.c.id == note_id).values(reply=body, replied_at=created_at))
