"""The measures as data (PROTOCOL.md 6): the heel-rise test's rules and the questionnaires.

`instruments.yaml` ships PSFS (free to use) and the licensed questionnaires as totals typed in
from the clinic's own form. A deployment that holds a licence adds a questionnaire's items as a
file in `HEELSTRONG_INSTRUMENTS_DIR` (one instrument per `*.yaml`, the schema below); a file
with a shipped id replaces that instrument. Checked at start-up like the exercise catalogue.
"""

from collections.abc import Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, PositiveInt, model_validator

from heelstrong.catalogue.loader import CatalogueError, Condition, RuleViolation, Text, _Frozen, load_yaml
from heelstrong.core.config import get_settings

INSTRUMENTS_PATH = Path(__file__).with_name("instruments.yaml")
Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class HeelRiseRules(_Frozen):
    beats_per_minute: PositiveInt
    noise: PositiveInt
    every_days: PositiveInt
    retest_for_criterion_days: PositiveInt
    not_from_morning_pain: Annotated[int, Field(ge=1, le=10)]
    hours_after_flagged: Annotated[int, Field(ge=0, le=336)]
    days_after_flare: Annotated[int, Field(ge=0, le=28)]
    norms: Text


class Band(_Frozen):
    at_least: Annotated[float, Field(gt=0)]
    words: Text


class AnswerOption(_Frozen):
    value: float
    text: Text


class Item(_Frozen):
    id: Slug
    text: Text
    options: tuple[AnswerOption, ...] = Field(min_length=2)


class Instrument(_Frozen):
    id: Slug
    name: Text
    short_name: Text
    kind: Literal["patient_items", "total", "items"]
    about: Text
    conditions: tuple[Condition, ...] | None = None  # None: every patient
    min: float  # an answer's range (items), or the total's
    max: float
    low_words: str | None = None
    high_words: str | None = None
    min_items: PositiveInt = 1
    max_items: PositiveInt = 1
    items: tuple[Item, ...] = ()
    scoring: Literal["mean", "sum", "percent"] = "mean"
    higher_is_better: bool
    unit: Text = "points"
    noise: Annotated[float, Field(gt=0)] | None = None
    changes: tuple[Band, ...] = ()
    readings: tuple[Band, ...] = ()
    every_days: PositiveInt | None = None
    source: Text

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.min >= self.max:
            raise RuleViolation(("max",), "must be above min")
        if self.kind == "items" and not self.items:
            raise RuleViolation(("items",), "an instrument of kind items needs its items")
        if self.kind != "items" and self.items:
            raise RuleViolation(("items",), f"only an instrument of kind items lists items, not {self.kind}")
        if self.kind == "patient_items" and not (self.min_items <= self.max_items):
            raise RuleViolation(("max_items",), "must be at least min_items")
        for index, item in enumerate(self.items):
            for number, option in enumerate(item.options):
                if not self.min <= option.value <= self.max:
                    raise RuleViolation(("items", index, "options", number, "value"), "lies outside min-max")
        if len({item.id for item in self.items}) != len(self.items):
            raise RuleViolation(("items",), "item ids must differ")
        for name in ("changes", "readings"):
            bands = [band.at_least for band in getattr(self, name)]
            if bands != sorted(bands):
                raise RuleViolation((name,), "list the bands from the smallest up")
        return self

    def fits(self, condition: str | None) -> bool:
        return self.conditions is None or condition in self.conditions

    @property
    def score_range(self) -> tuple[float, float]:
        if self.kind == "items" and self.scoring == "sum":
            return (sum(min(o.value for o in i.options) for i in self.items),
                    sum(max(o.value for o in i.options) for i in self.items))
        return (0.0, 100.0) if self.kind == "items" and self.scoring == "percent" else (self.min, self.max)

    def score(self, answers: Mapping[str, float]) -> float:
        """The score of a complete set of answers (checked by the caller), to one decimal."""
        values = list(answers.values())
        if self.scoring == "mean":
            return round(sum(values) / len(values), 1)
        if self.scoring == "sum":
            return round(sum(values), 1)
        most = sum(max(option.value for option in item.options) for item in self.items)
        return round(100 * sum(values) / most, 1)


class Measures(_Frozen):
    heel_rise: HeelRiseRules
    instruments: tuple[Instrument, ...]

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [instrument.id for instrument in self.instruments]
        if len(set(ids)) != len(ids):
            raise RuleViolation(("instruments",), "instrument ids must differ")
        return self

    @cached_property
    def by_id(self) -> dict[str, Instrument]:
        return {instrument.id: instrument for instrument in self.instruments}

    def for_condition(self, condition: str | None) -> tuple[Instrument, ...]:
        return tuple(instrument for instrument in self.instruments if instrument.fits(condition))


def load_measures(path: Path = INSTRUMENTS_PATH, extra_dir: Path | None = None) -> Measures:
    """The shipped measures, with each instrument file in ``extra_dir`` added (or replacing the
    shipped one of the same id)."""
    measures = load_yaml(path, Measures)
    if extra_dir is None:
        return measures
    if not extra_dir.is_dir():
        raise CatalogueError(extra_dir, 1, "instruments_dir", "is not a folder")
    added = {instrument.id: instrument for instrument in measures.instruments}
    for file in sorted(extra_dir.glob("*.yaml")):
        instrument = load_yaml(file, Instrument)
        added[instrument.id] = instrument
    return Measures(heel_rise=measures.heel_rise, instruments=tuple(added.values()))


@lru_cache(maxsize=1)
def get_measures() -> Measures:
    """The measures this deployment uses, loaded once per process; a broken file stops start-up
    with its file, line and field."""
    try:
        return load_measures(extra_dir=get_settings().instruments_dir)
    except CatalogueError as error:
        raise SystemExit(f"heelstrong: instruments are invalid: {error}") from None
