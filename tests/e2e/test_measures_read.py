"""The measures read (PROTOCOL.md 6, issue 24), at a phone's 390 px: Progress draws the heel-rise
tests per side with the 6-rise noise band around the first test, the symmetry index against
the clinician's goal and the PSFS with its 2-point band, says start against now in words, and
reads them from the phone's copy offline; a linked clinician's caseload shows the latest LSI,
the patient's page shows the measures and takes a VISA-A total that then appears, and the
share page shows the measures block."""

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
    console_errors,
    go_to,
    page_width,
    patient_today,
    screenshot,
    sign_up_through_api,
    wait_for_service_worker,
)
from .netgate import Gate
from .test_accessibility import violations
from .test_clinic_patient import CLINICIAN, clinic_server  # noqa: F401 (a fixture)
from .test_clinician import Clinic, caseload_rows, clinic, link_to_clinician, sign_in_in_the_app  # noqa: F401

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# The painful (left) side's rises at each test, 3 weeks apart; the right side does 26 each time.
PAINFUL = {63: 8, 42: 14, 21: 20, 0: 24}
OTHER = 26
RISES_WORDS = "8 -> 24 rises on the painful side: beyond the 6-rise noise"


def post(page: Page, path: str, body: dict) -> dict:
    response = page.request.post(path, data=body, headers=UNSAFE)
    assert response.status == 201, response.text()
    return response.json()


def seed_measures(page: Page, name: str = "Lena Rise") -> dt.date:
    """A signed-up patient made a left painful heel (Achilles, mid-portion) ten weeks into the
    program: four heel-rise tests, 8 -> 14 -> 20 -> 24 rises on the painful side against 26 on
    the other, and three activities rated 3.0 at the start and 6.3 last week. Returns the
    patient's today."""
    today = patient_today(page)
    profile = {**LEFT_HEEL_PROFILE, "program_start": (today - 70 * DAY).isoformat(), "display_name": name}
    assert page.request.put("/api/profile", data=profile, headers=UNSAFE).ok
    for days_ago, painful in PAINFUL.items():
        post(page, "/api/measures/heel-rise", {
            "id": str(uuid.uuid4()),
            "local_date": (today - days_ago * DAY).isoformat(),
            "sides": [
                {"side": "right", "count": OTHER, "height_held": True, "pain": 0},
                {"side": "left", "count": painful, "height_held": days_ago == 0, "pain": 2},
            ],
        })
    items = [post(page, "/api/measures/items", {"id": str(uuid.uuid4()), "instrument": "psfs", "text": text})["id"]
             for text in ("Run 5 km", "Walk the dog for 30 minutes", "Stairs at work")]
    for days_ago, ratings in ((62, (2, 3, 4)), (7, (6, 6, 7))):
        post(page, "/api/measures/responses", {
            "id": str(uuid.uuid4()), "instrument": "psfs", "local_date": (today - days_ago * DAY).isoformat(),
            "answers": dict(zip(items, ratings, strict=True)),
        })
    return today


def measures_region(page: Page) -> Locator:
    return page.get_by_role("region", name="Measures", exact=True)


def drawn_points(page: Page) -> dict[str, int]:
    boxes = page.locator(".measure-charts .chart-box[data-points]")
    expect(boxes).to_have_count(3)
    return {box.get_attribute("data-chart"): int(box.get_attribute("data-points")) for box in boxes.all()}


# The heel-rise chart's pixel at `rises` on the y axis, just right of the plot's left edge
# (the x range is padded, so no line or point is there): shows whether the band is drawn.
PIXEL_AT = """([rises]) => {
  const box = document.querySelector('.chart-box[data-chart="heel-rise"]');
  const u = box.chart;
  const y = Math.round(u.valToPos(rises, 'y', true));
  return [...u.ctx.getImageData(Math.round(u.bbox.left) + 4, y, 1, 1).data];
}"""


def shown(locator: Locator) -> Locator:
    """`locator` scrolled to the middle of the screen (clear of the tab bar), for a screenshot."""
    locator.evaluate("e => e.scrollIntoView({ block: 'center' })")
    return locator


def test_progress_draws_each_measure_with_its_noise_band_and_reads_them_offline(
    start_server: Callable[..., Server], context_at: Callable[[str], BrowserContext]
) -> None:
    gate = Gate(start_server().base)
    page = context_at(gate.base).new_page()
    errors = console_errors(page)
    sign_up_through_api(page)
    seed_measures(page)

    page.goto("/progress?view=measures")
    measures = measures_region(page)
    words = measures.get_by_role("list", name="Start and now")
    expect(words).to_contain_text(RISES_WORDS)
    expect(words).to_contain_text(re.compile(r"Symmetry 31% -> 92%"))
    expect(words).to_contain_text(re.compile(r"PSFS 3\.0 -> 6\.3"))
    assert drawn_points(page) == {"heel-rise": 4, "symmetry": 4, "score-psfs": 2}
    heel_rises = measures.get_by_role("figure", name="Heel rises in a row, each side")
    expect(heel_rises).to_have_accessible_description(re.compile(
        r"4 tests\. Left \(painful\): 8 on .*24 on .*Right \(other side\): 26 on .*give or take 6 rises \(2 to 14\)"))
    expect(heel_rises.locator(".chart-legend")).to_contain_text("First test ±6: noise")
    expect(measures.get_by_role("figure", name=re.compile(r"^Symmetry"))).to_have_accessible_description(
        re.compile(r"31% on .*92% on .*goal: 90%"))
    expect(measures.get_by_role("figure", name=re.compile(r"^PSFS, 0 to 10"))).to_have_accessible_description(
        re.compile(r"3 on .*6\.3 on .*give or take 2 points \(1 to 5\)"))
    # The band is drawn: inside it (12 rises) the canvas is shaded, above it (17) it is not
    assert page.evaluate(PIXEL_AT, [12]) != page.evaluate(PIXEL_AT, [17])
    assert measures.locator("canvas").evaluate_all("cs => cs.length === 3 && cs.every(c => c.closest('[aria-hidden=true]'))")
    assert page_width(page) <= 390
    screenshot(page, "measures-progress-words", show=shown(words))
    screenshot(page, "measures-progress-heel-rises", show=shown(heel_rises))
    screenshot(page, "measures-progress-psfs", show=shown(measures.get_by_role("figure", name=re.compile(r"^PSFS"))))
    assert violations(page) == []

    # Offline: the phone's copy, the same charts and words
    wait_for_service_worker(page)
    expect(words).to_contain_text(RISES_WORDS)
    gate.close()
    go_to(page, "Today")
    go_to(page, "Progress")
    page.get_by_role("navigation", name="What to show").get_by_role("link", name="Measures").click()
    expect(page.get_by_role("complementary", name="Connection and sync")).to_contain_text("Offline. Showing what this phone saved")
    expect(measures_region(page).get_by_role("list", name="Start and now")).to_contain_text(RISES_WORDS)
    assert drawn_points(page) == {"heel-rise": 4, "symmetry": 4, "score-psfs": 2}
    gate.open()
    assert errors == []


def test_progress_says_when_nothing_is_measured_yet(page: Page) -> None:
    sign_up_through_api(page)
    page.goto("/progress?view=measures")
    words = measures_region(page).get_by_role("list", name="Start and now")
    expect(words).to_contain_text(re.compile(r"^No heel-rise test yet[:.] "))
    expect(words).to_contain_text("No PSFS yet: Today asks you to name 3 to 5 activities")
    expect(page.locator(".measure-charts figure")).to_have_count(0)
    measures_region(page).get_by_role("link", name="Do a test, rate your activities or add a score").click()
    expect(page).to_have_url(re.compile(r"/measures$"))


def test_a_clinician_reads_the_measures_enters_a_visa_a_total_and_sees_the_lsi(clinic: Clinic) -> None:  # noqa: F811
    patient = clinic.patient_page()
    sign_up_through_api(patient)
    today = seed_measures(patient)
    link_to_clinician(patient, clinic.ana_through_the_api())

    # Dr Ana on her phone: the caseload's LSI, the latest test's (24 of 26)
    ana = clinic.clinician_page(PHONE)
    errors = console_errors(ana)
    ana.goto("/clinic")
    sign_in_in_the_app(ana, CLINICIAN["email"], CLINICIAN["password"])
    rows = caseload_rows(ana)
    expect(rows).to_have_count(1)
    header = ana.get_by_role("columnheader", name="LSI")
    expect(header.locator("abbr")).to_have_attribute("title", re.compile(r"painful side's heel rises as % of the other"))
    expect(rows.first.locator(".cell-lsi")).to_have_text("LSI: 92%")
    assert page_width(ana) <= 390
    screenshot(ana, "measures-caseload-lsi-390")

    # The patient's page: start against now at a glance, every test per side and the PSFS in numbers
    rows.first.get_by_role("link", name="Lena Rise").click()
    outcomes = ana.get_by_role("region", name="At a glance").get_by_role("list", name="Measures, first against latest")
    expect(outcomes).to_contain_text(RISES_WORDS)
    expect(outcomes).to_contain_text("Symmetry 31% -> 92%")
    measures = ana.get_by_role("region", name="Heel-rise tests and scores")
    tests = measures.get_by_role("table", name=re.compile(r"^Heel-rise tests"))
    expect(tests.locator("tbody tr")).to_have_count(4)
    expect(tests.locator("thead")).to_contain_text("Left (painful)")
    expect(tests.locator("tbody tr").last).to_contain_text("92%")
    expect(measures.get_by_role("table", name="PSFS scores").locator("tbody tr")).to_have_count(2)
    expect(measures).to_contain_text("No score yet: VISA-A.")
    screenshot(ana, "measures-patient-glance-390", show=shown(outcomes))
    screenshot(ana, "measures-patient-page-390", show=shown(measures))

    # A VISA-A total from the clinic's form, dated the day it was filled in
    measures.get_by_text("Enter a VISA-A total").click()
    form = measures.get_by_role("form", name="VISA-A score")
    form.get_by_label(re.compile(r"^VISA-A total")).fill("64")
    form.get_by_label("Date of the form").fill((today - 2 * DAY).isoformat())
    form.get_by_role("button", name="Save VISA-A").click()
    expect(form.get_by_role("status")).to_have_text("VISA-A saved: 64.")
    visa = measures.get_by_role("table", name="VISA-A scores")
    expect(visa).to_contain_text("64")
    expect(visa).to_contain_text("entered by the clinician")
    assert page_width(ana) <= 390
    screenshot(ana, "measures-patient-visa-a-390", show=shown(visa))
    (instrument,) = [i for i in patient.request.get("/api/measures").json()["instruments"] if i["id"] == "visa_a"]
    assert [(r["score"], r["entered_by"]) for r in instrument["responses"]] == [(64, "clinician")]
    assert violations(ana) == []
    assert errors == []

    # The share page, for a clinician without an account: the measures at a glance, VISA-A too
    link = post(patient, "/api/share-links", {"label": "Dr Berg"})
    reader = clinic.patient_page()
    reader_errors = console_errors(reader)
    reader.goto(link["path"])
    shared = reader.get_by_role("region", name="At a glance").get_by_role("list", name="Measures, first against latest")
    expect(shared).to_contain_text(RISES_WORDS)
    expect(shared).to_contain_text(re.compile(r"VISA-A 64\b"))
    assert page_width(reader) <= 390
    screenshot(reader, "measures-share-page-390", show=shown(shared))
    assert reader_errors == []
