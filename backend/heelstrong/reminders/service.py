"""Reminder settings, the calendar feed's secret link (create, replace, revoke), and the feed:
one event a reminder day, each with an alarm, so the phone's own calendar rings, online or off."""

import hashlib
from datetime import date, datetime, timedelta
from datetime import time as TimeOfDay
from zoneinfo import ZoneInfo

from fastapi import HTTPException
from icalendar import Alarm, Calendar, Event
from icalendar.prop import vInline
from sqlmodel import Session, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import patient_today
from heelstrong.catalogue.loader import Catalogue, IsometricRule
from heelstrong.core.base import utcnow
from heelstrong.core.errors import unprocessable
from heelstrong.core.idempotency import changed
from heelstrong.core.security import hash_token, new_token
from heelstrong.progression import engine
from heelstrong.progression import service as progression
from heelstrong.progression.engine.pacing import is_training_day, week_days
from heelstrong.reminders.models import (
    WEEKDAYS,
    CalendarFeedCreated,
    CalendarFeedPublic,
    Reminder,
    ReminderPublic,
    ReminderUpdate,
)

# The feed covers the last week (so the calendar shows the days just gone) and the next two.
DAYS_BACK = 7
DAYS_AHEAD = 14
EVENT_MINUTES = 30
DESCRIPTION_CHARS = 2000  # a plan is far shorter; this bounds the feed whatever the catalogue says
# Calendar apps poll every 15 minutes at most; more than this in an hour is a loop or abuse.
FETCHES_PER_HOUR = 60
FETCH_WINDOW = timedelta(hours=1)
TOKEN_CHARS = 43  # new_token(): 32 bytes, URL-safe base64 without padding

# The same answer for wrong, replaced and revoked links: a feed's fate is not revealed.
CALENDAR_NOT_FOUND = "This calendar link does not work: it was replaced or turned off. Make a new one in Heelstrong."
NO_PROFILE = "Set up your profile first: your reminder follows its time zone."
HIP_DAY = "Hip day"  # the CATEGORIES of an event with hip and glute work on the plan
_SIDES = {"both": "both legs", "left": "left leg", "right": "right leg"}


def _profile(db: Session, user: User) -> Profile:
    profile = db.get(Profile, user.id)
    if profile is None:
        raise HTTPException(status_code=409, detail=NO_PROFILE)
    return profile


def _public(row: Reminder | None, profile: Profile | None) -> ReminderPublic:
    row = row or Reminder(user_id=0)
    return ReminderPublic(
        time=row.remind_at.strftime("%H:%M") if row.remind_at else None,
        days=row.day_list(),
        timezone=profile.timezone if profile else None,
        calendar=CalendarFeedPublic(
            active=row.calendar_token_hash is not None,
            created_at=row.calendar_created_at,
            last_fetched_at=row.calendar_fetched_at,
        ),
    )


def get_reminder(db: Session, user: User) -> ReminderPublic:
    return _public(db.get(Reminder, user.id), db.get(Profile, user.id))


def save_reminder(db: Session, user: User, update: ReminderUpdate) -> ReminderPublic:
    profile = _profile(db, user)
    if update.time is not None and not update.days:
        message = "must list at least one day for a reminder at a time (or turn the reminder off)"
        raise unprocessable(message, field="days")
    stored = db.get(Reminder, user.id)
    row = stored or Reminder(user_id=user.id)
    values = {"remind_at": TimeOfDay.fromisoformat(update.time) if update.time else None, "days": ",".join(update.days)}
    if changed(row, values) or stored is None:  # the same settings again change nothing (the feed's last-modified)
        row.updated_at = utcnow()
        db.add(row)
        db.commit()
    return _public(row, profile)


def new_calendar_link(db: Session, user: User) -> CalendarFeedCreated:
    """A new secret link for the calendar feed; the one before it stops working at once."""
    profile = _profile(db, user)
    token = new_token()
    row = db.get(Reminder, user.id) or Reminder(user_id=user.id)
    row.calendar_token_hash = hash_token(token)
    row.calendar_created_at = utcnow()
    row.calendar_fetched_at = None
    row.feed_window_started_at = None
    row.feed_window_fetches = 0
    row.updated_at = utcnow()
    db.add(row)
    db.commit()
    public = _public(row, profile).calendar
    return CalendarFeedCreated(**public.model_dump(), token=token, path=f"/api/calendar/{token}.ics")


def revoke_calendar_link(db: Session, user: User) -> None:
    """The feed's link answers 404 from now on (its events stay in calendars until they refresh)."""
    row = db.get(Reminder, user.id)
    if row is not None and row.calendar_token_hash is not None:
        row.calendar_token_hash = None
        row.calendar_created_at = None
        row.calendar_fetched_at = None
        row.updated_at = utcnow()
        db.add(row)
        db.commit()


# ---------------------------------------------------------------- the feed


def _open_feed(db: Session, token: str) -> Reminder:
    """The feed's row, its fetch counted; a wrong, replaced or revoked token is the same 404."""
    row = None
    if 0 < len(token) <= TOKEN_CHARS + 8:  # anything longer was never a token: no hashing of big inputs
        row = db.exec(select(Reminder).where(Reminder.calendar_token_hash == hash_token(token))).first()
    if row is None:
        raise HTTPException(status_code=404, detail=CALENDAR_NOT_FOUND)
    now = utcnow()
    if row.feed_window_started_at is None or now - row.feed_window_started_at >= FETCH_WINDOW:
        row.feed_window_started_at, row.feed_window_fetches = now, 0
    if row.feed_window_fetches >= FETCHES_PER_HOUR:
        wait = int((row.feed_window_started_at + FETCH_WINDOW - now).total_seconds()) + 1
        raise HTTPException(
            status_code=429,
            detail="This calendar is asking too often. It will work again within the hour.",
            headers={"Retry-After": str(wait)},
        )
    row.feed_window_fetches += 1
    row.calendar_fetched_at = now
    db.add(row)
    db.commit()
    return row


def _amount(item: engine.PlanItem) -> str:
    """An item's dose in words, as the app says it: "3 x 30 s hold, 1-3 times a day"."""
    by_target = item.to_fatigue or (item.reps is None and item.target)  # sets to fatigue, or an RM program's
    if by_target:
        parts = [f"{item.sets} set{'s' * (item.sets != 1)}{' to fatigue' if item.to_fatigue else ''}"]
    else:
        if item.hold_seconds is not None:
            amount = f"{item.hold_seconds} s hold"
        elif item.minutes is not None:
            amount = f"{item.minutes} min"
        else:
            amount = str(item.reps)
        parts = [amount if item.sets == 1 and item.reps is None else f"{item.sets} x {amount}"]
    if item.lowering_seconds:
        parts.append(f"lower over {item.lowering_seconds} s")
    if item.load_kg:
        parts.append(f"{item.load_kg:g} kg in a backpack")
    if item.resistance_step:
        parts.append(f"resistance step {item.resistance_step}")
    if item.times_per_day:
        parts.append(f"{item.times_per_day} times a day")
    words = ", ".join(parts)
    return f"{words}. {item.target}" if by_target and item.target else words


def _side(item: engine.PlanItem) -> str:
    """", left leg" where the side matters; mobility and core work for both says nothing."""
    if item.side == "both" and item.track not in ("calf", "hip"):
        return ""
    return f", {_SIDES.get(item.side, item.side)}"


def _calf_words(item: engine.PlanItem) -> str:
    """One calf item for a calendar's one line: "calf holds 3 x 30 s", "calf raises 3 sets to fatigue"."""
    if item.hold_seconds is not None:
        words = f"calf holds {item.sets} x {item.hold_seconds} s"
    elif item.to_fatigue:
        words = f"calf raises {item.sets} set{'s' * (item.sets != 1)} to fatigue"
    elif item.reps is None:  # an RM program: the set's target is in the description
        words = f"calf raises {item.sets} set{'s' * (item.sets != 1)}"
    else:
        words = f"calf raises {item.sets} x {item.reps}"
    return words + (f" + {item.load_kg:g} kg" if item.load_kg else "")


def today_summary(plan: engine.Plan) -> str:
    """The day's plan in a calendar's one line: "Heel rehab: calf holds 3 x 30 s, hip work"."""
    parts = [_calf_words(item) for item in plan.items if item.track == "calf"]
    if any(item.track == "hip" for item in plan.items):
        parts.append("hip work")
    return "Heel rehab: " + (", ".join(parts) if parts else "mobility and balance")


def _today_description(plan: engine.Plan, stages: int, app_url: str) -> str:
    order = {"calf": 0, "hip": 1, "mobility": 2, "core": 3}
    items = sorted(plan.items, key=lambda item: order.get(item.track, 4))
    lines = [f"Stage {plan.calf_stage} of {stages}: {plan.stage_name.lower()}.", ""]
    lines += [f"- {item.name}{_side(item)}: {_amount(item)}" for item in items]
    lines += ["", *plan.notices] if plan.notices else []
    lines += ["", f"The timer, and the reason for each exercise: {app_url}"]
    return "\n".join(lines)


def stage_summary(state: engine.State, catalogue: Catalogue) -> str:
    """The current stage and dose, for days the engine has not planned (it plans only today)."""
    if isinstance(catalogue.stages[state.calf_stage - 1].dose_rule, IsometricRule):
        words = f"calf holds {state.hold_sets} x {state.hold_seconds} s"
    else:
        words = f"calf raises {state.rep_sets} set{'s' * (state.rep_sets != 1)}"
        words += f" + {state.calf_load_kg:g} kg" if state.calf_load_kg else ""
    return f"Heel rehab: {words}"


def _stage_description(state: engine.State, catalogue: Catalogue, app_url: str, hip_day: bool) -> str:
    stage = catalogue.stages[state.calf_stage - 1]
    rest = "the morning mobility routine and core and balance"
    return "\n".join(
        [
            f"Stage {state.calf_stage} of {len(catalogue.stages)}: {stage.name.lower()}, "
            f"at {engine.dose_words(state, catalogue)}.",
            f"A hip day: hip and glute work is on the plan, with {rest}." if hip_day
            else f"No hip work today: {rest}.",
            "",
            f"The day's plan follows your morning check-in: {app_url}",
        ]
    )


def _uid(user_id: int, day: date) -> str:
    """Stable for a patient's day (a new link or a new time changes the event, not its identity)."""
    patient = hashlib.sha256(f"heelstrong-reminder:{user_id}".encode()).hexdigest()[:20]
    return f"{day.isoformat()}-{patient}@heelstrong"


def _event(
    row: Reminder, zone: ZoneInfo, day: date, summary: str, description: str, app_url: str, hip_day: bool
) -> Event:
    event = Event()
    event.add("uid", _uid(row.user_id, day))
    event.add("dtstamp", utcnow())
    event.add("last-modified", row.updated_at)
    event.add("dtstart", datetime.combine(day, row.remind_at, tzinfo=zone))
    event.add("duration", timedelta(minutes=EVENT_MINUTES))
    event.add("summary", summary)
    event.add("description", description[:DESCRIPTION_CHARS])
    event.add("url", app_url)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the patient stays free
    event.add("categories", [HIP_DAY] if hip_day else ["Heel rehab"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm["TRIGGER"] = vInline("PT0M")  # at the event's start, by the phone itself
    event.add_component(alarm)
    return event


def calendar_feed(db: Session, token: str, app_url: str) -> bytes:
    """The iCalendar feed behind a secret link (RFC 5545; folding and escaping by icalendar)."""
    row = _open_feed(db, token)
    user = db.get(User, row.user_id)
    profile = db.get(Profile, row.user_id)
    calendar = Calendar()
    calendar.add("prodid", "-//Heelstrong//Rehab reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", "Heelstrong rehab")
    calendar.add("x-wr-calname", "Heelstrong rehab")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    days = row.day_list()
    if profile is None or row.remind_at is None or not days:
        return calendar.to_ical()
    zone = ZoneInfo(profile.timezone)
    calendar.add("x-wr-timezone", profile.timezone)
    today = patient_today(db, user)
    result, _recent = progression.evaluate(db, user, today)
    catalogue = progression.patient_catalogue(profile)
    stages = result.plan.stage_count
    hip_days = week_days(2, catalogue.hip_track.sessions_per_week)  # the engine's own weekdays for hip work
    for offset in range(-DAYS_BACK, DAYS_AHEAD + 1):
        day = today + timedelta(days=offset)
        if day < profile.program_start or WEEKDAYS[day.weekday()] not in days:
            continue  # nothing before the program started
        if day == today:
            hip_day = result.plan.hip_day
            summary, description = today_summary(result.plan), _today_description(result.plan, stages, app_url)
        else:
            hip_day = is_training_day(profile.program_start, day, hip_days)
            summary = stage_summary(result.state, catalogue) + (", hip work" if hip_day else "")
            description = _stage_description(result.state, catalogue, app_url, hip_day)
        calendar.add_component(_event(row, zone, day, summary, description, app_url, hip_day))
    # Only the rules the events need: a year either side, not every change since 1970.
    calendar.add_missing_timezones(first_date=today - timedelta(days=366), last_date=today + timedelta(days=366))
    return calendar.to_ical()
