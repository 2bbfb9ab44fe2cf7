"""Clinic mode from the clinician's side (issue 15), at a desk's 1280 px and a phone's 390 px: the
caseload sorted by who needs a call (a patient with a flare-up and a referral prompt above a calm
one), its filter, search and codes; a patient's page where the clinician lowers the pain limit,
writes a note and marks the referral handled, and what the patient's server answers then say;
a colleague joining with an invite code to an empty caseload; signing out."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .browser import (
    DAY,
    LEFT_HEEL_PROFILE,
    UNSAFE,
    console_errors,
    page_width,
    patient_today,
    screenshot,
    seed_checkin,
    sign_up_through_api,
)
from .test_accessibility import AXE, violations
from .test_clinic_patient import CLINICIAN, clinic_server  # noqa: F401 (a fixture)
from .test_referral import three_flares_this_week

pytestmark = pytest.mark.e2e

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")
PAIN_LIMIT = "Highest pain during exercise that is still fine (0-10)"
NOTE = "Well done on keeping at it. Rest the raises two days, then we talk on Thursday."
HANDLED = "Phoned; assessment booked for Thursday."


def name_patient(page: Page, name: str, today) -> None:
    """The patient's profile with their name (the caseload shows it), ten days into the program."""
    profile = {**LEFT_HEEL_PROFILE, "program_start": (today - 10 * DAY).isoformat(), "display_name": name}
    assert page.request.put("/api/profile", data=profile, headers=UNSAFE).ok


def link_to_clinician(patient: Page, clinician: Page) -> None:
    """The clinician makes a patient code; the patient enters it (POST /api/clinician-link)."""
    made = clinician.request.post("/api/clinic/codes/patient", headers=UNSAFE)
    assert made.status == 201, made.text()
    linked = patient.request.post("/api/clinician-link", data={"code": made.json()["code"]}, headers=UNSAFE)
    assert linked.ok, linked.text()


def walk_the_plan(page: Page) -> dict:
    """GET /api/today as the patient: the engine walks the days seeded (flare-ups, a referral prompt)."""
    response = page.request.get("/api/today")
    assert response.ok, response.text()
    return response.json()


def flare_patient(page: Page) -> None:
    """Per Flare: calm mornings (2/10), then three mornings of 8-9/10 in the last week."""
    today = three_flares_this_week(page)
    name_patient(page, "Per Flare", today)
    assert [r["rule"] for r in walk_the_plan(page)["referrals"]] == ["three_flares"]


def calm_patient(page: Page) -> None:
    """Anna Calm: ten calm mornings; first by name, so only attention puts Per above her."""
    sign_up_through_api(page)
    today = patient_today(page)
    name_patient(page, "Anna Calm", today)
    for days_ago in range(10, 0, -1):
        seed_checkin(page, today - days_ago * DAY, morning_pain=2)
    assert walk_the_plan(page)["referrals"] == []


class Clinic:
    """Dr Ana's clinic on a server of the test's own: browsers at a desk's size (or a phone's) for
    its clinicians, phone-sized ones for patients, and Dr Ana's API."""

    def __init__(self, base: str, browser: Browser, context_args: dict, context_at: Callable[[str], BrowserContext]):
        self.base, self.browser, self.context_args, self.context_at = base, browser, context_args, context_at
        self.contexts: list[BrowserContext] = []

    def clinician_page(self, viewport: dict = DESK) -> Page:
        context = self.browser.new_context(**{**self.context_args, "base_url": self.base, "viewport": viewport})
        self.contexts.append(context)
        return context.new_page()

    def patient_page(self) -> Page:
        return self.context_at(self.base).new_page()

    def ana_through_the_api(self) -> Page:
        page = self.patient_page()  # any context will do: its cookie is Dr Ana's
        assert page.request.post("/api/auth/login", data=CLINICIAN, headers=UNSAFE).ok
        return page


@pytest.fixture
def clinic(
    clinic_server: str,  # noqa: F811
    browser: Browser,
    browser_context_args: dict,
    context_at: Callable[[str], BrowserContext],
) -> Iterator[Clinic]:
    made = Clinic(clinic_server, browser, browser_context_args, context_at)
    yield made
    for context in made.contexts:
        context.close()


def sign_in_in_the_app(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def caseload_rows(page: Page):
    return page.get_by_role("table").locator("tbody tr")


def assert_axe_passes(page: Page, screen: str) -> None:
    if not AXE.exists():
        pytest.fail("frontend/node_modules/axe-core is missing: run `npm ci` in frontend/")
    found = violations(page)
    assert found == [], f"{screen}: {found}"



def save_pain_limit(page: Page, value: str) -> None:
    """The pain limit set in the patient page's settings form, saved, and the change (from 5)
    first in the history of changes, with who made it."""
    settings = page.get_by_role("region", name="Clinical settings")
    settings.get_by_label(PAIN_LIMIT).fill(value)
    settings.get_by_role("button", name="Save clinical settings").click()
    expect(settings.get_by_role("status")).to_contain_text("Clinical settings saved.")
    history = page.get_by_role("region", name=re.compile(r"^Changes to the settings"))
    expect(history.get_by_role("heading")).to_have_text("Changes to the settings (1)")
    expect(history).to_contain_text("Dr Ana")
    changed = history.get_by_role("listitem").filter(has_text=re.compile(r"pain", re.IGNORECASE)).last
    expect(changed).to_contain_text(re.compile(rf"\b5\b.*\b{value}\b"))

def test_a_clinician_sees_who_needs_a_call_first_and_acts_on_it(clinic: Clinic) -> None:
    page = clinic.clinician_page()
    errors = console_errors(page)

    # Two patients link to Dr Ana with her codes: Per with a recent flare (and a referral prompt), Anna calm
    per, anna = clinic.patient_page(), clinic.patient_page()
    flare_patient(per)
    calm_patient(anna)
    clinician_api = clinic.ana_through_the_api()
    link_to_clinician(per, clinician_api)
    link_to_clinician(anna, clinician_api)

    # She signs in at /clinic: the caseload, Per first (a referral prompt and flare-ups), then Anna
    page.goto("/clinic")
    sign_in_in_the_app(page, CLINICIAN["email"], CLINICIAN["password"])
    expect(page.get_by_role("heading", name="Caseload", level=1)).to_be_visible()
    expect(page.get_by_text("Dr Ana", exact=True)).to_be_visible()
    rows = caseload_rows(page)
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("rowheader")).to_contain_text("Per Flare")
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text("Referral prompt")
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text(re.compile(r"Flare-up \(3 in 7 days\)"))
    expect(rows.nth(1).get_by_role("rowheader")).to_contain_text("Anna Calm")
    expect(rows.nth(1).get_by_role("cell").first).to_have_text("Nothing to act on")
    expect(page.get_by_role("columnheader").first).to_have_text("Needs attention")
    sparkline = rows.nth(0).get_by_role("img", name=re.compile(r"^Morning pain, last 14 days: 10 check-ins"))
    expect(sparkline).to_have_accessible_name(re.compile(r"from 2 to 8 out of 10, highest 9"))
    assert page_width(page) <= DESK["width"]
    page.mouse.move(0, 0)  # no row under the pointer: none shows as hovered
    screenshot(page, "clinic-caseload-1280")
    assert_axe_passes(page, "caseload")

    # Needs attention only: Per; a search by name: Anna; both cleared: both
    page.get_by_role("checkbox", name="Needs attention only").check()
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/clinic\?attention=1$"))
    page.get_by_role("checkbox", name="Needs attention only").uncheck()
    page.get_by_role("searchbox", name="Search by name").fill("anna")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_contain_text("Anna Calm")
    page.get_by_role("searchbox", name="Search by name").fill("")
    expect(rows).to_have_count(2)

    # A code for a patient, and an invite for a colleague: shown once, big, with when they stop working
    page.get_by_role("button", name="Link a patient").click()
    code_card = page.get_by_role("region", name="Code for your patient")
    expect(code_card.get_by_role("heading")).to_be_focused()
    assert CODE.match(code_card.locator(".code-big").inner_text())
    expect(code_card).to_contain_text("Works once, for 24 hours")
    expect(code_card).to_contain_text("in their Profile")
    page.get_by_role("button", name="Invite a colleague").click()
    invite = page.get_by_role("region", name="Invite a colleague")
    expect(invite).to_contain_text("Works once, for 7 days")
    expect(invite).to_contain_text("/clinic/join")
    invite.get_by_role("button", name="Done").click()
    expect(invite).to_have_count(0)

    # Per's page: his facts, the shared summary and pain chart, the open referral prompt first
    rows.nth(0).get_by_role("link", name="Per Flare").click()
    expect(page).to_have_url(re.compile(r"/clinic/patients/\d+$"))
    patient_id = int(page.url.rsplit("/", 1)[1])
    heading = page.get_by_role("heading", name="Per Flare", level=1)
    expect(heading).to_be_focused()
    expect(page.get_by_role("region", name="Pain")).to_be_visible()  # the share page's chart
    expect(page.get_by_role("region", name="At a glance")).to_be_visible()
    referrals = page.get_by_role("region", name=re.compile(r"^Referral prompts"))
    expect(referrals.get_by_role("heading")).to_have_text("Referral prompts (1 open)")
    expect(referrals).to_contain_text("3 flare-ups in 7 days. Time to see a physiotherapist or doctor")

    # His program is the clinician's to set (PROTOCOL.md 7): what it asks of him, then set it
    program = page.get_by_role("region", name="Program", exact=True)
    expect(program).to_contain_text("Now: Heelstrong ladder.")
    program.get_by_role("radio", name=re.compile(r"^Silbernagel's four phases")).check()
    expect(program.locator(".program-asks h3")).to_have_text("What Silbernagel's four phases asks of them")
    program.get_by_role("button", name="Put them on this program").click()
    expect(program.get_by_role("status")).to_have_text(
        "They now follow Silbernagel's four phases, from the next day their plan reviews.")
    screenshot(page, "clinician-program", show=program)
    for what in ("PDF", "CSV", "FHIR"):
        link = page.get_by_role("link", name=re.compile(f"^Download {what}"))
        expect(link).to_have_attribute("href", re.compile(f"^/api/clinic/patients/{patient_id}/export/{what.lower()}\\?from="))
    pdf = page.request.get(page.get_by_role("link", name=re.compile("^Download PDF")).get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    screenshot(page, "clinic-patient-1280")
    assert_axe_passes(page, "patient page")

    # Clinical settings: a pain limit of 11 is refused in the form's words; 4 is saved
    settings = page.get_by_role("region", name="Clinical settings")
    limit = settings.get_by_label(PAIN_LIMIT)
    expect(limit).to_have_value("5")
    limit.fill("11")
    settings.get_by_role("button", name="Save clinical settings").click()
    alert = settings.get_by_role("alert")
    expect(alert).to_contain_text(f"{PAIN_LIMIT} can be at most 10.")
    assert not FIELD_NAME.search(alert.inner_text()), alert.inner_text()
    save_pain_limit(page, "4")

    # A note to Per (500 characters at most)
    notes = page.get_by_role("region", name="Note to the patient")
    notes.get_by_role("button", name="Send note").click()
    expect(notes.get_by_role("alert")).to_have_text("Write the note first.")
    notes.get_by_label("Your note").fill(NOTE)
    expect(notes).to_contain_text(f"{500 - len(NOTE)} of 500 characters left")
    notes.get_by_role("button", name="Send note").click()
    expect(notes.get_by_role("status")).to_contain_text("Note sent.")
    expect(notes.get_by_label("Your note")).to_have_value("")
    expect(notes.get_by_role("listitem").filter(has_text=NOTE)).to_contain_text("Not read yet")
    expect(notes.get_by_role("heading", name="Earlier notes (1)")).to_be_visible()

    # The referral prompt: seen and handled, with a short note for the record
    referrals.get_by_role("button", name=re.compile(r"^Seen and handled")).click()
    what_i_did = referrals.get_by_label("What did you do about it?")
    expect(what_i_did).to_be_focused()
    what_i_did.fill(HANDLED)
    referrals.get_by_role("button", name="Mark as handled").click()
    expect(referrals.get_by_role("heading")).to_have_text("Referral prompts")
    expect(referrals.get_by_role("status")).to_contain_text("Marked as handled")
    expect(referrals).to_contain_text("Handled by Dr Ana")
    expect(referrals).to_contain_text(HANDLED)
    screenshot(page, "clinic-patient-after-1280", show=referrals)

    # What Per's server answers say now: the note, the change by his clinician, the handled prompt
    today = walk_the_plan(per)
    assert [note["body"] for note in today["notes"]] == [NOTE]
    changed = [d for d in today["recent_decisions"] if d["message"].startswith("Changed by your clinician")]
    assert len(changed) == 1, today["recent_decisions"]
    assert changed[0]["message"].startswith("Changed by your clinician, Dr Ana:")
    assert re.search(r"pain.*\b5\b.*\b4\b", changed[0]["message"]), changed[0]["message"]
    thresholds = per.request.get("/api/profile/thresholds").json()
    assert thresholds["pain_limit"] == 4
    decisions = per.request.get("/api/progression").json()["decisions"]
    (referral,) = [d for d in decisions if d["kind"] == "refer"]
    assert referral["handled_note"] == HANDLED and referral["handled_by_name"] == "Dr Ana"

    # Back on the caseload, Per's referral prompt has left the attention column; his flare-ups have not
    page.get_by_role("link", name="← Caseload").click()
    expect(page.get_by_role("heading", name="Caseload", level=1)).to_be_focused()
    expect(rows.nth(0).get_by_role("cell").first).not_to_contain_text("Referral prompt")
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text("Flare-up")

    # On a phone: the same caseload as cards, nothing wider than the screen
    phone = clinic.clinician_page(PHONE)
    assert phone.request.post("/api/auth/login", data=CLINICIAN, headers=UNSAFE).ok
    phone.goto("/clinic")
    expect(caseload_rows(phone)).to_have_count(2)
    assert page_width(phone) <= PHONE["width"], page_width(phone)
    link = caseload_rows(phone).nth(0).get_by_role("link", name="Per Flare")
    assert link.bounding_box()["height"] >= 44
    screenshot(phone, "clinic-caseload-390")
    link.click()
    expect(phone.get_by_role("heading", name="Per Flare", level=1)).to_be_visible()
    assert page_width(phone) <= PHONE["width"], page_width(phone)
    screenshot(phone, "clinic-patient-390")

    # Signing out: the sign-in screen, and the server has ended the session
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.request.get("/api/me").status == 401
    assert errors == [], f"the browser reported errors: {errors}"


def test_a_colleague_joins_with_an_invite_code_and_is_told_how_patients_link(clinic: Clinic) -> None:
    invite = clinic.ana_through_the_api().request.post("/api/clinic/codes/clinician", headers=UNSAFE).json()["code"]
    page = clinic.clinician_page()
    errors = console_errors(page)
    page.goto("/")
    page.get_by_role("link", name="Join your clinic").click()
    expect(page).to_have_url(re.compile(r"/clinic/join$"))
    expect(page.get_by_role("heading", name="Join your clinic")).to_be_focused()
    page.get_by_label("Invite code").fill(invite.lower().replace("-", ""))  # typed however
    page.get_by_label("Your name").fill("Dr Berit")
    page.get_by_label("Email").fill("berit@oslo-heel.example.org")
    page.get_by_label("Password", exact=True).fill("Another-strong-4321")
    page.get_by_role("button", name="Make my clinician account").click()

    # Signed in at once: an empty caseload that says how patients link
    expect(page.get_by_role("heading", name="Caseload", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/clinic$"))
    expect(page.get_by_text("Oslo Heel").first).to_be_visible()
    empty = page.get_by_role("region", name="No patients yet")
    expect(empty).to_contain_text("they enter your code in Heelstrong, in their Profile")
    empty.get_by_role("button", name="Link a patient").click()
    expect(page.get_by_role("region", name="Code for your patient").locator(".code-big")).to_have_text(CODE)
    screenshot(page, "clinic-caseload-empty-1280")

    # The code is used up: a second colleague with it is refused in words
    page.get_by_role("button", name="Sign out").click()
    page.goto("/clinic/join")
    page.get_by_label("Invite code").fill(invite)
    page.get_by_label("Your name").fill("Dr Carl")
    page.get_by_label("Email").fill("carl@oslo-heel.example.org")
    page.get_by_label("Password", exact=True).fill("Another-strong-4321")
    page.get_by_role("button", name="Make my clinician account").click()
    expect(page.get_by_role("alert")).to_have_text("That code is not right or has expired: ask for a new one.")
    assert errors == [], f"the browser reported errors: {errors}"
