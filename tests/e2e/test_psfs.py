"""The activities a patient's heel limits (PSFS, PROTOCOL.md 6) at the phone: named and rated
right after the first profile, or skipped and then asked for on Today until done; rated again
every two weeks against the same words, offline too (the ratings wait in the outbox and sync)."""

import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.server import Server

from .browser import (
    DAY,
    UNSAFE,
    choose,
    console_errors,
    patient_today,
    screenshot,
    sign_up_in_the_app,
    sign_up_through_api,
    skip_activities,
    stored_entries,
    wait_for_service_worker,
)
from .netgate import Gate
from .test_accessibility import violations

pytestmark = pytest.mark.e2e

ACTIVITIES = ["Run 5 km", "Walk the dog for 30 minutes", "Stairs at work"]
RECONNECT_TIMEOUT_MS = 25_000


def psfs(page: Page) -> dict:
    response = page.request.get("/api/measures")
    assert response.ok, response.text()
    return next(i for i in response.json()["instruments"] if i["id"] == "psfs")


def start_program(page: Page) -> None:
    sign_up_in_the_app(page)
    page.get_by_role("group", name="What do you have at home?").get_by_label(re.compile("^A resistance band")).check()
    page.get_by_role("button", name="Start my program").click()


def name_and_rate(page: Page, ratings: list[int]) -> None:
    for number, (text, rating) in enumerate(zip(ACTIVITIES, ratings, strict=True), start=1):
        page.get_by_label(f"Activity {number}", exact=True).fill(text)
        choose(page, f"How well can you do activity {number} today?", str(rating))


def test_onboarding_names_three_activities_and_rates_them(page: Page) -> None:
    errors = console_errors(page)
    start_program(page)
    form = page.get_by_role("region", name="Activities your heel limits")
    expect(form).to_contain_text("0 = unable to do it, 10 = as well as before the heel pain")
    name_and_rate(page, [2, 5, 4])
    screenshot(page, "psfs-onboarding-named", show=page.get_by_role("button", name="Save my ratings"))
    assert violations(page) == []
    form.get_by_role("button", name="Save my ratings").click()

    done = page.get_by_role("region", name="Activities saved")
    expect(done).to_contain_text("Your score: 3.7 of 10")
    screenshot(page, "psfs-onboarding-saved")
    instrument = psfs(page)
    assert [item["text"] for item in instrument["items"]] == ACTIVITIES
    assert [r["score"] for r in instrument["responses"]] == [pytest.approx(3.7, abs=0.05)]
    assert not instrument["due"]

    done.get_by_role("link", name="Go to Today").click()
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    expect(page.get_by_role("region", name="Name the activities your heel limits")).to_have_count(0)
    assert errors == []


def test_skipped_today_asks_until_the_activities_are_named(page: Page) -> None:
    errors = console_errors(page)
    start_program(page)
    skip_activities(page)
    card = page.get_by_role("region", name="Name the activities your heel limits")
    expect(card).to_be_visible()
    screenshot(page, "psfs-today-asks", show=card)

    # Too few is refused in words; then three named and rated
    card.get_by_role("link", name="Name and rate them").click()
    page.get_by_label("Activity 1", exact=True).fill(ACTIVITIES[0])
    choose(page, "How well can you do activity 1 today?", "3")
    page.get_by_role("button", name="Save my ratings").click()
    expect(page.get_by_role("alert")).to_contain_text("Name at least 3 activities (1 so far).")
    # The server's refusal is shown as it says it
    name_and_rate(page, [3, 6, 6])
    page.get_by_label("Activity 3", exact=True).fill(ACTIVITIES[0])
    page.get_by_role("button", name="Save my ratings").click()
    expect(page.get_by_role("alert")).to_have_text(f'You have already named "{ACTIVITIES[0]}".')
    screenshot(page, "psfs-refused-in-words", show=page.get_by_role("alert"))
    page.get_by_label("Activity 3", exact=True).fill(ACTIVITIES[2])
    page.get_by_role("button", name="Save my ratings").click()
    expect(page.get_by_role("status").filter(has_text="Ratings saved")).to_contain_text("Your score: 5 of 10")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Name the activities your heel limits")).to_have_count(0)
    assert errors == []


def seed_activities(page: Page, days_ago: int) -> list[str]:
    """The three activities, rated `days_ago` days ago, through the API. Returns their ids."""
    ids = []
    for text in ACTIVITIES:
        item = {"id": str(uuid.uuid4()), "instrument": "psfs", "text": text}
        response = page.request.post("/api/measures/items", data=item, headers=UNSAFE)
        assert response.ok, response.text()
        ids.append(item["id"])
    day = (patient_today(page) - days_ago * DAY).isoformat()
    rating = {"id": str(uuid.uuid4()), "instrument": "psfs", "local_date": day, "answers": dict.fromkeys(ids, 3)}
    response = page.request.post("/api/measures/responses", data=rating, headers=UNSAFE)
    assert response.ok, response.text()
    return ids


def test_re_rating_offline_waits_in_the_outbox_and_syncs(start_server: Callable[..., Server],
                                                          context_at: Callable[[str], BrowserContext]) -> None:
    server = start_server()
    gate = Gate(server.base)
    page = context_at(gate.base).new_page()
    sign_up_through_api(page)
    seed_activities(page, days_ago=15)
    page.goto("/")
    card = page.get_by_role("region", name="Rate your activities again")
    expect(card).to_be_visible()
    wait_for_service_worker(page)
    expect(card).to_be_visible()
    errors = console_errors(page)

    # Offline: the same three activities, read-only, rated again, and one more added
    gate.close()
    card.get_by_role("link", name="Rate them now").click()
    activities = page.get_by_role("region", name="Your activities (PSFS)")
    for text, rating in zip(ACTIVITIES, [5, 6, 7], strict=True):
        choose(page, text, str(rating))
    expect(activities.get_by_role("textbox")).to_have_count(0)  # never reworded
    activities.get_by_role("button", name="Add an activity").click()
    page.get_by_label("Activity 4", exact=True).fill("Cycle to work")
    choose(page, "How well can you do activity 4 today?", "2")
    screenshot(page, "psfs-rerate-offline", show=activities.get_by_role("button", name="Save my ratings"))
    activities.get_by_role("button", name="Save my ratings").click()
    expect(page.get_by_role("status").filter(has_text="Ratings saved")).to_contain_text("Your score: 5 of 10")
    status = page.get_by_role("complementary", name="Connection and sync")
    expect(status).to_contain_text("1 activity and 1 score waiting to sync.")
    assert [entry["kind"] for entry in stored_entries(page)] == ["measure-item", "measure-response"]
    screenshot(page, "psfs-rerate-waiting")

    # Back online: both are sent, in order, once
    gate.open()
    expect(page.get_by_text(re.compile(r"waiting to sync\."))).to_have_count(0, timeout=RECONNECT_TIMEOUT_MS)
    assert stored_entries(page) == []
    instrument = psfs(page)
    assert [item["text"] for item in instrument["items"]] == [*ACTIVITIES, "Cycle to work"]
    assert [r["score"] for r in instrument["responses"]] == [3, 5]
    assert not instrument["due"]
    gate.close()
    assert errors == []


def test_measures_take_a_questionnaire_total_checked_in_words(page: Page) -> None:
    errors = console_errors(page)
    sign_up_through_api(page)  # an Achilles patient: VISA-A is theirs, the FFI is not
    page.goto("/")
    page.get_by_role("link", name="See your measures").click()
    visa = page.get_by_role("region", name=re.compile("^VISA-A"))
    expect(visa).to_contain_text("100 means no symptoms")
    expect(page.get_by_role("region", name="Foot Function Index")).to_have_count(0)
    visa.get_by_label("VISA-A total (0-100)").fill("140")
    visa.get_by_role("button", name="Save VISA-A").click()
    expect(visa.get_by_role("alert")).to_have_text("The VISA-A total is a number from 0 to 100.")
    visa.get_by_label("VISA-A total (0-100)").fill("64")
    visa.get_by_role("button", name="Save VISA-A").click()
    expect(visa.get_by_role("status")).to_have_text("VISA-A saved: 64.")
    expect(visa.get_by_role("listitem").first).to_contain_text("64")
    screenshot(page, "measures-visa-a-saved", show=visa)
    assert violations(page) == []
    response = page.request.get("/api/measures")
    (instrument,) = [i for i in response.json()["instruments"] if i["id"] == "visa_a"]
    assert [(r["score"], r["local_date"], r["entered_by"]) for r in instrument["responses"]] == [
        (64, patient_today(page).isoformat(), "patient")]
    assert errors == []
