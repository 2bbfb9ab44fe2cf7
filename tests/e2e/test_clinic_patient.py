"""Clinic mode from the patient's side, on a phone-sized screen (issue 15): linking with the code
the clinician shows (typed however), the clinician in Profile and the clinical settings read-only
while linked, the clinician's note first on Today (and its thread), their changes and a referral
they have seen in the patient's words, "Who looked at my data", and unlinking. The clinician
works through the API with cookies of their own. Marking a note read needs the server (offline,
the card says so); an answer offline waits in the outbox and is sent once back online."""

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, BrowserContext, Locator, Page, expect

from tests.server import running_server

from .browser import UNSAFE, console_errors, go_to, screenshot
from .conftest import E2E_ENV, serve_copy_of_build
from .netgate import Gate
from .test_accessibility import violations
from .test_referral import referral_panel, three_flares_this_week

pytestmark = pytest.mark.e2e

CLINICIAN = {"email": "ana@oslo-heel.example.org", "password": "Strong-pass-9876"}
WRONG_CODE = "That code is not right or has expired: ask for a new one."


def heelstrong(database_url: str, *args: str, stdin: str = "") -> None:
    """The `heelstrong` command an admin runs, against the test's database."""
    done = subprocess.run([sys.executable, "-m", "heelstrong.cli", *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, "HEELSTRONG_DATABASE_URL": database_url}, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def clinic_server(tmp_path: Path) -> Iterator[str]:
    """A server of this test's own whose database has a clinician, Dr Ana of Oslo Heel, added
    with `heelstrong add-clinician` as an admin would."""
    database_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    heelstrong(database_url, "migrate")
    heelstrong(database_url, "add-clinician", "--clinic", "Oslo Heel", "--email", CLINICIAN["email"], "--name", "Dr Ana",
               stdin=CLINICIAN["password"] + "\n")
    with running_server(database_url, E2E_ENV | serve_copy_of_build(tmp_path / "dist")) as server:
        yield server.base


def signed_in_clinician(context: BrowserContext) -> APIRequestContext:
    """The clinician's own cookie jar (another browser context), signed in."""
    assert context.request.post("/api/auth/login", data=CLINICIAN, headers=UNSAFE).ok
    return context.request


def patient_code(clinician: APIRequestContext) -> str:
    response = clinician.post("/api/clinic/codes/patient", headers=UNSAFE)
    assert response.status == 201, response.text()
    return response.json()["code"]


def only_patient(clinician: APIRequestContext) -> int:
    response = clinician.get("/api/clinic/caseload")
    assert response.ok, response.text()
    (row,) = response.json()["rows"]
    return row["patient_id"]


def write_note(clinician: APIRequestContext, patient_id: int, body: str) -> dict:
    response = clinician.post(f"/api/clinic/patients/{patient_id}/notes", data={"body": body}, headers=UNSAFE)
    assert response.status == 201, response.text()
    return response.json()


def note_card(page: Page, who: str = "Dr Ana") -> Locator:
    return page.get_by_role("article", name=f"Note from {who}")


def clinician_section(page: Page) -> Locator:
    return page.get_by_role("region", name="Your clinician", exact=True)


def settings_section(page: Page) -> Locator:
    return page.get_by_role("region", name="Clinician settings")


PAIN_LIMIT = "Highest pain during exercise that is still fine (0-10)"


def pain_limit_shown(settings: Locator) -> Locator:
    """The pain limit shown read-only, as a term and its value."""
    return settings.locator(".threshold").filter(has_text=PAIN_LIMIT)


def audit(page: Page, found: dict[str, list[str]], screen: str) -> None:
    """axe's findings on what is on screen now, light and dark."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found[f"{screen} ({scheme})"] = violations(page)
    page.emulate_media(color_scheme="light")


def link_in_profile(page: Page, code: str) -> None:
    """Types the code as a patient might: lower case, the dash left out."""
    go_to(page, "Profile")
    section = clinician_section(page)
    expect(section).to_contain_text("sees your check-ins, sessions and plan, and sets your pain limit and pacing")
    section.get_by_label("Code from your clinician").fill(code.replace("-", "").lower())
    section.get_by_role("button", name="Link to your clinician").click()
    expect(section.get_by_role("status")).to_have_text("Linked to Dr Ana at Oslo Heel.")


def test_a_patient_links_reads_and_answers_a_note_and_unlinks(
    clinic_server: str, context_at: Callable[[str], BrowserContext]
) -> None:
    page = context_at(clinic_server).new_page()
    errors = console_errors(page)
    found: dict[str, list[str]] = {}
    clinician = signed_in_clinician(context_at(clinic_server))
    three_flares_this_week(page)  # a referral prompt for the clinician to see to
    page.goto("/")
    expect(referral_panel(page)).to_be_visible()

    # Not linked: no access log yet, the settings are the patient's own
    go_to(page, "Profile")
    section = clinician_section(page)
    expect(section.get_by_role("button", name="Link to your clinician")).to_be_visible()
    expect(page.get_by_role("region", name="Who looked at my data")).to_have_count(0)
    # A code that is not right is said in words (and never sent when it cannot be one)
    section.get_by_label("Code from your clinician").fill("hk4t")
    section.get_by_role("button", name="Link to your clinician").click()
    expect(section.get_by_role("alert")).to_contain_text("A code has 8 letters and numbers")
    section.get_by_label("Code from your clinician").fill("hk4t 9pqx")
    section.get_by_role("button", name="Link to your clinician").click()
    expect(section.get_by_role("alert")).to_have_text(WRONG_CODE)
    expect(section.get_by_label("Code from your clinician")).to_have_attribute("aria-invalid", "true")
    audit(page, found, "profile: link form")

    # The code the clinician shows, typed in lower case without the dash
    link_in_profile(page, patient_code(clinician))
    expect(section).to_contain_text("Dr Ana")
    expect(section).to_contain_text("Oslo Heel")
    expect(section).to_contain_text(re.compile(r"Linked since \w+"))
    unlink = section.get_by_role("button", name="Unlink")
    box = unlink.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 200, box  # a large tap target
    screenshot(page, "profile-clinician-linked", show=section)
    audit(page, found, "profile: linked")

    # While linked the clinical settings are the clinician's: shown, not editable
    settings = settings_section(page)
    expect(settings).to_contain_text("Set by your clinician, Dr Ana")
    settings.get_by_text("Show the settings").click()
    expect(pain_limit_shown(settings)).to_be_visible()
    expect(settings.get_by_role("spinbutton")).to_have_count(0)
    expect(settings.get_by_role("button", name="Save clinician settings")).to_have_count(0)
    screenshot(page, "profile-settings-set-by-clinician", show=settings.get_by_role("heading", name="Clinician settings"))
    # Linked: the access log is there, even before anyone looked
    expect(page.get_by_role("region", name="Who looked at my data")).to_contain_text("Nobody yet")

    # The clinician opens the patient's page, lowers the pain limit, writes two notes and
    # deals with the referral prompt
    patient_id = only_patient(clinician)
    patient = clinician.get(f"/api/clinic/patients/{patient_id}").json()
    (referral,) = patient["referrals"]
    new_settings = {**patient["settings"], "pain_limit": patient["settings"]["pain_limit"] - 2}
    response = clinician.put(f"/api/clinic/patients/{patient_id}/settings", data=new_settings, headers=UNSAFE)
    assert response.ok, response.text()
    response = clinician.post(f"/api/clinic/patients/{patient_id}/referrals/{referral['id']}/handled",
                              data={"note": "I'll call you on Thursday to go through it."}, headers=UNSAFE)
    assert response.ok, response.text()
    first = write_note(clinician, patient_id, "Great work this week. Keep the calf holds gentle.")
    second = write_note(clinician, patient_id, "I've lowered your pain limit to 3 for now.\nHow are mornings?")

    # Today: the notes first, newest on top, before the referral prompt
    go_to(page, "Today")
    notes = page.locator(".clinician-note")
    expect(notes).to_have_count(2)
    card = page.locator("main > *").nth(1)  # right under the heading
    expect(card).to_have_role("article")
    expect(card).to_contain_text("I've lowered your pain limit to 3 for now.")
    expect(card.get_by_role("heading")).to_have_text("Note from Dr Ana")
    expect(card).to_contain_text(re.compile(r"Your clinician · sent today at \d"))
    assert card.bounding_box()["y"] < referral_panel(page).bounding_box()["y"]
    for name in ("Mark as read", "Answer"):
        box = card.get_by_role("button", name=name).bounding_box()
        assert box["height"] >= 48, (name, box)
    screenshot(page, "today-clinician-note")
    audit(page, found, "today: notes")

    # The referral prompt says the clinician has seen it, with their name and note
    prompt = referral_panel(page)
    expect(prompt).to_contain_text("Your clinician has seen this")
    expect(prompt).to_contain_text("Dr Ana")
    expect(prompt).to_contain_text("I'll call you on Thursday to go through it.")
    prompt.get_by_text("Your clinician has seen this").evaluate("e => e.scrollIntoView({ block: 'center' })")
    screenshot(page, "today-referral-seen-by-clinician")

    # An answer: it shows in the note's thread, and more may follow
    card.get_by_role("button", name="Answer").click()
    answer_box = card.get_by_label("Your answer to Dr Ana")
    expect(answer_box).to_be_focused()
    expect(answer_box).to_have_attribute("maxlength", "500")
    answer_box.fill("Mornings are better, about 2 out of 10.")
    audit(page, found, "today: answering")
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_role("heading", name="Your answer, sent")).to_be_visible()
    expect(card.get_by_role("list", name="Messages with Dr Ana")).to_contain_text("Mornings are better, about 2 out of 10.")
    expect(card.get_by_role("button", name="Write more")).to_be_visible()
    screenshot(page, "today-clinician-note-answered", show=card)
    audit(page, found, "today: answered")
    card.get_by_role("button", name="Done").click()
    expect(note_card(page)).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Your answer to Dr Ana is sent")).to_be_visible()

    # The other note: marked as read, it leaves Today for good
    note_card(page).get_by_role("button", name="Mark as read").click()
    expect(note_card(page)).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Marked as read")).to_be_visible()
    page.reload()
    expect(referral_panel(page)).to_be_visible()
    expect(note_card(page)).to_have_count(0)
    kept = {note["id"]: note for note in page.request.get("/api/notes").json()}
    assert kept[first["id"]]["read_at"] is not None and kept[first["id"]]["messages"] == []
    assert [m["body"] for m in kept[second["id"]]["messages"]] == ["Mornings are better, about 2 out of 10."]

    # The clinician's change, in the patient's words
    go_to(page, "Progress")
    change = page.locator(".decision").filter(has_text="Changed by your clinician, Dr Ana")
    expect(change).to_have_count(1)
    expect(change.locator(".tag")).to_have_text("Your clinician")
    expect(page.locator(".decision").filter(has_text="Your clinician has seen this")).to_have_count(1)
    change.evaluate("e => e.scrollIntoView({ block: 'center' })")
    screenshot(page, "progress-clinician-change")

    # Who looked: the clinician's reads, newest first, in words and local time
    go_to(page, "Profile")
    log = page.get_by_role("region", name="Who looked at my data")
    entries = log.get_by_role("listitem")
    expect(entries.first).to_contain_text("Dr Ana, Oslo Heel")
    expect(entries.first).to_contain_text("opened your page: check-ins, sessions and plan")
    expect(entries.first).to_contain_text(re.compile(r"today at \d"))
    expect(log).to_contain_text("saw you in their list of patients")
    screenshot(page, "profile-access-log", show=log)
    # ... and the settings show the clinician's new pain limit
    settings = settings_section(page)
    settings.get_by_text("Show the settings").click()
    expect(pain_limit_shown(settings).locator("dd")).to_have_text(str(new_settings["pain_limit"]))

    # Unlinking is asked twice; then the settings are the patient's again
    section.get_by_role("button", name="Unlink").click()
    expect(section).to_contain_text("Unlink from Dr Ana?")
    section.get_by_role("button", name="Keep the link").click()
    expect(section.get_by_role("button", name="Unlink")).to_be_focused()
    section.get_by_role("button", name="Unlink").click()
    screenshot(page, "profile-clinician-unlink", show=section)
    audit(page, found, "profile: unlink?")
    section.get_by_role("button", name="Yes, unlink").click()
    expect(section.get_by_role("status")).to_contain_text("Unlinked. Dr Ana sees nothing more of your data")
    expect(section.get_by_role("button", name="Link to your clinician")).to_be_visible()
    assert page.request.get("/api/clinician-link").json() is None
    settings = settings_section(page)
    expect(settings).not_to_contain_text("Set by your clinician")
    settings.get_by_text("Show the settings").click()
    expect(settings.get_by_label(PAIN_LIMIT)).to_be_editable()
    expect(settings.get_by_label(PAIN_LIMIT)).to_have_value(str(new_settings["pain_limit"]))
    # The clinician sees nothing more
    assert clinician.get(f"/api/clinic/patients/{patient_id}").status == 404
    assert {screen: problems for screen, problems in found.items() if problems} == {}
    assert errors == [], f"the browser reported errors: {errors}"


def test_a_note_needs_a_connection_to_be_read_and_an_answer_waits_offline(
    clinic_server: str, context_at: Callable[[str], BrowserContext]
) -> None:
    gate = Gate(clinic_server)
    page = context_at(gate.base).new_page()
    clinician = signed_in_clinician(context_at(clinic_server))
    three_flares_this_week(page)
    page.goto("/")
    link_in_profile(page, patient_code(clinician))
    write_note(clinician, only_patient(clinician), "Please log tomorrow's session too.")
    go_to(page, "Today")
    card = note_card(page)
    expect(card).to_contain_text("Please log tomorrow's session too.")

    # Offline: Today comes from the phone's copy; the card says plainly what needs a connection
    gate.close()
    go_to(page, "History")
    go_to(page, "Today")
    card = note_card(page)
    read = card.get_by_role("button", name="Mark as read")
    expect(read).to_have_accessible_description(re.compile(r"needs a connection"))
    read.click()
    expect(card.get_by_role("alert")).to_contain_text("Marking this as read needs a connection.")
    expect(card).to_be_visible()

    # An answer offline waits on the phone, with its own id, and goes once the server is back
    card.get_by_role("button", name="Answer").click()
    expect(card).to_contain_text("What you send now waits on this phone")
    card.get_by_label("Your answer to Dr Ana").fill("Will do.")
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_role("heading", name="Your answer waits on this phone")).to_be_visible()
    expect(card.get_by_role("list", name="Messages with Dr Ana")).to_contain_text("Will do.")
    expect(card.get_by_role("list", name="Messages with Dr Ana")).to_contain_text("waiting to send")
    expect(page.get_by_text("1 message to your clinician waiting to sync")).to_be_visible()
    screenshot(page, "today-clinician-note-offline", show=card)

    # Back online, the outbox sends it, once
    gate.open()
    expect(page.get_by_text(re.compile(r"waiting to sync\."))).to_have_count(0, timeout=25_000)
    (note,) = page.request.get("/api/notes").json()
    assert [m["body"] for m in note["messages"]] == ["Will do."]
    gate.close()
