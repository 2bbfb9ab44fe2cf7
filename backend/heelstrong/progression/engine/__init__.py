"""The progression engine: a pure function of (profile, thresholds, state, history, today).

No database, no clock, no randomness. It walks the days that are complete (a session's day
is complete once the next morning's check-in is in, or that morning has passed), updating
the patient's state and recording every change as a ``Decision`` with its reasons. Then it
writes today's plan from the state. Days already walked are never walked again: a decision
stands once made (editing an old set corrects the record, not the history of decisions).

One module per part of PROTOCOL.md: ``pain`` (1), ``ladder`` (2 and 7), ``pacing`` (2a),
``mornings`` (1 and 2b), ``handover`` (2c and 5), ``calf`` (a calf session judged), ``hip`` (3),
``plan`` (today's plan), ``clinician`` (clinic mode); ``walk`` puts them together day by day.
Every sentence is in ``messages``, keyed by rule id. The rules, their defaults and their
sources are in docs/protocol.md; the stages, doses, pacing and hip track are catalogue data.
"""

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.progression.engine.clinician import clinician_changed_settings, clinician_moves_stage
from heelstrong.progression.engine.data import (
    STATE_JSON,
    CheckIn,
    Decision,
    LoggedSet,
    Plan,
    PlanItem,
    Profile,
    Result,
    Session,
    State,
)
from heelstrong.progression.engine.ladder import at_lowest_dose, dose_words, hold_doses
from heelstrong.progression.engine.messages import Kind, RuleId, Track
from heelstrong.progression.engine.walk import compute

__all__ = [
    "STATE_JSON",
    "CheckIn",
    "Decision",
    "Kind",
    "LoggedSet",
    "Plan",
    "PlanItem",
    "Profile",
    "Result",
    "RuleId",
    "Session",
    "State",
    "Thresholds",
    "Track",
    "at_lowest_dose",
    "clinician_changed_settings",
    "clinician_moves_stage",
    "compute",
    "dose_words",
    "hold_doses",
]
