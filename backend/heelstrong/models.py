"""Every table, imported in one place so Alembic sees the whole schema."""

from heelstrong.accounts.models import AuthAttempt, AuthSession, Profile, User
from heelstrong.checkins.models import CheckIn
from heelstrong.progression.models import Decision, PatientThresholds, ProgressionState
from heelstrong.reminders.models import Reminder
from heelstrong.sharing.models import ShareAccess, ShareLink
from heelstrong.training.models import ExerciseSet, TrainingSession

__all__ = [
    "AuthAttempt",
    "AuthSession",
    "CheckIn",
    "Decision",
    "ExerciseSet",
    "PatientThresholds",
    "Profile",
    "ProgressionState",
    "Reminder",
    "ShareAccess",
    "ShareLink",
    "TrainingSession",
    "User",
]
