"""Field types shared by request schemas: strict, bounded, never silently coerced."""

from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import Field

MAX_REPS = 1000
MAX_HOLD_SECONDS = 600

# Strict: "3" or 3.5 is an error, not a pain score.
PainScore = Annotated[int, Field(ge=0, le=10, strict=True, description="0 = no pain, 10 = worst imaginable")]
Reps = Annotated[int, Field(ge=1, le=MAX_REPS, strict=True)]
HoldSeconds = Annotated[int, Field(ge=1, le=MAX_HOLD_SECONDS, strict=True)]
LoadKg = Annotated[float, Field(ge=0, le=500)]
Band = Annotated[str, Field(max_length=40)]
StrictFlag = Annotated[bool, Field(strict=True)]
Note = Annotated[str | None, Field(max_length=1000)]
MAX_ROW_ID = 2**31 - 1  # PostgreSQL's integer; larger ids can't exist and would overflow the driver
EARLIEST_DATE = date(2000, 1, 1)
# A floor keeps typos like 0202-11-26 out (and the engine from walking two thousand years).
LocalDate = Annotated[date, Field(ge=EARLIEST_DATE, description="The patient's own calendar date, YYYY-MM-DD")]
# A date range in a query string; each route fills in its own defaults.
RangeFrom = Annotated[LocalDate | None, Query(alias="from", description="first day (default: 4 weeks before 'to')")]
RangeTo = Annotated[LocalDate | None, Query(alias="to", description="last day (default: today)")]
