"""Every table, imported in one place so Alembic sees the whole schema."""

from heelstrong.accounts.models import AuthAttempt, AuthSession, Profile, User
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic.models import (
    CareLink,
    Clinic,
    Clinician,
    ClinicianNote,
    LinkCode,
    NoteMessage,
    PatientAccess,
    PatientSeen,
    SettingChange,
)
from heelstrong.measures.models import HeelRiseSide, HeelRiseTest, MeasureItem, MeasureResponse
from heelstrong.progression.models import Decision, PatientThresholds, ProgressionState
from heelstrong.reminders.models import PushKeys, PushSubscription, Reminder, ReminderPush
from heelstrong.sharing.models import ShareAccess, ShareLink
from heelstrong.training.models import ExerciseSet, TrainingSession

__all__ = [
    "AuthAttempt",
    "AuthSession",
    "CareLink",
    "CheckIn",
    "Clinic",
    "Clinician",
    "ClinicianNote",
    "Decision",
    "ExerciseSet",
    "HeelRiseSide",
    "HeelRiseTest",
    "LinkCode",
    "MeasureItem",
    "MeasureResponse",
    "NoteMessage",
    "PatientAccess",
    "PatientSeen",
    "PatientThresholds",
    "Profile",
    "ProgressionState",
    "PushKeys",
    "PushSubscription",
    "Reminder",
    "ReminderPush",
    "ShareAccess",
    "SettingChange",
    "ShareLink",
    "TrainingSession",
    "User",
]
