"""Offline first: the app opens and works with no server, keeps what the patient logs in an
IndexedDB outbox (surviving a closed tab), sends it in order exactly once when the server is
back, retries a failing server, and shows a refused entry to fix or discard.

"Offline" here is honest: the page talks to the server through a relay (netgate.Gate) that
the test closes, so every request, the service worker's too, finds nothing listening."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.server import Server

from .browser import (
    PASSWORD,
    UNSAFE,
    change_outbox_entry,
    check_in,
    choose,
    console_errors,
    go_to,
    log_set,
    patient_today,
    screenshot,
    sign_up_through_api,
    stored_entries,
    wait_for_service_worker,
)
from .netgate import Gate

pytestmark = pytest.mark.e2e

# The outbox retries at least every 15 s when the server did not answer.
RECONNECT_TIMEOUT_MS = 25_000
WAITING = re.compile(r"waiting to sync\.")  # the status line's words


def status_area(page: Page) -> Locator:
    return page.get_by_role("complementary", name="Connection and sync")


def expect_all_synced(page: Page) -> None:
    """The outbox is empty: nothing says it waits (the status area may be gone altogether)."""
    expect(page.get_by_text(WAITING)).to_have_count(0, timeout=RECONNECT_TIMEOUT_MS)
    assert stored_entries(page) == []


def plan_item(page: Page, name: str) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))


def open_calf_hold_by_hand(page: Page) -> None:
    page.get_by_role("link", name="Double-leg calf hold").click()
    page.get_by_role("button", name="Enter sets by hand instead").click()


def server_rows(page: Page) -> tuple[list[dict], list[dict]]:
    """Today's check-ins and every session (with its sets), as the server has them."""
    today = patient_today(page).isoformat()
    checkins = page.request.get(f"/api/checkins?from={today}&to={today}")
    sessions = page.request.get("/api/sessions?limit=100&offset=0")
    assert checkins.ok and sessions.ok
    return checkins.json(), sessions.json()["items"]


@pytest.fixture
def offline_ready(start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext]):
    """A signed-in patient on Today, the service worker in control, behind a gate to close."""
    server = start_server()
    gate = Gate(server.base)
    context = context_at(gate.base)
    page = context.new_page()
    sign_up_through_api(page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    wait_for_service_worker(page)
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    yield gate, context, page
    gate.close()


def test_offline_check_in_and_sets_survive_a_closed_tab_and_sync_once(offline_ready) -> None:
    gate, context, page = offline_ready
    errors = console_errors(page)
    gate.close()

    # Offline: the morning check-in and three sets of the calf hold
    check_in(page, pain=3)
    open_calf_hold_by_hand(page)
    for number in (1, 2, 3):
        log_set(page, pain=2, set_number=number)
    expect(page.get_by_role("heading", name="Today's sets (3)")).to_be_visible()
    status = status_area(page)
    expect(status).to_contain_text("1 check-in and 3 sets waiting to sync.")
    expect(status).to_contain_text(re.compile(r"Offline\. Showing what this phone saved, last synced today at \d"))

    # Today ticks the hold at once, and shows the check-in
    go_to(page, "Today")
    expect(plan_item(page, "Double-leg calf hold")).to_contain_text("Done today: 3 sets logged")
    expect(plan_item(page, "Double-leg calf hold")).to_have_class(re.compile(r"\bis-done\b"))
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text("First-steps pain 3/10")
    screenshot(page, "today-offline-waiting")
    for control in status.get_by_role("link").all() + status.get_by_role("button").all():
        assert control.bounding_box()["height"] >= 44  # thumb-sized
    waiting = stored_entries(page)
    assert [entry["kind"] for entry in waiting] == ["checkin", "session", "set", "set", "set"]

    # Close the tab, open the app again, still offline: nothing is lost
    page.close()
    page = context.new_page()
    errors = console_errors(page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    status = status_area(page)
    expect(status).to_contain_text("1 check-in and 3 sets waiting to sync.")
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text("First-steps pain 3/10")
    expect(plan_item(page, "Double-leg calf hold")).to_contain_text("Done today: 3 sets logged")
    status.get_by_role("link", name="Review").click()
    entries = page.get_by_role("region", name="Waiting to sync").get_by_role("listitem")
    expect(entries).to_have_count(4)
    expect(entries.nth(0)).to_contain_text("First-steps pain 3/10")
    for i in (1, 2, 3):
        expect(entries.nth(i)).to_contain_text("Double-leg calf hold")
        expect(entries.nth(i)).to_contain_text("Pain 2/10")
    screenshot(page, "sync-waiting-offline")
    go_to(page, "Log")
    expect(page.get_by_role("heading", name="Today's sets (3)")).to_be_visible()

    # Back online: the outbox notices by itself (no `online` event: the browser never knew)
    gate.open()
    expect_all_synced(page)
    checkins, sessions = server_rows(page)
    assert [(c["id"], c["morning_pain"]) for c in checkins] == [(waiting[0]["body"]["id"], 3)]
    assert [s["id"] for s in sessions] == [waiting[1]["body"]["id"]]
    assert [s["id"] for s in sessions[0]["sets"]] == [entry["body"]["id"] for entry in waiting[2:]]
    assert errors == []


def test_a_failing_server_gets_every_entry_exactly_once(
    start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext]
) -> None:
    server = start_server(HEELSTRONG_FAIL_EVERY_NTH_WRITE="2")
    page = context_at(server.base).new_page()

    def until_stored(write) -> None:  # set-up writes meet the same failures
        for _ in range(3):
            if (response := write()).status != 503:
                assert response.ok, response.text()
                return
        raise AssertionError("the server kept failing")

    account = {"email": "flaky@example.com", "password": "heel-strong-2024"}
    until_stored(lambda: page.request.post("/api/auth/register", headers=UNSAFE, data=account))
    until_stored(lambda: page.request.post("/api/auth/login", headers=UNSAFE, data=account))
    until_stored(lambda: page.request.put("/api/profile", headers=UNSAFE, data={
        "painful_side": "left", "condition": "achilles_midportion", "program_start": "2024-01-01", "timezone": "UTC"}))

    page.goto("/")
    choose(page, "First-steps pain", "2")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text("First-steps pain 2/10")
    open_calf_hold_by_hand(page)
    for number in (1, 2, 3, 4):
        log_set(page, pain=1, set_number=number)
    expect(page.get_by_role("heading", name="Today's sets (4)")).to_be_visible()

    expect_all_synced(page)
    checkins, sessions = server_rows(page)
    assert [c["morning_pain"] for c in checkins] == [2]
    assert len(sessions) == 1
    assert [(s["hold_seconds"], s["pain_during"]) for s in sessions[0]["sets"]] == [(30, 1)] * 4
    assert len({s["id"] for s in sessions[0]["sets"]}) == 4


def test_a_refused_entry_is_shown_to_fix_or_discard_and_the_queue_moves_on(offline_ready) -> None:
    gate, _context, page = offline_ready
    # The patient's clinician set their pain limit to 4: the fix form says so, not the default 5.
    thresholds = page.request.get("/api/profile/thresholds").json() | {"pain_limit": 4}
    assert page.request.put("/api/profile/thresholds", data=thresholds, headers=UNSAFE).ok
    gate.close()
    open_calf_hold_by_hand(page)
    for number in (1, 2, 3):
        log_set(page, pain=2, set_number=number)
    session, first, second, third = stored_entries(page)
    # As an older app version with a bug might have stored them: pain past the scale, and an
    # exercise the catalogue does not have.
    change_outbox_entry(page, first["seq"], {"pain_during": 11})
    change_outbox_entry(page, second["seq"], {"exercise_id": "calf-retired"})

    gate.open()
    status = status_area(page)
    status.get_by_role("button", name="Sync now").click()
    problem = status.get_by_role("alert")
    expect(problem).to_contain_text("2 sets were not accepted.", timeout=RECONNECT_TIMEOUT_MS)
    expect(page.get_by_text(WAITING)).to_have_count(0)
    _checkins, sessions = server_rows(page)
    assert [s["id"] for s in sessions[0]["sets"]] == [third["body"]["id"]]  # the queue moved on
    assert [e["message"] for e in stored_entries(page, "rejected")] == [
        "Pain during the set can be at most 10/10.",
        "This exercise is not in the program any more: choose another one, or discard this set.",
    ]

    problem.get_by_role("link", name="Review").click()
    refused = page.get_by_role("region", name=re.compile(r"^Not accepted")).get_by_role("listitem")
    expect(refused).to_have_count(2)
    expect(refused.nth(0)).to_contain_text("Not accepted: Pain during the set can be at most 10/10.")
    expect(refused.nth(1)).to_contain_text("not in the program any more")
    screenshot(page, "sync-not-accepted")

    # Fix the first: the set's own form, filled in; choose a pain on the scale and save
    refused.nth(0).get_by_role("button", name="Fix").click()
    expect(page.get_by_role("heading", name="Edit set")).to_be_focused()
    expect(page.get_by_text("Up to 4 is fine during exercise.")).to_be_visible()
    choose(page, "Pain during this set", "4")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="Fixed and saved.")).to_be_visible()

    # Discard the second (it asks once more)
    refused = page.get_by_role("region", name=re.compile(r"^Not accepted")).get_by_role("listitem")
    expect(refused).to_have_count(1)
    refused.get_by_role("button", name="Discard").click()
    refused.get_by_role("button", name="Discard it").click()
    expect(page.get_by_role("region", name=re.compile(r"^Not accepted"))).to_have_count(0)
    expect(status_area(page).get_by_role("alert")).to_have_count(0)

    _checkins, sessions = server_rows(page)
    assert sorted((s["id"], s["pain_during"]) for s in sessions[0]["sets"]) == sorted(
        [(first["body"]["id"], 4), (third["body"]["id"], 2)])
    assert stored_entries(page) == [] and stored_entries(page, "rejected") == []


def test_a_session_that_ended_keeps_the_queue_until_the_patient_signs_in_again(offline_ready) -> None:
    gate, _context, page = offline_ready
    email = page.request.get("/api/me").json()["email"]
    gate.close()
    open_calf_hold_by_hand(page)
    for number in (1, 2):
        log_set(page, pain=2, set_number=number)

    # Back online, but the session has ended meanwhile (signed out on another device)
    gate.open()
    assert page.request.post("/api/auth/logout", headers=UNSAFE).status == 204
    status_area(page).get_by_role("button", name="Sync now").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(status_area(page)).to_contain_text("2 sets waiting to sync. Sign in again to send them.")
    assert [entry["kind"] for entry in stored_entries(page)] == ["session", "set", "set"]
    screenshot(page, "sign-in-again-to-sync")

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect_all_synced(page)
    _checkins, sessions = server_rows(page)
    assert len(sessions) == 1 and len(sessions[0]["sets"]) == 2
