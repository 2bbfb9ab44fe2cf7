"""Reminders on a 390 x 844 phone: a time and days set in Profile, "Add to calendar" on Today
with the feed's link to open or copy (the feed itself parsed: an alarm on every event), and
the gentle nudge about yesterday's missing check-in and session."""

import datetime as dt
import re
import sqlite3

import httpx
import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from .browser import choose, console_errors, go_to, page_width, patient_today, screenshot, sign_up_through_api
from .test_accessibility import AXE, violations

pytestmark = pytest.mark.e2e

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def joined_days_ago(database: str, days: int) -> None:
    """The patient made their account `days` ago (yesterday only counts once they had the app)."""
    with sqlite3.connect(database) as db:
        db.execute('UPDATE "user" SET created_at = ?',
                   ((dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S.%f"),))


def test_a_reminder_in_profile_reaches_the_calendar_and_yesterday_is_nudged(start_server, context_at, tmp_path) -> None:
    server = start_server()
    context = context_at(server.base)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
    page: Page = context.new_page()
    errors = console_errors(page)
    sign_up_through_api(page)
    joined_days_ago(str(tmp_path / "own-0.db"), 3)
    today = patient_today(page)
    yesterday = today - dt.timedelta(days=1)

    # Profile: a reminder time and days; every day is offered, and no day at all is refused
    page.goto("/profile")
    section = page.get_by_role("region", name="Reminder")
    expect(section).to_contain_text("A daily nudge to do your exercises")
    # Profile now also asks for the clinician link and the access log: let every read land first,
    # or the saved reminder can arrive after the boxes are unticked and tick them again.
    page.wait_for_load_state("networkidle")
    section.get_by_label("Time").fill("07:30")
    expect(section.get_by_text("In your time zone, UTC.")).to_be_visible()
    for day in DAYS:
        section.get_by_role("checkbox", name=day).uncheck()
    section.get_by_role("button", name="Save reminder").click()
    expect(section.get_by_role("alert")).to_have_text("Choose at least one day.")
    for day in DAYS:
        section.get_by_role("checkbox", name=day).check()
    section.get_by_role("button", name="Save reminder").click()
    expect(section.get_by_role("status").first).to_have_text("Reminder saved: 07:30 every day.")
    assert page.request.get("/api/reminders").json()["days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert page_width(page) <= 390
    screenshot(page, "reminder-profile", show=section)

    # Today: the nudge about yesterday, at the top, gently
    go_to(page, "Today")
    nudge = page.get_by_role("complementary", name="Yesterday")
    expect(nudge).to_contain_text("Yesterday's check-in is missing — add it?")
    expect(nudge).to_contain_text("No exercise was logged yesterday. That's all right: today's plan is below.")
    assert nudge.bounding_box()["y"] < 844  # seen on opening, without scrolling
    screenshot(page, "reminder-nudge")

    # "Add to calendar": the link is made, shown as webcal:// and as a web link, and copied
    card = page.get_by_role("region", name="Reminder")
    expect(card).to_contain_text("Your reminder: 07:30 every day.")
    card.get_by_role("button", name="Add to calendar").click()
    expect(card.get_by_role("status")).to_have_text("Your calendar link is ready.")
    web = card.get_by_label("Web link (http)")
    url = web.input_value()
    assert re.fullmatch(re.escape(server.base) + r"/api/calendar/[A-Za-z0-9_-]{43}\.ics", url)
    webcal = "webcal://" + url.removeprefix("http://")
    expect(card.get_by_label("Calendar link (webcal)")).to_have_value(webcal)
    expect(card.get_by_role("link", name="Open in my calendar app")).to_have_attribute("href", webcal)
    card.get_by_role("button", name="Copy link").click()
    expect(card.get_by_role("status")).to_have_text("Web link (http) copied. Paste it into your calendar app.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page_width(page) <= 390
    screenshot(page, "reminder-add-to-calendar", show=card)

    # What a calendar app gets, without any cookie: an event a day at 07:30 UTC, each with an alarm
    feed = httpx.get(url)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) == 22 and all(len(event.walk("VALARM")) == 1 for event in events)
    starts = {event.decoded("dtstart") for event in events}
    assert dt.datetime.combine(today, dt.time(7, 30), dt.UTC) in starts

    # The same phone shows the same link again (the server only keeps its hash)
    page.reload()
    page.get_by_role("region", name="Reminder").get_by_role("button", name="Add to calendar").click()
    expect(page.get_by_label("Web link (http)")).to_have_value(url)

    # Yesterday's check-in, added from the nudge in two taps
    nudge.get_by_role("button", name="Add yesterday's check-in").click()
    choose(page, "Yesterday's first-steps pain", "2")
    nudge.get_by_role("button", name="Save yesterday's check-in").click()
    expect(nudge.get_by_role("status")).to_have_text("Yesterday's check-in is saved: first-steps pain 2/10.")
    expect(nudge).not_to_contain_text("check-in is missing")
    saved = page.request.get(f"/api/checkins?from={yesterday}&to={yesterday}").json()
    assert [c["morning_pain"] for c in saved] == [2]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert not AXE.exists() or violations(page) == [], scheme

    # Still no session yesterday: the nudge says so once more on opening, and "Not now" puts it away
    page.reload()
    expect(nudge).to_contain_text("No exercise was logged yesterday.")
    expect(nudge).not_to_contain_text("check-in is missing")
    nudge.get_by_role("button", name="Not now").click()
    expect(nudge).to_have_count(0)
    page.reload()
    expect(page.get_by_role("region", name="Reminder")).to_be_visible()
    expect(nudge).to_have_count(0)

    # Profile: the calendar link is live; turning it off makes the link a 404
    go_to(page, "Profile")
    settings = page.get_by_role("region", name="Reminder")
    expect(settings).to_contain_text("Subscribed: your calendar last checked at")
    for scheme in ("dark", "light"):
        page.emulate_media(color_scheme=scheme)
        assert not AXE.exists() or violations(page) == [], scheme
    settings.get_by_role("button", name="Turn off the calendar link").click()
    expect(settings).to_contain_text("Calendar link turned off")
    assert httpx.get(url).status_code == 404
    assert errors == []


def test_no_nudge_on_the_first_day(page: Page) -> None:
    """A patient who signed up today has no yesterday in the app to be reminded of."""
    sign_up_through_api(page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    expect(page.get_by_role("region", name="Reminder")).to_contain_text("Choose a time and days in Profile")
    expect(page.get_by_role("complementary", name="Yesterday")).to_have_count(0)
