"""progress days: a row per patient and day with what the charts read, kept on write (issue 14)

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from heelstrong.catalogue.loader import get_catalogue

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

checkin = sa.table(
    "checkin", sa.column("user_id"), sa.column("local_date"), sa.column("morning_pain"), sa.column("stiffness_minutes")
)
training_session = sa.table("training_session", sa.column("id"), sa.column("user_id"), sa.column("local_date"))
exercise_set = sa.table(
    "exercise_set",
    sa.column("id"),
    sa.column("session_id"),
    sa.column("exercise_id"),
    sa.column("pain_during"),
    sa.column("hold_seconds"),
    sa.column("reps"),
)
COLUMNS = [
    "user_id",
    "local_date",
    "morning_pain",
    "stiffness_minutes",
    "max_exercise_pain",
    "calf_hold_seconds",
    "calf_reps",
    "calf_sets",
    "hip_sets",
    "sets",
]


def _every_day() -> sa.Select:
    """Every patient's days as they stand (the app keeps them so from here on: progress/daily.py)."""
    catalogue = get_catalogue()
    is_calf = exercise_set.c.exercise_id.in_([e.id for e in catalogue.by_track("calf")])
    is_hip = exercise_set.c.exercise_id.in_([e.id for e in catalogue.by_track("hip")])
    day = sa.union(
        sa.select(checkin.c.user_id, checkin.c.local_date),
        sa.select(training_session.c.user_id, training_session.c.local_date),
    ).subquery("day")
    return (
        sa.select(
            day.c.user_id,
            day.c.local_date,
            sa.func.max(checkin.c.morning_pain),
            sa.func.max(checkin.c.stiffness_minutes),
            sa.func.max(exercise_set.c.pain_during),
            sa.func.coalesce(sa.func.sum(sa.case((is_calf, exercise_set.c.hold_seconds), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((is_calf, exercise_set.c.reps), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((is_calf, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((is_hip, 1), else_=0)), 0),
            sa.func.count(exercise_set.c.id),
        )
        .select_from(day)
        .outerjoin(checkin, (checkin.c.user_id == day.c.user_id) & (checkin.c.local_date == day.c.local_date))
        .outerjoin(
            training_session,
            (training_session.c.user_id == day.c.user_id) & (training_session.c.local_date == day.c.local_date),
        )
        .outerjoin(exercise_set, exercise_set.c.session_id == training_session.c.id)
        .group_by(day.c.user_id, day.c.local_date)
    )


def upgrade() -> None:
    progress_day = op.create_table(
        "progress_day",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("morning_pain", sa.Integer(), nullable=True),
        sa.Column("stiffness_minutes", sa.Integer(), nullable=True),
        sa.Column("max_exercise_pain", sa.Integer(), nullable=True),
        sa.Column("calf_hold_seconds", sa.Integer(), nullable=False),
        sa.Column("calf_reps", sa.Integer(), nullable=False),
        sa.Column("calf_sets", sa.Integer(), nullable=False),
        sa.Column("hip_sets", sa.Integer(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_progress_day_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "local_date", name=op.f("pk_progress_day")),
    )
    op.execute(progress_day.insert().from_select(COLUMNS, _every_day()))


def downgrade() -> None:
    op.drop_table("progress_day")
