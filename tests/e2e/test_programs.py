"""Choosing a program at 390 px (PROTOCOL.md 7): in Profile, the patient reads what each program
asks of them in plain words, sees which are not offered for their heel and why, follows one, and
Today's calf work and its reason change to it. The clinician's side: test_clinician.py."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import console_errors, go_to, screenshot, sign_up_through_api

pytestmark = pytest.mark.e2e


def test_a_patient_reads_what_a_program_asks_and_follows_it(page: Page) -> None:
    errors = console_errors(page)
    sign_up_through_api(page)  # a left mid-portion Achilles
    page.goto("/")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()  # the ladder's day walked
    go_to(page, "Profile")
    section = page.get_by_role("region", name="Your program")
    expect(section).to_contain_text("Now: Heelstrong ladder. Every program keeps the same pain rules.")

    # Not offered: the plantar program, and why, in words
    section.get_by_text("Not offered (1)").click()
    expect(section.get_by_role("listitem").filter(has_text="High-load plantar raises")).to_contain_text(
        "It is for plantar heel pain; yours is Achilles tendinopathy (mid-portion).")

    # Choosing one shows what it asks before anything changes
    section.get_by_role("radio", name=re.compile(r"^Heavy slow resistance")).check()
    asks = section.locator(".program-asks")
    expect(asks.get_by_role("heading")).to_have_text("What Heavy slow resistance asks of you")
    expect(asks).to_contain_text("Three days a week with a rest day between")
    expect(asks).to_contain_text("Needs a backpack or weights and a gym with a leg-press machine.")
    button = section.get_by_role("button", name="Follow this program")
    box = button.bounding_box()
    assert box["height"] >= 48, box
    screenshot(page, "profile-program-chosen", show=asks)
    button.click()
    expect(section.get_by_role("status")).to_have_text("You now follow Heavy slow resistance. Today's plan shows it.")
    expect(section).to_contain_text("Now: Heavy slow resistance.")

    # Today: the program's exercises (today is one of its three days), and why
    go_to(page, "Today")
    calf = page.get_by_role("region", name=re.compile("^Calf"))
    expect(calf.get_by_text("Seated calf raise, weight on the knees")).to_be_visible()
    expect(calf.get_by_text("Leg-press calf raise")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Now following Heavy slow resistance: from stage 1"))).to_be_visible()
    screenshot(page, "today-heavy-slow-resistance")
    assert errors == [], f"the browser reported errors: {errors}"
