"""Sharing with a clinician: the patient makes a read-only link on the Share screen, a clinician
opens it in another browser with no account (desktop and phone, and printed), the patient sees
the views and revokes it, and the link stops working. Plus the patient's own downloads."""

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .browser import DAY, PASSWORD, SCREENS, UNSAFE, calf_holds, console_errors, go_to, seed_checkin, seed_session
from .test_accessibility import AXE, violations

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PATIENT_NAME = "Ana Berg-Lund"
CLINICIAN = "Dr. Berg, physio"
SEEDED_DAYS = 14
FLAGGED_DAY = 5  # the sixth seeded day: calf holds at 7/10, above the 5/10 limit


def full_screenshot(page: Page, name: str) -> None:
    """The whole page, top to bottom (the clinician's summary is long)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def new_patient(page: Page) -> dt.date:
    """A signed-in patient whose program started two weeks ago, with two weeks of morning
    check-ins and calf holds (one session too painful), all through the API. Returns the first day."""
    account = {"email": f"patient-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    assert page.request.post("/api/auth/register", data=account, headers=UNSAFE).ok
    assert page.request.post("/api/auth/login", data=account, headers=UNSAFE).ok  # registering does not sign in
    today = dt.datetime.now(dt.UTC).date()
    first = today - SEEDED_DAYS * DAY
    profile = {"painful_side": "right", "condition": "achilles_midportion",
               "program_start": first.isoformat(), "timezone": "UTC"}
    response = page.request.put("/api/profile", data=profile, headers=UNSAFE)
    assert response.ok, response.text()
    # Everything is seeded before anything asks for today's plan: a day the engine has walked
    # is never walked again.
    for offset in range(SEEDED_DAYS):
        day = first + offset * DAY
        seed_checkin(page, day, morning_pain=3)
        seed_session(page, day, calf_holds(pain=7 if offset == FLAGGED_DAY else 3))
    seed_checkin(page, today, morning_pain=2)
    return first


def set_display_name(page: Page) -> None:
    page.goto("/")
    go_to(page, "Profile")
    page.get_by_label("Your name (shown to your clinician)").fill(PATIENT_NAME)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").filter(has_text="Profile saved.")).to_be_visible()
    assert page.request.get("/api/profile").json()["display_name"] == PATIENT_NAME


def open_share_screen(page: Page) -> None:
    go_to(page, "Profile")
    page.get_by_role("link", name="Share with your clinician").click()
    expect(page.get_by_role("heading", name="Share with your clinician", level=1)).to_be_visible()


def make_link(page: Page, label: str | None = CLINICIAN) -> str:
    """Makes a link on the Share screen (30 days, the default) and returns its full URL."""
    form = page.get_by_role("form", name="Make a new link")
    expect(form.get_by_role("radio", name="30 days")).to_be_checked()
    if label:
        form.get_by_label("Who is it for? (optional)").fill(label)
    form.get_by_role("button", name="Make a link").click()
    created = page.get_by_role("region", name=re.compile(r"^Your new link"))
    expect(created).to_be_visible()
    return created.get_by_label("Link to send").input_value()


def link_item(page: Page, label: str):
    return page.get_by_role("region", name="Your links").get_by_role("listitem", name=label, exact=True)


def clinician_context(browser: Browser, base_url: str, viewport: dict, color_scheme: str = "light") -> BrowserContext:
    """Another browser: no cookies, no account."""
    return browser.new_context(base_url=base_url, viewport=viewport, device_scale_factor=2 if viewport == PHONE else 1,
                               has_touch=viewport == PHONE, accept_downloads=True, color_scheme=color_scheme)


def api_calls(page: Page) -> list[str]:
    calls: list[str] = []
    page.on("request", lambda request: "/api/" in request.url and calls.append(request.url))
    return calls


def test_patient_shares_a_link_clinician_reads_it_then_it_is_revoked(page: Page, browser: Browser, base_url: str) -> None:
    errors = console_errors(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    first_day = new_patient(page)
    set_display_name(page)

    # The Share screen, then a link for the physio: the full URL is shown once, with Copy
    open_share_screen(page)
    expect(page.get_by_role("region", name="What a link shows")).to_contain_text("read-only")
    expect(page.get_by_role("region", name="Your links")).to_contain_text("No links yet")
    page.screenshot(path=SCREENS / "sharing-01-share-screen.png")
    page.get_by_role("region", name="Download for yourself").scroll_into_view_if_needed()
    page.screenshot(path=SCREENS / "sharing-01b-share-downloads.png")
    url = make_link(page)
    assert re.fullmatch(rf"{re.escape(base_url)}/shared/[A-Za-z0-9_-]{{20,}}", url), url
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    item = link_item(page, CLINICIAN)
    expect(item).to_contain_text("Active")
    expect(item).to_contain_text("Never opened")
    page.screenshot(path=SCREENS / "sharing-02-link-created.png")

    # The clinician, on a desktop, with no account: the summary, never a sign-in
    desk = clinician_context(browser, base_url, DESKTOP)
    clinician = desk.new_page()
    clinician_errors = console_errors(clinician)
    calls = api_calls(clinician)
    clinician.goto(url)
    expect(clinician.get_by_role("heading", name=PATIENT_NAME, level=1)).to_be_visible()
    assert not any(call.endswith("/api/me") for call in calls), calls
    expect(clinician.get_by_text("Right heel", exact=True)).to_be_visible()
    expect(clinician.get_by_text("Achilles tendinopathy (mid-portion)", exact=True)).to_be_visible()
    # The default 4 weeks start no earlier than the program did
    expect(clinician.get_by_label("From", exact=True)).to_have_value(first_day.isoformat())
    plan = clinician.get_by_role("region", name="Current plan")
    expect(plan).to_contain_text(re.compile(r"Calf stage \d: "))
    expect(plan).to_contain_text("Highest pain during exercise that is still fine (0-10)")
    expect(clinician.get_by_role("img", name=re.compile(r"^Pain, 0 to 10"))).to_be_visible()
    flagged = clinician.get_by_role("region", name=re.compile(r"^Flagged sessions \(1\)"))
    flagged_day = (first_day + FLAGGED_DAY * DAY).isoformat()
    expect(flagged.get_by_role("listitem")).to_have_count(1)
    expect(flagged).to_contain_text("Pain above 5/10")
    changes = clinician.get_by_role("region", name=re.compile(r"^Every plan change"))
    expect(changes).to_contain_text("Too much this time")
    expect(changes).to_contain_text("Dose up")
    expect(clinician.get_by_role("region", name="Sessions per week").get_by_role("row")).not_to_have_count(0)
    full_screenshot(clinician, "sharing-03-clinician-desktop")

    # Downloads: the A4 PDF and the CSV, as files
    with clinician.expect_download() as pdf:
        clinician.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with open(pdf.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with clinician.expect_download() as csv:
        clinician.get_by_role("link", name=re.compile(r"^Download CSV")).click()
    assert csv.value.suggested_filename.endswith(".csv")
    with open(csv.value.path(), encoding="utf-8-sig") as file:
        rows = file.read().splitlines()
    assert rows[0].startswith("patient_id,patient_name,date,morning_pain")
    assert any(row.split(",")[2] == flagged_day for row in rows[1:])  # after the patient id and name

    # A wrong period shows the server's sentence; a longer one, then printed: no buttons, no range form
    period = clinician.get_by_role("form", name="Period shown")
    period.get_by_label("From", exact=True).fill((dt.datetime.now(dt.UTC).date() + DAY).isoformat())
    period.get_by_role("button", name="Show").click()
    expect(period.get_by_role("alert")).to_have_text("'from' must not be after 'to'.")
    expect(clinician.get_by_role("heading", name=PATIENT_NAME, level=1)).to_be_visible()
    clinician.get_by_role("button", name="Last 12 weeks").click()
    expect(period.get_by_role("alert")).to_have_count(0)
    expect(clinician.get_by_role("button", name="Last 12 weeks")).to_have_attribute("aria-pressed", "true")
    clinician.emulate_media(media="print")
    expect(clinician.get_by_role("button", name="Show")).to_be_hidden()
    expect(clinician.get_by_role("link", name=re.compile(r"^Download PDF"))).to_be_hidden()
    expect(clinician.get_by_role("heading", name=PATIENT_NAME)).to_be_visible()
    full_screenshot(clinician, "sharing-05-clinician-print")
    clinician.emulate_media(media="screen")

    # On a phone: the same summary, nothing wider than the screen
    phone = clinician_context(browser, base_url, PHONE)
    on_phone = phone.new_page()
    phone_errors = console_errors(on_phone)
    on_phone.goto(url)
    expect(on_phone.get_by_role("heading", name=PATIENT_NAME, level=1)).to_be_visible()
    expect(on_phone.get_by_role("region", name=re.compile(r"^Flagged sessions"))).to_contain_text("Pain above 5/10")
    wider = on_phone.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 3).map((e) => e.outerHTML.slice(0, 120))""")
    assert on_phone.evaluate("document.documentElement.scrollWidth <= innerWidth"), wider
    on_phone.screenshot(path=SCREENS / "sharing-04-clinician-phone.png")
    full_screenshot(on_phone, "sharing-04-clinician-phone-full")

    # Back with the patient: the views are counted, then the link is revoked (after a confirm)
    page.reload()
    item = link_item(page, CLINICIAN)
    expect(item).to_contain_text(re.compile(r"Last opened .+ · \d+ views"))
    views = int(re.search(r"(\d+) views", item.inner_text()).group(1))
    assert views >= 5  # the summary on a desktop and a phone, the PDF, the CSV, the other periods
    item.get_by_role("button", name=f"Revoke {CLINICIAN}").click()
    expect(item.get_by_text("Revoke this link?")).to_be_visible()
    item.get_by_role("button", name="Keep it").click()
    expect(item.get_by_text("Revoke this link?")).to_be_hidden()
    item.get_by_role("button", name=f"Revoke {CLINICIAN}").click()
    page.screenshot(path=SCREENS / "sharing-06-revoke-confirm.png")
    item.get_by_role("button", name="Revoke link").click()
    expect(page.get_by_role("status").filter(has_text="revoked")).to_be_visible()
    expect(item).to_contain_text("Revoked")
    expect(item.get_by_role("button", name=f"Revoke {CLINICIAN}")).to_have_count(0)
    item.scroll_into_view_if_needed()
    page.screenshot(path=SCREENS / "sharing-07-link-revoked.png")

    # The clinician reloads: the link no longer works, and says so
    clinician.reload()
    expect(clinician.get_by_role("heading", name="This link does not work", level=1)).to_be_visible()
    expect(clinician.get_by_text(PATIENT_NAME)).to_have_count(0)
    expect(clinician.get_by_role("heading", name="Sign in")).to_have_count(0)
    clinician.screenshot(path=SCREENS / "sharing-08-link-does-not-work.png")

    assert (errors, clinician_errors, phone_errors) == ([], [], [])
    desk.close()
    phone.close()


def test_patient_downloads_own_files_and_sees_the_servers_message_for_a_bad_range(page: Page) -> None:
    errors = console_errors(page)
    new_patient(page)
    page.goto("/share")
    mine = page.get_by_role("region", name="Download for yourself")
    today = dt.datetime.now(dt.UTC).date()
    expect(mine.get_by_label("From")).to_have_value((today - 27 * DAY).isoformat())
    expect(mine.get_by_label("To")).to_have_value(today.isoformat())

    with page.expect_download() as pdf:
        mine.get_by_role("button", name=re.compile(r"^Download PDF")).click()
    # Named like the CSV: after the patient and the range
    assert re.fullmatch(rf"heelstrong-[a-z0-9-]+-{today - 27 * DAY}-to-{today}\.pdf", pdf.value.suggested_filename)
    with open(pdf.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with page.expect_download() as fhir:
        mine.get_by_role("button", name=re.compile(r"^Download FHIR")).click()
    assert fhir.value.suggested_filename.endswith(f"-fhir-{today - 27 * DAY}-to-{today}.json")

    # From after To: the server's sentence, and no file
    mine.get_by_label("From").fill((today + DAY).isoformat())
    mine.get_by_role("button", name=re.compile(r"^Download CSV")).click()
    expect(mine.get_by_role("alert")).to_have_text("'from' must not be after 'to'.")
    # More than two years
    mine.get_by_label("From").fill((today - 3 * 365 * DAY).isoformat())
    mine.get_by_role("button", name=re.compile(r"^Download CSV")).click()
    expect(mine.get_by_role("alert")).to_contain_text("2 years")
    assert errors == []


def test_a_made_up_link_says_it_does_not_work(page: Page) -> None:
    calls = api_calls(page)
    page.goto("/shared/not-a-real-token")
    expect(page.get_by_role("heading", name="This link does not work", level=1)).to_be_visible()
    expect(page.get_by_text("Ask the patient for a new one")).to_be_visible()
    assert not any(call.endswith("/api/me") for call in calls), calls
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_sharing_screens_pass_axe(page: Page, browser: Browser, base_url: str, color_scheme: str) -> None:
    if not AXE.exists():
        pytest.fail("frontend/node_modules/axe-core is missing: run `npm ci` in frontend/")
    page.emulate_media(color_scheme=color_scheme)
    found: dict[str, list[str]] = {}
    new_patient(page)
    page.goto("/share")
    expect(page.get_by_role("region", name="Your links")).to_contain_text("No links yet")
    found["share"] = violations(page)
    url = make_link(page)
    found["share: link made"] = violations(page)
    page.get_by_role("button", name="Done").click()
    link_item(page, CLINICIAN).get_by_role("button", name=f"Revoke {CLINICIAN}").click()
    found["share: confirm revoke"] = violations(page)
    page.goto("/profile")
    expect(page.get_by_label("Your name (shown to your clinician)")).to_be_visible()
    found["profile with name and share"] = violations(page)

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = clinician_context(browser, base_url, viewport, color_scheme)
        clinician = context.new_page()
        clinician.goto(url)
        expect(clinician.get_by_role("region", name=re.compile(r"^Flagged sessions"))).to_be_visible()
        clinician.get_by_text("Show the numbers day by day").click()
        found[f"clinician {name}"] = violations(clinician)
        if name == "phone" and color_scheme == "dark":
            clinician.screenshot(path=SCREENS / "sharing-dark-clinician-phone.png")
        clinician.goto("/shared/no-such-link")
        expect(clinician.get_by_role("heading", name="This link does not work")).to_be_visible()
        found[f"link does not work {name}"] = violations(clinician)
        context.close()

    assert {screen: problems for screen, problems in found.items() if problems} == {}
