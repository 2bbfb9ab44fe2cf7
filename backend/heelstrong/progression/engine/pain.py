"""The pain rules (PROTOCOL.md 1): a session is judged by the pain during it, whether it
settled within minutes, and the next morning."""

from collections.abc import Sequence
from dataclasses import dataclass

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.progression.engine.data import LoggedSet
from heelstrong.progression.engine.messages import RuleId, say


@dataclass(frozen=True)
class Verdict:
    broken: tuple[RuleId, ...]  # the pain rules the session broke
    confirmed: bool  # the next morning is known
    reasons: dict
    answered: bool = True  # every set's settle question answered


# The rules a session can break, in the order a patient reads them.
PAIN_RULES = (RuleId.PAIN_DURING_LIMIT, RuleId.PAIN_SETTLES, RuleId.NEXT_MORNING)


def settle_counts(sets: Sequence[LoggedSet]) -> tuple[int, int]:
    """Sets whose pain did not settle, and sets whose settle question is not answered."""
    return sum(1 for s in sets if s.settled is False), sum(1 for s in sets if s.settled is None)


def judge(sets: Sequence[LoggedSet], next_morning_flare: bool, next_morning_known: bool,
          thresholds: Thresholds) -> Verdict:
    max_pain = max(s.pain_during for s in sets)
    unsettled, unanswered = settle_counts(sets)
    broken = dict(zip(PAIN_RULES, (max_pain > thresholds.pain_limit, bool(unsettled), next_morning_flare)))
    reasons = {"max_pain_during": max_pain, "pain_limit": thresholds.pain_limit, "sets_not_settled": unsettled}
    if unanswered:
        reasons["sets_settle_not_answered"] = unanswered
    return Verdict(tuple(rule for rule, yes in broken.items() if yes), next_morning_known, reasons,
                   answered=not unanswered)


def broken_words(broken: Sequence[RuleId], reasons: dict) -> str:
    """"pain went above 5/10 and pain did not settle within a few minutes"."""
    return " and ".join(say(rule, "part", **reasons) for rule in broken)
