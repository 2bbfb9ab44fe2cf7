"""One walk through a patient's days: what it reads, and the decisions it writes."""

from collections.abc import Sequence
from datetime import date

from heelstrong.catalogue.clinical import Thresholds
from heelstrong.catalogue.loader import Catalogue
from heelstrong.measures.reading import Rises
from heelstrong.progression.engine.data import CheckIn, Decision, LoggedSet, Profile
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say


class Walk:
    """The inputs of one walk, shared by the rules of every section, and its decisions so far."""

    def __init__(
        self,
        profile: Profile,
        thresholds: Thresholds,
        catalogue: Catalogue,
        checkins: dict[date, CheckIn],
        sessions: dict[date, tuple[LoggedSet, ...]],
        heel_rises: Sequence[Rises] = (),
    ) -> None:
        self.profile = profile
        self.thresholds = thresholds
        self.catalogue = catalogue
        self.checkins = checkins
        self.sessions = sessions
        self.heel_rises = heel_rises  # oldest first
        self.decisions: list[Decision] = []

    def decide(self, day: date, track: Track, kind: Kind, rule: RuleId, reasons: dict, variant: str | None = None,
               ending: str = "", **words) -> None:
        """Record a decision: its message is the table's wording for ``kind`` (or ``kind:variant``),
        filled in with ``reasons`` (kept with it) and ``words`` (worked out for the sentence only),
        then ``ending``."""
        message = say(rule, f"{kind}:{variant}" if variant else kind, **(reasons | words))
        self.decisions.append(Decision(day, track, kind, rule, " ".join(filter(None, (message, ending))), reasons))
