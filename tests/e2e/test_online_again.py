"""Online again: once the outbox has drained, the screen loads the server's data by itself (no
"still shows what this phone saved" until Refresh); signing out while offline forgets the
phone's copy at once, and the server's session ends when it answers again; the password can be
shown on sign-in and sign-up."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.server import Server

from .browser import check_in, go_to, sign_up_through_api, wait_for_service_worker
from .netgate import Gate

pytestmark = pytest.mark.e2e

KEPT_READS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('heelstrong');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction('cache').objectStore('cache').count();
    request.onsuccess = () => { resolve(request.result); open.result.close(); };
    request.onerror = () => reject(request.error);
  };
})"""


@pytest.fixture
def behind_a_gate(start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext]):
    server = start_server()
    gate = Gate(server.base)
    page = context_at(gate.base).new_page()
    sign_up_through_api(page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    wait_for_service_worker(page)
    yield gate, page
    gate.close()


def status_area(page: Page):
    return page.locator(".app-status")


def test_history_refreshes_itself_once_the_outbox_has_drained(behind_a_gate) -> None:
    gate, page = behind_a_gate
    go_to(page, "History")
    expect(page.get_by_role("region", name="Your days")).to_be_visible()
    go_to(page, "Today")
    gate.close()
    check_in(page, pain=4)  # kept on the phone
    go_to(page, "History")
    day = page.locator(".history-day").first
    expect(day).to_contain_text("Morning pain 4/10")
    expect(day).to_contain_text("Waiting to sync")
    expect(status_area(page)).to_contain_text("Offline")

    gate.open()  # no `online` event: the app notices by itself
    expect(day).not_to_contain_text("Waiting to sync", timeout=30_000)
    expect(day).to_contain_text("Morning pain 4/10")
    # Nothing to tap: the screen shows the server's data, no "still shows what this phone saved"
    expect(status_area(page)).not_to_contain_text("still shows", timeout=10_000)
    expect(status_area(page)).not_to_contain_text("Offline")
    expect(status_area(page).get_by_role("button", name="Refresh")).to_have_count(0)


def test_a_screen_showing_saved_data_reloads_when_the_server_answers_again(behind_a_gate) -> None:
    gate, page = behind_a_gate
    go_to(page, "Progress")
    expect(page.locator(".chart-box[data-points]")).to_have_count(4)
    go_to(page, "Today")
    gate.close()
    go_to(page, "Progress")  # from the phone's copy
    expect(status_area(page)).to_contain_text(re.compile(r"Offline\. Showing what this phone saved"))
    gate.open()
    expect(status_area(page)).not_to_contain_text("Offline", timeout=30_000)
    # The reload fetches the charts' data again: allow a busy machine its time.
    expect(status_area(page)).not_to_contain_text("still shows", timeout=15_000)


def test_signing_out_offline_forgets_the_phones_copy(behind_a_gate) -> None:
    gate, page = behind_a_gate
    go_to(page, "History")
    expect(page.get_by_role("region", name="Your days")).to_be_visible()
    assert page.evaluate(KEPT_READS) > 0
    gate.close()
    go_to(page, "Profile")
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate(KEPT_READS) == 0  # nothing of the patient's is left to read
    page.reload()  # still offline: signed out on this phone
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    gate.open()  # the server hears of it at the next request: the session is over there too
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.request.get("/api/me").status == 401


def test_the_password_can_be_shown(page: Page) -> None:
    page.goto("/")
    password = page.get_by_label("Password", exact=True)
    toggle = page.get_by_role("button", name="Show password")
    expect(password).to_have_attribute("type", "password")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    box = toggle.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    password.fill("heel-strong-2024")
    toggle.click()
    expect(password).to_have_attribute("type", "text")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(password).to_have_attribute("type", "password")
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("button", name="Show password")).to_be_visible()
