"""Reminders: the time and days in Profile, and the calendar feed behind a secret link, parsed
with the icalendar library: an alarm on every event, times in the patient's zone, the plan in
the summary; replaced, revoked and wrong links answer 404; one patient never reaches another's."""

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import text

from heelstrong.core.db import get_engine
from heelstrong.reminders import service
from tests.api.conftest import register, sign_up
from tests.api.test_progression import TODAY, check_in, log_holds

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
FEED_DAYS = service.DAYS_BACK + 1 + service.DAYS_AHEAD


def set_profile(client, timezone: str, program_start: str = "2026-01-05") -> None:
    profile = {"painful_side": "right", "condition": "plantar_heel", "program_start": program_start,
               "timezone": timezone}
    assert client.put("/api/profile", json=profile).status_code == 200


def remind(client, at: str = "07:30", days: list[str] | None = None) -> dict:
    response = client.put("/api/reminders", json={"time": at, "days": EVERY_DAY if days is None else days})
    assert response.status_code == 200, response.text
    return response.json()


def new_link(client) -> str:
    response = client.post("/api/reminders/calendar")
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["path"] == f"/api/calendar/{created['token']}.ics" and created["active"]
    return created["path"]


def read_feed(anyone, path: str) -> Calendar:
    response = anyone.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    return Calendar.from_ical(response.content)


def events_by_day(calendar: Calendar) -> dict[date, object]:
    return {event.decoded("dtstart").date(): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def stranger(new_client):
    """A calendar app: no account, no cookie; the link is its only credential."""
    return new_client()


# ---------------------------------------------------------------- settings


def test_a_reminder_is_a_time_and_days_in_the_patients_zone(patient):
    before = patient.get("/api/reminders").json()
    assert before == {"time": None, "days": [], "timezone": "UTC",
                      "calendar": {"active": False, "created_at": None, "last_fetched_at": None}}
    saved = remind(patient, "6:05", ["fri", "mon", "mon"])
    assert (saved["time"], saved["days"]) == ("06:05", ["mon", "fri"])  # in week order, once each
    assert patient.get("/api/reminders").json() == saved
    off = remind(patient, None, ["mon"])
    assert (off["time"], off["days"]) == (None, ["mon"])  # off, and the days are remembered


@pytest.mark.parametrize(("body", "words"), [
    ({"time": "25:00", "days": ["mon"]}, "time must be a time of day like 07:30 (24-hour clock)"),
    ({"time": "07:60", "days": ["mon"]}, "time must be a time of day like 07:30"),
    ({"time": "7.30pm", "days": ["mon"]}, "time must be a time of day like 07:30"),
    ({"time": "", "days": ["mon"]}, "time must be a time of day like 07:30"),
    ({"time": 730, "days": ["mon"]}, "time must be a time of day like 07:30"),
    ({"time": "07:30", "days": ["funday"]}, "days must be days of the week written mon, tue, wed"),
    ({"time": "07:30", "days": "mon"}, "days must be days of the week written mon, tue, wed"),
    ({"time": "07:30", "days": [1]}, "days must be days of the week written mon, tue, wed"),
    ({"time": "07:30", "days": EVERY_DAY + ["mon"]}, "days must list each day of the week at most once"),
    ({"time": "07:30", "days": []}, "days must list at least one day for a reminder at a time"),
    ({"days": ["mon"]}, "time is required"),
    ({"time": "07:30", "days": ["mon"], "sound": "loud"}, "sound is not a field this endpoint knows"),
])
def test_bad_times_and_days_are_refused_in_plain_words(patient, body, words):
    remind(patient, "08:00", ["tue"])
    response = patient.put("/api/reminders", json=body)
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert words in message
    assert "Input should" not in message and "literal" not in message.lower()
    assert patient.get("/api/reminders").json()["time"] == "08:00"  # nothing changed


def test_a_reminder_and_a_feed_need_a_profile(new_client):
    client = new_client()
    register(client, "noprofile@example.org")
    assert client.get("/api/reminders").json()["timezone"] is None
    for response in (client.put("/api/reminders", json={"time": "07:30", "days": ["mon"]}),
                     client.post("/api/reminders/calendar")):
        assert response.status_code == 409 and "profile" in response.json()["message"]


def test_settings_need_a_sign_in(stranger):
    assert stranger.get("/api/reminders").status_code == 401
    assert stranger.put("/api/reminders", json={"time": "07:30", "days": ["mon"]}).status_code == 401
    assert stranger.post("/api/reminders/calendar").status_code == 401
    assert stranger.delete("/api/reminders/calendar").status_code == 401


# ---------------------------------------------------------------- the feed


def test_every_event_has_an_alarm_at_the_reminder_time_in_the_patients_zone(patient, stranger):
    set_profile(patient, "America/New_York")
    remind(patient, "07:30")
    calendar = read_feed(stranger, new_link(patient))
    events = list(calendar.walk("VEVENT"))
    today = datetime.now(ZoneInfo("America/New_York")).date()
    assert sorted(events_by_day(calendar)) == [today + timedelta(days=n) for n in range(-7, 15)]
    assert len(events) == FEED_DAYS
    for event in events:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY" and alarms[0].decoded("TRIGGER") == timedelta(0)
        assert str(alarms[0]["DESCRIPTION"]) == str(event["SUMMARY"])
        start = event.decoded("dtstart")
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        assert str(start.tzinfo) == "America/New_York" and start.time() == time(7, 30)
        expected_utc = datetime.combine(start.date(), time(7, 30), ZoneInfo("America/New_York")).astimezone(UTC)
        assert start.astimezone(UTC) == expected_utc
        assert event.decoded("duration") == timedelta(minutes=30)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)


def test_times_move_with_daylight_saving_and_the_uid_of_a_day_is_stable(patient, stranger, monkeypatch):
    # New York leaves winter time on Sunday 8 March 2026: 07:30 is 12:30 UTC before, 11:30 after.
    monkeypatch.setattr(service, "patient_today", lambda _db, _user: date(2026, 3, 4))
    set_profile(patient, "America/New_York", program_start="2026-02-20")
    remind(patient, "07:30", ["sat", "mon"])
    path = new_link(patient)
    feed = read_feed(stranger, path)
    utc_starts = {day: event.decoded("dtstart").astimezone(UTC) for day, event in events_by_day(feed).items()}
    assert utc_starts[date(2026, 3, 7)] == datetime(2026, 3, 7, 12, 30, tzinfo=UTC)
    assert utc_starts[date(2026, 3, 9)] == datetime(2026, 3, 9, 11, 30, tzinfo=UTC)
    assert {day.weekday() for day in utc_starts} == {5, 0}
    # The same day keeps its UID when the time changes; a calendar updates the event in place.
    uids = {day: str(event["UID"]) for day, event in events_by_day(feed).items()}
    remind(patient, "18:00", ["sat", "mon"])
    later = events_by_day(read_feed(stranger, path))
    assert {day: str(event["UID"]) for day, event in later.items()} == uids
    assert later[date(2026, 3, 9)].decoded("dtstart").time() == time(18, 0)


def test_a_utc_patient_gets_utc_times(patient, stranger):
    remind(patient, "06:45", ["wed"])
    response = stranger.get(new_link(patient))
    assert b"DTSTART:" in response.content and b"T064500Z" in response.content
    assert b"VTIMEZONE" not in response.content


def test_the_summary_is_the_plan_and_follows_it(patient, stranger):
    remind(patient, "07:30")
    path = new_link(patient)
    plan = patient.get("/api/today").json()
    assert plan["hip_day"]
    today_event = events_by_day(read_feed(stranger, path))[TODAY]
    assert str(today_event["SUMMARY"]) == "Heel rehab: calf holds 3 x 30 s, hip work"
    description = str(today_event["DESCRIPTION"])
    assert description.startswith("Stage 1 of 5: double-leg holds.")
    for item in plan["items"]:  # every exercise of the day, with its side and dose
        assert f"- {item['name']}" in description
    assert "- Double-leg calf hold, both legs: 3 x 30 s hold, 1-3 times a day" in description
    assert "- Band hip side step, left leg: 3 x 10" in description
    assert "- Dead bug: 2 x 10" in description  # no side where it does not matter

    # A tolerated session and the next morning's check-in: the engine adds a hold, and so does the feed.
    log_holds(patient, -1)
    check_in(patient, 0)
    events = events_by_day(read_feed(stranger, path))
    assert str(events[TODAY]["SUMMARY"]).startswith("Heel rehab: calf holds 4 x 30 s")
    # Other days: the engine plans only today, so they carry the current stage and dose.
    tomorrow = events[TODAY + timedelta(days=1)]
    assert str(tomorrow["SUMMARY"]) == "Heel rehab: calf holds 4 x 30 s"
    assert str(tomorrow["DESCRIPTION"]).startswith("Stage 1 of 5: double-leg holds, at 4 x 30 s.")


def test_the_feed_is_bounded_folded_and_escaped(patient, stranger):
    remind(patient, "07:30")
    body = stranger.get(new_link(patient)).content
    assert len(body) < 40_000
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)  # CRLF line ends only
    assert max(len(line) for line in lines) <= 75  # folded (RFC 5545 3.1)
    assert b"SUMMARY:Heel rehab: calf holds 3 x 30 s\\, hip work" in body  # a comma in TEXT is escaped


def test_no_reminder_time_is_a_valid_calendar_without_events(patient, stranger):
    calendar = read_feed(stranger, new_link(patient))
    assert str(calendar["X-WR-CALNAME"]) == "Heelstrong rehab" and calendar.walk("VEVENT") == []
    remind(patient, None, ["mon"])
    assert read_feed(stranger, new_link(patient)).walk("VEVENT") == []


def test_only_the_tokens_hash_is_stored_and_the_last_fetch_is_shown(patient, stranger):
    remind(patient, "07:30")
    path = new_link(patient)
    token = path.removeprefix("/api/calendar/").removesuffix(".ics")
    with get_engine().connect() as db:
        stored = db.execute(text("SELECT calendar_token_hash FROM reminder")).scalar()
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
    assert patient.get("/api/reminders").json()["calendar"]["last_fetched_at"] is None
    read_feed(stranger, path)
    assert patient.get("/api/reminders").json()["calendar"]["last_fetched_at"] is not None


# ---------------------------------------------------------------- revocation and isolation


def test_a_new_link_replaces_the_old_and_revoking_ends_it(patient, stranger):
    remind(patient, "07:30")
    first = new_link(patient)
    read_feed(stranger, first)
    second = new_link(patient)
    gone = stranger.get(first)
    assert gone.status_code == 404 and gone.json()["message"] == service.CALENDAR_NOT_FOUND
    read_feed(stranger, second)
    assert patient.delete("/api/reminders/calendar").status_code == 204
    assert stranger.get(second).status_code == 404
    assert patient.get("/api/reminders").json()["calendar"] == {"active": False, "created_at": None,
                                                                 "last_fetched_at": None}
    assert patient.delete("/api/reminders/calendar").status_code == 204  # revoking twice is fine
    assert patient.get("/api/reminders").json()["time"] == "07:30"  # the reminder itself stays


@pytest.mark.parametrize("token", ["wrong", "A" * 43, "A" * 5000, "%2e%2e", "x.ics"])
def test_a_wrong_token_is_the_same_404(patient, stranger, token):
    remind(patient, "07:30")
    new_link(patient)
    response = stranger.get(f"/api/calendar/{token}.ics")
    assert response.status_code == 404 and response.json()["message"] == service.CALENDAR_NOT_FOUND


def test_another_patient_can_neither_read_nor_revoke_the_feed(patient, new_client, stranger):
    set_profile(patient, "Europe/Oslo")
    remind(patient, "07:30", ["mon"])
    path = new_link(patient)
    other = sign_up(new_client())
    mine = other.get("/api/reminders").json()
    assert mine["time"] is None and mine["days"] == [] and not mine["calendar"]["active"]
    assert other.delete("/api/reminders/calendar").status_code == 204  # revokes only their own (none)
    remind(other, "21:00", ["sun"])
    other_path = new_link(other)
    assert other_path != path
    assert {str(e["UID"]) for e in read_feed(stranger, other_path).walk("VEVENT")}.isdisjoint(
        str(e["UID"]) for e in read_feed(stranger, path).walk("VEVENT"))
    assert all(e.decoded("dtstart").time() == time(21, 0) for e in read_feed(stranger, other_path).walk("VEVENT"))
    assert patient.get("/api/reminders").json()["calendar"]["active"]
    read_feed(stranger, path)  # A's link still works


def test_the_feed_is_rate_limited_per_link(patient, stranger, monkeypatch):
    monkeypatch.setattr(service, "FETCHES_PER_HOUR", 3)
    remind(patient, "07:30")
    path = new_link(patient)
    for _ in range(3):
        read_feed(stranger, path)
    limited = stranger.get(path)
    assert limited.status_code == 429 and 0 < int(limited.headers["retry-after"]) <= 3601
    assert "too often" in limited.json()["message"]
    read_feed(stranger, new_link(patient))  # a new link starts afresh


# ---------------------------------------------------------------- hip days and the program's start


def test_hip_days_are_marked_on_the_engines_own_weekdays(patient, stranger):
    remind(patient, "07:30")
    assert patient.get("/api/today").json()["hip_day"]
    start = date.fromisoformat(patient.get("/api/profile").json()["program_start"])
    events = events_by_day(read_feed(stranger, new_link(patient)))
    hips = set()
    for day, event in events.items():
        hip = (day - start).days % 7 in (0, 2, 4)  # three a week with a rest day between, as the engine plans
        assert ("hip work" in str(event["SUMMARY"])) == hip, (day, str(event["SUMMARY"]))
        assert event["CATEGORIES"].cats == (["Hip day"] if hip else ["Heel rehab"])
        if day != TODAY:  # today's description lists the exercises themselves
            words = "A hip day: hip and glute work is on the plan" if hip else "No hip work today"
            assert words in str(event["DESCRIPTION"])
        hips.add(hip)
    assert hips == {True, False}
    assert str(events[TODAY + timedelta(days=2)]["SUMMARY"]) == "Heel rehab: calf holds 3 x 30 s, hip work"
    assert str(events[TODAY + timedelta(days=1)]["SUMMARY"]) == "Heel rehab: calf holds 3 x 30 s"


def test_the_feed_has_no_events_before_the_program_started(patient, stranger):
    started = TODAY - timedelta(days=3)
    set_profile(patient, "UTC", program_start=started.isoformat())
    remind(patient, "07:30")
    days = sorted(events_by_day(read_feed(stranger, new_link(patient))))
    assert days[0] == started and days == [started + timedelta(days=n) for n in range(3 + 1 + service.DAYS_AHEAD)]
    assert events_by_day(read_feed(stranger, new_link(patient)))[started]["CATEGORIES"].cats == ["Hip day"]

    set_profile(patient, "UTC", program_start=(TODAY + timedelta(days=1)).isoformat())  # starts tomorrow
    assert min(events_by_day(read_feed(stranger, new_link(patient)))) == TODAY + timedelta(days=1)
