"""A new patient's first day, end to end, on a phone-sized screen."""

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .browser import PASSWORD, choose, console_errors, go_to, log_set, screenshot, sign_up_through_api, skip_activities

pytestmark = pytest.mark.e2e


def test_new_patient_first_day(page: Page, base_url: str) -> None:
    app_origin = urlsplit(base_url).netloc
    foreign_requests: list[str] = []
    page.on(
        "request",
        lambda request: urlsplit(request.url).netloc != app_origin and foreign_requests.append(request.url),
    )
    errors = console_errors(page)

    # Sign up
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "01-sign-in")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill(f"patient-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, "02-sign-up")
    page.get_by_role("button", name="Create account").click()

    # Onboarding: safety first, then the profile
    expect(page.get_by_role("heading", name="Set up your program")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("See a clinician instead"))).to_be_visible()
    expect(page.get_by_text("does not diagnose")).to_be_visible()
    screenshot(page, "03-onboarding-safety")
    choose(page, "Which heel hurts?", "Right")
    choose(page, "Where does it hurt?", re.compile(r"^Under the heel"))
    expect(page.get_by_label("Time zone")).not_to_have_value("")
    equipment = page.get_by_role("group", name="What do you have at home?")
    equipment.get_by_label(re.compile("^A resistance band")).check()
    equipment.get_by_label(re.compile("^A backpack or weights")).check()
    screenshot(page, "04-onboarding-profile", show=page.get_by_role("button", name="Start my program"))
    page.get_by_role("button", name="Start my program").click()
    skip_activities(page)

    # Today: the morning check-in comes first
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    choose(page, "First-steps pain", "3")
    page.get_by_label("Morning stiffness, in minutes (optional)").fill("10")
    page.get_by_label("Note (optional)").fill("Stiff first steps, easier after a minute.")
    screenshot(page, "05-check-in")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status").filter(has_text="Check-in saved")).to_contain_text("morning pain 3/10")
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text("First-steps pain 3/10")
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text("stiff for 10 min")

    # Log two holds of the double-leg calf hold by hand (test_today.py runs the hold timer)
    go_to(page, "Log")
    expect(page.get_by_role("heading", name="Log exercises")).to_be_visible()
    expect(page.get_by_role("heading", name="Choose an exercise")).to_be_visible()
    screenshot(page, "06-log-choose")
    page.get_by_role("button", name=re.compile(r"^Double-leg calf hold")).click()
    expect(page.get_by_role("heading", name="Double-leg calf hold")).to_be_visible()
    expect(page.get_by_role("region", name="Hold timer")).to_be_visible()
    page.get_by_role("button", name="Enter sets by hand instead").click()
    expect(page.get_by_label("Hold (seconds)")).to_have_value("30")
    screenshot(page, "07-log-guide")
    log_set(page, pain=2, set_number=1)
    log_set(page, pain=4, set_number=2)
    expect(page.get_by_role("heading", name="Today's sets (2)")).to_be_visible()
    screenshot(page, "08-log-calf-hold", show=page.get_by_role("button", name="Save set"))

    # One set of hip abduction on the left: the leg opposite the painful right heel
    page.get_by_role("button", name="Choose another exercise").click()
    page.get_by_role("button", name=re.compile(r"^Band hip side step")).click()
    side = page.get_by_role("group", name="Side")
    expect(side.get_by_role("radio", name="Left", exact=True)).to_be_checked()
    choose(page, "Side", "Left")
    expect(page.get_by_label("Reps")).to_have_value("10")
    choose(page, "Effort (optional)", "About right")
    log_set(page, pain=1, set_number=1)
    expect(page.get_by_role("heading", name="Today's sets (3)")).to_be_visible()
    screenshot(page, "09-log-todays-sets", show=page.get_by_role("heading", name="Today's sets (3)"))

    # History shows the check-in and all three sets with their values
    go_to(page, "History")
    days = page.get_by_role("region", name="Your days").locator(".history-day")
    expect(days).to_have_count(1)
    expect(days.first).to_contain_text("Morning pain 3/10")
    expect(days.first).to_contain_text("Stiff for 10 min")
    days.first.locator("summary").click()  # a day is one line until opened
    sets = days.first.locator(".set-item")
    expect(sets).to_have_count(3)
    expect(sets.nth(0)).to_contain_text("Double-leg calf hold")
    expect(sets.nth(0)).to_contain_text("Both · 30 s hold")
    expect(sets.nth(0)).to_contain_text("Pain 2/10")
    expect(sets.nth(1)).to_contain_text("Pain 4/10")
    expect(sets.nth(2)).to_contain_text("Band hip side step")
    expect(sets.nth(2)).to_contain_text("Left · 10 reps")
    expect(sets.nth(2)).to_contain_text("Pain 1/10")
    screenshot(page, "10-history")

    # Still signed in after a reload, and today's check-in comes back for editing
    page.reload()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(sets).to_have_count(3)
    go_to(page, "Today")
    page.get_by_role("link", name="Change check-in").click()
    expect(page.get_by_role("heading", name="Morning check-in", level=1)).to_be_visible()
    expect(page.get_by_role("group", name="First-steps pain").get_by_role("radio", name="3")).to_be_checked()
    expect(page.get_by_label("Morning stiffness, in minutes (optional)")).to_have_value("10")
    choose(page, "First-steps pain", "2")
    page.get_by_role("button", name="Update check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Check-in saved: morning pain 2/10")

    # Sign out from Profile
    go_to(page, "Profile")
    expect(page.get_by_role("heading", name="Profile", exact=True)).to_be_visible()
    screenshot(page, "11-profile", show=page.get_by_role("button", name="Sign out", exact=True))
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "12-signed-out")

    assert foreign_requests == [], f"requests left the app's origin: {foreign_requests}"
    assert errors == [], f"the browser reported errors: {errors}"


def test_wrong_password_shows_the_servers_message(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is wrong.")


def test_dark_mode_screens(page: Page) -> None:
    sign_up_through_api(page)
    page.emulate_media(color_scheme="dark")

    page.goto("/")
    choose(page, "First-steps pain", "5")
    screenshot(page, "dark-check-in")
    go_to(page, "Log")
    page.get_by_role("button", name=re.compile(r"^Single-leg calf hold")).click()
    screenshot(page, "dark-hold-timer", show=page.get_by_role("region", name="Hold timer"))
    page.get_by_role("button", name="Enter sets by hand instead").click()
    choose(page, "Pain during this set", "6")
    expect(page.get_by_text("Pain above 5 is more than this exercise should cause")).to_be_visible()
    screenshot(page, "dark-log-caution", show=page.get_by_role("button", name="Save set"))


def test_edit_and_delete_a_set(page: Page) -> None:
    sign_up_through_api(page)
    page.goto("/log")
    page.get_by_role("button", name=re.compile(r"^Split squat")).click()
    # One painful (left) heel: hip work is suggested on the other leg
    expect(page.get_by_role("group", name="Side").get_by_role("radio", name="Right", exact=True)).to_be_checked()
    page.get_by_label("Reps").fill("8")
    log_set(page, pain=3, set_number=1)
    logged = page.locator(".set-item")
    expect(logged).to_have_count(1)
    expect(logged.first).to_contain_text("Right · 8 reps")

    logged.first.get_by_role("button", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit set")).to_be_focused()
    expect(page.get_by_label("Reps")).to_have_value("8")
    page.get_by_label("Reps").fill("12")
    choose(page, "Pain during this set", "2")
    page.get_by_role("button", name="Save changes").click()
    expect(logged.first).to_contain_text("Right · 12 reps")
    expect(logged.first).to_contain_text("Pain 2/10")

    page.reload()
    expect(logged.first).to_contain_text("Right · 12 reps")
    logged.first.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Delete this set").click()
    expect(logged).to_have_count(0)
    expect(page.get_by_text("No sets yet today")).to_be_visible()
