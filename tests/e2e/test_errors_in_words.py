"""Errors in the patient's words: the server's limits are checked in the app before anything is
sent (frontend/src/limits.json, written from the server's OpenAPI schema and checked against it
by tests/unit/test_clinical_settings.py), and a refusal names the form's labels, never an API field name."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import UNSAFE, choose, sign_up_through_api

pytestmark = pytest.mark.e2e

FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|IANA")


def test_a_limit_is_checked_before_sending_and_said_with_the_forms_label(page: Page) -> None:
    sign_up_through_api(page)
    sent = []
    page.on("request", lambda r: r.method == "POST" and "/api/checkins" in r.url and sent.append(r.url))
    page.goto("/checkin")
    choose(page, "First-steps pain", "3")
    page.get_by_label("Morning stiffness, in minutes (optional)").fill("2000")
    page.get_by_role("button", name=re.compile("Save check-in|Update check-in")).click()
    alert = page.get_by_role("alert").filter(has_text="stiffness")
    expect(alert).to_contain_text("Morning stiffness can be at most 1440 minutes.")
    assert not FIELD_NAME.search(alert.inner_text()), alert.inner_text()
    page.wait_for_timeout(500)
    assert sent == []  # the server never saw it
    # Nothing waits in the outbox either: the form says what to fix, here and now
    expect(page.locator(".app-status")).not_to_contain_text("waiting to sync")


def test_the_servers_own_refusal_reads_in_words(page: Page) -> None:
    sign_up_through_api(page)
    page.goto("/profile")
    box = page.get_by_label("Time zone")
    box.fill("Mars/Olympus_Mons")
    page.get_by_role("button", name=re.compile("Save")).first.click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Choose your time zone from the list")
    assert not FIELD_NAME.search(alert.inner_text()), alert.inner_text()
    # And the raw answer did name the field: the app translated it
    raw = page.request.put("/api/profile", headers=UNSAFE, data={
        "painful_side": "left", "condition": "plantar_heel", "program_start": "2024-01-01", "timezone": "Mars/Olympus_Mons"})
    assert raw.status == 422 and "IANA" in raw.json()["message"]
