"""Every table, imported in one place so Alembic sees the whole schema."""

from heelstrong.accounts.models import AuthSession, Profile, User
from heelstrong.checkins.models import CheckIn
from heelstrong.training.models import ExerciseSet, TrainingSession

__all__ = ["AuthSession", "CheckIn", "ExerciseSet", "Profile", "TrainingSession", "User"]
