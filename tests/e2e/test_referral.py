"""A referral prompt ("time to see a clinician") on a phone-sized screen: first on Today until
the patient says they have read it, then gone for good (and kept on record); several open ones
are one message. Acknowledging needs the server: offline the panel says so, and stays."""

import datetime as dt
import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.server import Server

from .browser import (
    DAY,
    LEFT_HEEL_PROFILE,
    UNSAFE,
    choose,
    console_errors,
    go_to,
    patient_today,
    screenshot,
    seed_checkin,
    sign_up_through_api,
)
from .netgate import Gate

pytestmark = pytest.mark.e2e

# Mornings of 8 and 9 out of 10, up from the usual 2, are flare-ups; three of them
# within 7 days ask the patient to talk to their clinician (rule `three_flares`).
FLARE_MORNINGS = {5: 8, 3: 9, 1: 8}  # days ago -> morning pain
ENDING = "Time to see a physiotherapist or doctor (your own clinician, if you have one)."


def three_flares_this_week(page: Page) -> dt.date:
    """A patient ten days into the program: calm mornings (2/10), and three flare-ups in the
    last week, none today. Returns the patient's today."""
    sign_up_through_api(page)
    today = patient_today(page)
    # A program that started long ago would add other prompts (weeks without a step up).
    profile = {**LEFT_HEEL_PROFILE, "program_start": (today - 10 * DAY).isoformat()}
    assert page.request.put("/api/profile", data=profile, headers=UNSAFE).ok
    for days_ago in range(10, 0, -1):
        seed_checkin(page, today - days_ago * DAY, morning_pain=FLARE_MORNINGS.get(days_ago, 2))
    return today


def referral_panel(page: Page) -> Locator:
    return page.get_by_role("region", name="Time to see a clinician")


def open_referrals(page: Page) -> list[dict]:
    response = page.request.get("/api/today")
    assert response.ok, response.text()
    return response.json()["referrals"]


def test_a_referral_is_first_on_today_until_the_patient_has_read_it(page: Page) -> None:
    errors = console_errors(page)
    three_flares_this_week(page)
    page.goto("/")

    # The prompt comes before everything else on Today: before the check-in and the plan
    panel = referral_panel(page)
    expect(panel).to_be_visible()
    expect(page.get_by_role("region").first.get_by_role("heading")).to_have_text("Time to see a clinician")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    assert panel.bounding_box()["y"] < page.get_by_role("heading", name="Check in first").bounding_box()["y"]

    (referral,) = open_referrals(page)
    assert referral["rule"] == "three_flares"
    assert referral["message"] == f"3 flare-ups in 7 days. {ENDING}"
    # What happened, then once what to do: see a clinician (not assuming they have one), and meanwhile
    expect(panel.locator(".referral-message")).to_have_text("3 flare-ups in 7 days.")
    expect(panel).to_contain_text(ENDING)
    expect(panel).to_contain_text("Until then, keep to Today's plan and its pain rules")
    expect(panel).to_contain_text(re.compile(r"flare-ups in 7 days"))
    expect(panel.locator("time")).to_have_attribute("datetime", referral["local_date"])
    expect(panel.get_by_role("listitem").filter(has_text="rise up on the toes of the painful foot")).to_be_visible()
    # The stage card does not repeat the prompt under "What changed"
    stage = page.get_by_role("region", name=re.compile(r"^Stage \d of \d"))
    expect(stage).not_to_contain_text(referral["message"])

    button = panel.get_by_role("button", name="I've read this")
    box = button.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48, box  # a large tap target
    screenshot(page, "today-referral")

    # I've read this: the panel goes, and says so; focus goes back to the top of Today
    button.click()
    expect(panel).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Marked as read")).to_be_visible()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_focused()
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()

    # Gone for good: after a reload, and from the server's Today
    page.reload()
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    expect(referral_panel(page)).to_have_count(0)
    today = page.request.get("/api/today").json()
    assert today["referrals"] == []
    assert today["refer_to_clinician"] is False

    # ... and still on record, read
    decisions = page.request.get("/api/progression").json()["decisions"]
    (kept,) = [d for d in decisions if d["id"] == referral["id"]]
    assert kept["kind"] == "refer" and kept["acknowledged_at"] is not None
    assert errors == [], f"the browser reported errors: {errors}"


def test_acknowledging_a_referral_needs_a_connection(
    start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext]
) -> None:
    gate = Gate(start_server().base)
    page = context_at(gate.base).new_page()
    three_flares_this_week(page)
    page.goto("/")
    expect(referral_panel(page)).to_be_visible()

    # Offline (nothing answers): Today comes from the phone's copy, and the panel says plainly
    # that marking it as read needs a connection; tapping does not make it go
    gate.close()
    go_to(page, "History")
    go_to(page, "Today")
    panel = referral_panel(page)
    expect(panel).to_be_visible()
    button = panel.get_by_role("button", name="I've read this")
    expect(button).to_have_accessible_description(re.compile(r"needs a connection"))
    button.click()
    expect(panel.get_by_role("alert")).to_contain_text("Marking this as read needs a connection.")
    expect(panel).to_be_visible()
    screenshot(page, "today-referral-offline", show=button)

    # Back online, the same tap works
    gate.open()
    button.click()
    expect(panel).to_have_count(0)
    assert open_referrals(page) == []
    gate.close()



def test_a_warning_sign_ticked_in_the_check_in_asks_for_a_clinician_at_once(page: Page) -> None:
    sign_up_through_api(page)
    page.goto("/")
    choose(page, "First-steps pain", "3")
    page.get_by_role("checkbox", name=re.compile(r"^I have a warning sign")).check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status").filter(has_text="Check-in saved")).to_be_visible()
    panel = referral_panel(page)
    expect(panel).to_contain_text("You reported a sign that needs a clinician rather than an app.")
    expect(panel).to_contain_text("Rest the calf exercises until a clinician has seen it.")
    screenshot(page, "today-red-flag", show=panel)
    panel.get_by_role("button", name="I've read this").click()
    expect(panel).to_have_count(0)
    assert open_referrals(page) == []


def test_open_referral_prompts_are_one_message_read_at_once(page: Page) -> None:
    """Three flare-ups, then a warning sign ticked this morning: two prompts, one panel that says
    what happened on each day, what to do and the warning signs once, and one button for both."""
    today = three_flares_this_week(page)
    checkin = {"id": str(uuid.uuid4()), "local_date": today.isoformat(), "morning_pain": 3, "red_flag": True}
    assert page.request.post("/api/checkins", data=checkin, headers=UNSAFE).ok
    page.goto("/")
    assert sorted(r["rule"] for r in open_referrals(page)) == ["red_flag", "three_flares"]

    panel = referral_panel(page)
    expect(panel).to_have_count(1)
    expect(panel.locator(".referral-message")).to_have_text([
        "You reported a sign that needs a clinician rather than an app. Rest the calf exercises until a clinician "
        "has seen it.",
        "3 flare-ups in 7 days.",
    ])
    expect(panel.get_by_text(ENDING, exact=True)).to_have_count(1)
    expect(panel.locator(".flag-list")).to_have_count(1)
    screenshot(page, "today-referrals-merged", show=panel)

    panel.get_by_role("button", name="I've read this").click()
    expect(panel).to_have_count(0)
    assert open_referrals(page) == []
