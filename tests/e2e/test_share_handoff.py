"""Handing a new share link over, on a 390 px phone: the phone's share sheet (Web Share API,
stubbed here to record its calls), Copy (the real clipboard), and a QR code to show across the
desk, decoded back from the pixels on screen. The QR encoder is a chunk of its own that only the
Share screen loads, so the first load stays small (budget 100 KB gzip). The server keeps only a
hash of the link's secret, and the screen says the link can't be shown again."""

import gzip
import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from .browser import console_errors, go_to, page_width, screenshot, sign_up_through_api
from .conftest import DIST
from .test_accessibility import AXE, violations

pytestmark = pytest.mark.e2e

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
PHONE_WIDTH = 390
CLINICIAN = "Dr. Berg, physio"
QR_NAME = "QR code for the share link"
QUIET_ZONE = 4
ONCE_WARNING = ("Save or share it now: for your safety it can't be shown again. "
                "If it's lost, make a new one and revoke the old.")
FIRST_LOAD_BUDGET = 100 * 1024

# Stands in for the phone's share sheet: records what the page asks it to share.
RECORD_SHARES = """
window.__shares = [];
Object.defineProperty(Navigator.prototype, 'share', {
  configurable: true,
  value: function share(data) { window.__shares.push({ ...data }); return Promise.resolve(); },
});
Object.defineProperty(Navigator.prototype, 'canShare', {
  configurable: true,
  value: function canShare(data) { return Boolean(data && data.url); },
});
"""
# A browser with no share sheet (most desktops), whose clipboard refuses the write.
NO_SHARE_NO_CLIPBOARD = """
delete Navigator.prototype.share;
delete Navigator.prototype.canShare;
Object.defineProperty(Navigator.prototype, 'clipboard', {
  configurable: true,
  get() { return { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) }; },
});
"""
# Reads a QR code from RGBA pixels with the decoder that ships in the same npm package (a
# reader of camera frames: it finds the finder patterns and samples the grid, as a phone does).
DECODE = """
import { decodeQR } from 'qr/decode.js';
const [width, height] = process.argv.slice(1).map(Number);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
process.stdout.write(decodeQR({ width, height, data: new Uint8Array(Buffer.concat(chunks)) }, { format: 'RGBA' }));
"""


def qr_chunk() -> str:
    """The built chunk holding the QR encoder, as the app imports it: "chunks/qr-XXXX.js"."""
    found = [path for path in (DIST / "chunks").glob("*.js") if "Capacity overflow" in path.read_text()]
    assert len(found) == 1, f"one chunk should hold the QR encoder: {found}"
    return f"chunks/{found[0].name}"


def first_load_files() -> set[Path]:
    """index.html and every script and style it loads before anything else (static imports
    followed, dynamic import() left out), as tests/perf/run.py counts the first load."""
    files = {DIST / "index.html"}
    queue = [DIST / name for name in re.findall(r'(?:src|href)="/?([\w./-]+\.(?:js|css))"', (DIST / "index.html").read_text())]
    while queue:
        path = queue.pop()
        if path in files or not path.exists():
            continue
        files.add(path)
        if path.suffix == ".js":
            text = path.read_text()
            queue += [path.parent / name for name in re.findall(r'(?:from|import)\s*"\./([\w./-]+\.js)"', text)]
    return files


def decode_qr(png: bytes) -> str:
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    result = subprocess.run(["node", "--input-type=module", "-e", DECODE, str(image.width), str(image.height)],
                            input=image.tobytes(), cwd=FRONTEND, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def open_share_screen(page: Page) -> None:
    go_to(page, "Profile")
    page.get_by_role("link", name="Share with your clinician").click()
    expect(page.get_by_role("heading", name="Share with your clinician", level=1)).to_be_visible()


def make_link(page: Page, label: str | None = CLINICIAN) -> str:
    form = page.get_by_role("form", name="Make a new link")
    if label:
        form.get_by_label("Who is it for? (optional)").fill(label)
    form.get_by_role("button", name="Make a link").click()
    created = page.get_by_role("region", name=re.compile(r"^Your new link"))
    expect(created).to_be_visible()
    return created.get_by_label("Link to send").input_value()


def centre(locator) -> None:
    """Scrolls `locator` to the middle of the screen, clear of the bottom navigation bar."""
    locator.evaluate("element => element.scrollIntoView({ block: 'center' })")


def assert_tap_target(page: Page, name: str) -> None:
    box = page.get_by_role("button", name=name, exact=True).bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 48, (name, box)


def test_the_qr_encoder_is_not_in_the_first_load() -> None:
    chunk = qr_chunk()
    files = first_load_files()
    assert DIST / chunk not in files, f"{chunk} is loaded up front"
    assert not any("Capacity overflow" in f.read_text() for f in files if f.suffix == ".js")
    zipped = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert zipped < FIRST_LOAD_BUDGET, f"first load is {zipped} bytes gzip, over the {FIRST_LOAD_BUDGET} budget"


def test_a_new_link_is_handed_over_by_share_sheet_copy_and_qr_code(page: Page, base_url: str) -> None:
    assert page.viewport_size["width"] == PHONE_WIDTH
    errors = console_errors(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script(RECORD_SHARES)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    chunk = qr_chunk()
    sign_up_through_api(page)

    # Today: the app runs without the QR encoder
    page.goto("/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not any(url.endswith(chunk) for url in requested), "Today fetched the QR encoder"

    # The Share screen fetches it, before any link is made (once the screen's own chunk is in:
    # "networkidle" is long past, so wait for the request itself)
    open_share_screen(page)
    for _ in range(100):
        if any(url.endswith(chunk) for url in requested):
            break
        page.wait_for_timeout(50)
    assert any(url.endswith(chunk) for url in requested), "the Share screen did not fetch the QR encoder"
    screenshot(page, "share-handoff-01-form")

    url = make_link(page)
    assert re.fullmatch(rf"{re.escape(base_url)}/shared/[A-Za-z0-9_-]{{20,}}", url), url
    created = page.get_by_role("region", name=f"Your new link for {CLINICIAN}")
    expect(created).to_contain_text(ONCE_WARNING)
    expect(created).to_contain_text(re.compile(r"It works until .*\b20\d\d\b"))
    screenshot(page, "share-handoff-02-link-made")

    # The share sheet gets the title, a line of text and the full link
    created.get_by_role("button", name="Share link…").click()
    shares = page.evaluate("window.__shares")
    assert len(shares) == 1, shares
    assert shares[0]["url"] == url
    assert shares[0]["title"] == "My Heelstrong rehab summary"
    assert shares[0]["text"]
    expect(created.get_by_role("status")).to_be_empty()

    # Copy puts the full link on the clipboard, and says so
    created.get_by_role("button", name="Copy link").click()
    expect(created.get_by_role("status")).to_have_text("Link copied. Paste it into a message or email to your clinician.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    screenshot(page, "share-handoff-03-copied")

    # The QR code: named, large enough to read across a desk, a QR grid with its quiet zone,
    # and it reads back as the link
    qr = created.get_by_role("img", name=QR_NAME)
    expect(qr).to_be_visible()
    modules = int(qr.get_attribute("data-modules"))
    assert qr.get_attribute("viewBox") == f"0 0 {modules} {modules}"
    symbol = modules - 2 * QUIET_ZONE
    assert symbol >= 21 and (symbol - 17) % 4 == 0, f"{symbol} modules is not a QR version's size"
    box = qr.bounding_box()
    assert box["width"] >= 240 and abs(box["width"] - box["height"]) < 1, box
    assert box["width"] / modules >= 5, f"modules of {box['width'] / modules:.1f} px are too small to scan"
    centre(qr)
    screenshot(page, "share-handoff-04-qr")
    assert decode_qr(qr.screenshot()) == url

    # Thumb-sized buttons, nothing wider than the phone, no console errors
    for name in ("Share link…", "Copy link", "Done"):
        assert_tap_target(page, name)
    assert page_width(page) <= PHONE_WIDTH
    if AXE.exists():
        assert violations(page) == []
    assert errors == []

    # Done: the form comes back, and the link is in the list
    created.get_by_role("button", name="Done").click()
    expect(page.get_by_role("form", name="Make a new link")).to_be_visible()
    expect(page.get_by_role("region", name="Your links").get_by_role("listitem", name=CLINICIAN)).to_contain_text("Active")


def test_without_a_share_sheet_or_clipboard_the_link_is_selected_to_copy(page: Page) -> None:
    errors = console_errors(page)
    page.add_init_script(NO_SHARE_NO_CLIPBOARD)
    page.emulate_media(color_scheme="dark")
    sign_up_through_api(page)
    page.goto("/")
    open_share_screen(page)
    url = make_link(page, label=None)
    created = page.get_by_role("region", name="Your new link")
    expect(created).to_contain_text(ONCE_WARNING)

    # No share sheet here: no Share button, and Copy is the main button
    expect(created.get_by_role("button", name=re.compile("^Share"))).to_have_count(0)
    expect(created.get_by_role("button", name="Copy link")).to_have_class(re.compile(r"\bbtn-primary\b"))

    # The clipboard refuses: the link is selected for the phone's own Copy
    created.get_by_role("button", name="Copy link").click()
    expect(created.get_by_role("status")).to_contain_text("The link is selected")
    field = created.get_by_label("Link to send")
    expect(field).to_be_focused()
    assert page.evaluate("() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); }") == url

    # The QR code is black on white in the dark theme too, and still reads back
    qr = created.get_by_role("img", name=QR_NAME)
    expect(qr).to_be_visible()
    centre(qr)
    screenshot(page, "share-handoff-05-dark-no-share-sheet")
    assert decode_qr(qr.screenshot()) == url
    assert_tap_target(page, "Copy link")
    assert page_width(page) <= PHONE_WIDTH
    if AXE.exists():
        assert violations(page) == []
    assert errors == []
