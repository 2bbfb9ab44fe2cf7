"""The clinical settings and red flags, each declared once (clinical.yaml).

Everything that names, bounds or defaults a setting is derived from here: the engine's
``Thresholds``, the stored model's fields, the clinician's form and the web app's copy
(frontend/src/clinical.json), the change words in decisions and the PDF's labels.
"""

from dataclasses import field, make_dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from heelstrong.catalogue.loader import CatalogueError, RuleViolation, load_yaml

CLINICAL_PATH = Path(__file__).with_name("clinical.yaml")

Text = Annotated[str, Field(min_length=1)]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
PYTHON_TYPES: dict[str, type] = {"int": int, "float": float}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SettingGroup(_Frozen):
    id: Key
    title: Text
    hint: Text | None = None


class Setting(_Frozen):
    """One clinical setting: a rule's number a clinician may change per patient."""

    key: Key
    section: Literal["1", "2", "2a", "2b", "2c", "6"]
    group: Key
    type: Literal["int", "float"]
    min: float
    max: float
    default: float | None
    blank: Text | None = None  # what applies when left blank (default None: the program's own value)
    unit: str
    label: Text
    help: Text
    change: Text

    @property
    def python_type(self) -> type:
        return PYTHON_TYPES[self.type]

    @property
    def optional(self) -> bool:
        return self.default is None

    def bound(self, value: float) -> int | float:
        return self.python_type(value)

    @property
    def default_value(self) -> int | float | None:
        return None if self.default is None else self.bound(self.default)

    def words(self, value: float | None) -> str:
        """The value as a patient reads it: "4/10", "2.5 kg", "the program default"."""
        if value is None:
            return self.blank or ""
        return f"{value:g}{self.unit}"

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.min > self.max:
            raise RuleViolation(("min",), f"must not exceed max ({self.max:g})")
        for name in ("min", "max", *(("default",) if self.default is not None else ())):
            value = getattr(self, name)
            if self.type == "int" and not float(value).is_integer():
                raise RuleViolation((name,), f"must be a whole number for an int setting (got {value:g})")
        if self.default is not None and not self.min <= self.default <= self.max:
            raise RuleViolation(("default",), f"must be between min and max ({self.min:g}-{self.max:g})")
        if (self.default is None) != (self.blank is not None):
            raise RuleViolation(("blank",), "required exactly when default is null (what a blank box means)")
        return self


class Clinical(_Frozen):
    groups: Annotated[tuple[SettingGroup, ...], Field(min_length=1)]
    settings: Annotated[tuple[Setting, ...], Field(min_length=1)]
    red_flags: Annotated[tuple[Text, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        groups = {group.id for group in self.groups}
        seen: set[str] = set()
        for index, setting in enumerate(self.settings):
            if setting.key in seen:
                raise RuleViolation(("settings", index, "key"), f"{setting.key!r} is declared twice")
            seen.add(setting.key)
            if setting.group not in groups:
                raise RuleViolation(("settings", index, "group"), f"{setting.group!r} is not one of the groups")
        return self

    @cached_property
    def by_key(self) -> dict[str, Setting]:
        return {setting.key: setting for setting in self.settings}


@cache
def clinical(path: Path = CLINICAL_PATH) -> Clinical:
    """The shipped settings and red flags, loaded once per process. Every module that reads a
    setting imports this one, so a broken file stops the process here: with the file, line and
    field, as a broken catalogue does, not a traceback."""
    try:
        return load_yaml(path, Clinical)
    except CatalogueError as error:
        raise SystemExit(f"heelstrong: clinical settings are invalid: {error}") from None


SETTINGS: tuple[Setting, ...] = clinical().settings
RED_FLAGS: tuple[str, ...] = clinical().red_flags


def setting(key: str) -> Setting:
    return clinical().by_key[key]


# The engine's per-patient thresholds, one field per setting with its default (None: the
# stage's own value from the program). Pure data: the engine reads it, nothing else.
Thresholds = make_dataclass(
    "Thresholds",
    [
        (item.key, item.python_type | None if item.optional else item.python_type, field(default=item.default_value))
        for item in SETTINGS
    ],
    frozen=True,
)
Thresholds.__module__ = __name__
Thresholds.__doc__ = "A patient's clinical settings (clinical.yaml), as the engine reads them."


def frontend_copy() -> dict[str, Any]:
    """What the web app needs of this file (frontend/src/clinical.json)."""
    data = clinical()
    return {
        "groups": [group.model_dump(exclude_none=True) for group in data.groups],
        "settings": [
            {
                "key": item.key,
                "group": item.group,
                "type": item.type,
                "min": item.bound(item.min),
                "max": item.bound(item.max),
                "default": item.default_value,
                **({"blank": item.blank} if item.blank else {}),
                "unit": item.unit,
                "label": item.label,
                "help": item.help,
            }
            for item in data.settings
        ],
        "red_flags": list(data.red_flags),
    }
