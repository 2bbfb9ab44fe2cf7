"""Field types shared by request schemas: strict, bounded, never silently coerced.

Every text, date and time a client sends goes through one of these, so no input reaches the
database (or date arithmetic) that the database or the arithmetic can't take: PostgreSQL
refuses a NUL byte in text, and a date near 9999-12-31 overflows the first day added to it.
Response schemas use plain types: what is stored is read back as it is.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

MAX_REPS = 1000
MAX_HOLD_SECONDS = 600

# Strict: "3" or 3.5 is an error, not a pain score.
PainScore = Annotated[int, Field(ge=0, le=10, strict=True, description="0 = no pain, 10 = worst imaginable")]
Reps = Annotated[int, Field(ge=1, le=MAX_REPS, strict=True)]
HoldSeconds = Annotated[int, Field(ge=1, le=MAX_HOLD_SECONDS, strict=True)]
LoadKg = Annotated[float, Field(ge=0, le=500, strict=True)]  # a number: not "5", not true
StrictFlag = Annotated[bool, Field(strict=True)]
MAX_ROW_ID = 2**31 - 1  # PostgreSQL's integer; larger ids can't exist and would overflow the driver

# ---- text

# C0 and C1 control characters (NUL among them) and lone surrogates, which no database column
# should hold; a note may keep its line breaks and tabs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Marks, embeddings, overrides and isolates that reorder the text around them: in a name, "Ana"
# could show to the clinician as someone else's.
_BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

PLAIN_TEXT_MESSAGE = (
    "must be plain text on one line, without invisible control characters; type it again rather than pasting it"
)
NOTE_TEXT_MESSAGE = (
    "must be plain text without invisible control characters (line breaks and tabs are fine); "
    "type it again rather than pasting it"
)
BIDI_MESSAGE = (
    "must not contain invisible characters that change the direction of the text; "
    "type the name again rather than pasting it"
)


def _refusing(pattern: re.Pattern[str], message: str) -> AfterValidator:
    def check(text: str) -> str:
        if pattern.search(text):
            raise ValueError(message)
        return text

    return AfterValidator(check)


_ONE_LINE = _refusing(_CONTROL, PLAIN_TEXT_MESSAGE)
_LINES = _refusing(_CONTROL_IN_NOTE, NOTE_TEXT_MESSAGE)
_READ_AS_TYPED = _refusing(_BIDI_CONTROL, BIDI_MESSAGE)

# Each length comes before the checks, so a text too long is told so in characters.
# A single line: email addresses, passwords, time zones (their models give the length).
PlainText = Annotated[str, _ONE_LINE]
Band = Annotated[str, Field(max_length=40), _ONE_LINE]
ExerciseId = Annotated[str, Field(max_length=64), _ONE_LINE]
Label = Annotated[str, Field(max_length=100), _ONE_LINE]
# Free text a patient writes: a note may have several lines.
NoteText = Annotated[str, Field(max_length=1000), _LINES]
# A name shown to someone else (the clinician): one line, read in the order it is typed.
PersonName = Annotated[str, Field(max_length=100), _ONE_LINE, _READ_AS_TYPED]

# ---- dates and times

EARLIEST_DATE = date(2000, 1, 1)
EARLIEST_INSTANT = datetime.combine(EARLIEST_DATE, time(), UTC)
# The last day a date range in a query may reach: far enough for any report, and far enough
# from date.max that no range arithmetic can overflow.
LATEST_QUERY_DATE = date(2099, 12, 31)
# The furthest ahead anyone's clock is (UTC+14, Kiribati).
_LARGEST_UTC_OFFSET = timedelta(hours=14)
FUTURE_MESSAGE = "must not be more than a day in the future"
DATETIME_MESSAGE = (
    "must be a date and time with its offset from UTC, like 2026-01-31T07:30:00Z or 2026-01-31T08:30:00+01:00"
)


def latest_local_date() -> date:
    """Tomorrow where it is latest on Earth: no patient's 'today plus one day' is later."""
    return (datetime.now(UTC) + _LARGEST_UTC_OFFSET).date() + timedelta(days=1)


def _not_after_anyones_tomorrow(day: date) -> date:
    if day > latest_local_date():
        raise ValueError(FUTURE_MESSAGE)
    return day


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _iso_text_only(value: Any) -> Any:
    """A number (or digits in a string) would be read as seconds since 1970: a client sends ISO 8601 text."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.match(value)):
        return value
    raise ValueError(DATETIME_MESSAGE)


def _bounded_instant(value: datetime) -> datetime:
    """Checked on the clock time as written first (whatever its offset, within a day of the
    instant), so moving it to UTC can't overflow; then the instant itself."""
    if value.date() < EARLIEST_DATE:
        raise ValueError(f"must not be before {EARLIEST_DATE}")
    if value.date() > latest_local_date():
        raise ValueError(FUTURE_MESSAGE)
    instant = value.astimezone(UTC)
    if instant < EARLIEST_INSTANT:
        raise ValueError(f"must not be before {EARLIEST_DATE}")
    if instant > datetime.now(UTC) + timedelta(days=1):
        raise ValueError(FUTURE_MESSAGE)
    return instant


# A date as stored and read back: the floor keeps typos like 0202-11-26 out (and the engine
# from walking two thousand years).
LocalDate = Annotated[date, Field(ge=EARLIEST_DATE, description="The patient's own calendar date, YYYY-MM-DD")]
# A date the patient sends: from 2000-01-01 to tomorrow where it is latest on Earth. Each use
# case then holds it to the patient's own today plus one day, in their time zone.
BoundedDate = Annotated[
    LocalDate,
    AfterValidator(_not_after_anyones_tomorrow),
    Field(description="The patient's own calendar date, YYYY-MM-DD, from 2000-01-01 to tomorrow"),
]
# A moment the client sends: ISO 8601 text with its offset, from 2000-01-01 to a day from now; in UTC.
BoundedDateTime = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_text_only),
    AfterValidator(_bounded_instant),
    Field(description="ISO 8601 with an offset, e.g. 2026-11-26T07:05:00Z; not more than a day ahead"),
]
# A date range in a query string; each route fills in its own defaults (and caps its length).
QueryDate = Annotated[LocalDate, Field(le=LATEST_QUERY_DATE)]
_QUERY_DATES = f"{EARLIEST_DATE} to {LATEST_QUERY_DATE}"
RangeFrom = Annotated[
    QueryDate | None, Query(alias="from", description=f"first day, {_QUERY_DATES} (default: 4 weeks before 'to')")
]
RangeTo = Annotated[QueryDate | None, Query(alias="to", description=f"last day, {_QUERY_DATES} (default: today)")]
