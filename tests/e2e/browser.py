"""Steps the browser tests share: picking choices, moving between tabs, screenshots."""

import datetime as dt
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

SCREENS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
PASSWORD = "heel-strong-2024"
DAY = dt.timedelta(days=1)


def console_errors(page: Page) -> list[str]:
    """Collects what Chromium reports as errors from now on: refused scripts or styles (CSP),
    uncaught exceptions. A 401 "failed to load" is expected (signed out) and left out."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: message.type == "error"
        and "Failed to load resource" not in message.text
        and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def zoom_text(page: Page, percent: int = 200) -> None:
    """Text zoom from the next page load on: the root font size grows (as the browser's text
    size setting does), the page's width stays the phone's."""
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                         f"{{ document.documentElement.style.fontSize = '{percent}%'; }})")


def page_width(page: Page) -> int:
    """How wide the page's content is: more than the viewport means it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")


def screenshot(page: Page, name: str, show: Locator | None = None) -> None:
    """What the patient sees on the phone's screen, scrolled to `show` if given."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    if show is not None:
        show.scroll_into_view_if_needed()
    page.screenshot(path=SCREENS / f"{name}.png")


def choose(page: Page, group: str, option: str | re.Pattern) -> None:
    """Pick an option in a labelled choice group (pain scale, side, yes/no...)."""
    page.get_by_role("group", name=group).get_by_role("radio", name=option, exact=True).check()


def go_to(page: Page, tab: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=tab).click()


def log_set(page: Page, pain: int, set_number: int) -> None:
    choose(page, "Pain during this set", str(pain))  # whether it settled is asked after the settle time
    page.get_by_role("button", name="Save set").click()
    expect(page.locator("form").get_by_role("status")).to_contain_text(f"Set {set_number} saved")


UNSAFE = {"X-Heelstrong-CSRF": "1"}
LEFT_HEEL_PROFILE = {
    "painful_side": "left",
    "condition": "achilles_midportion",
    # Long ago, and a whole number of weeks: today falls on the program's first weekday, a raise
    # day and a hip day (both are on the program's own weekdays).
    "program_start": (dt.datetime.now(dt.UTC).date() - dt.timedelta(weeks=150)).isoformat(),
    "timezone": "UTC",
}


def sign_up_in_the_app(page: Page, side: str = "Right", where: re.Pattern = re.compile(r"^Achilles tendon, above")) -> None:
    """Create an account through the sign-up screen and answer the first profile questions
    (the rest, and "Start my program", are the test's)."""
    page.goto("/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill(f"patient-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    choose(page, "Which heel hurts?", side)
    choose(page, "Where does it hurt?", where)


def skip_activities(page: Page) -> None:
    """The step right after the first profile (naming the activities the heel limits), skipped."""
    expect(page.get_by_role("heading", name="Activities your heel limits")).to_be_visible()
    page.get_by_role("button", name="Skip for now").click()


def sign_up_through_api(page: Page, with_profile: bool = True) -> None:
    """A signed-in patient (with a left painful heel unless `with_profile` is false), made
    without clicking through sign-up; the page's context holds the session cookie."""
    account = {"email": f"patient-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    assert page.request.post("/api/auth/register", data=account, headers=UNSAFE).ok
    assert page.request.post("/api/auth/login", data=account, headers=UNSAFE).ok  # registering doesn't sign in
    if with_profile:
        set_profile_through_api(page)


def set_profile_through_api(page: Page) -> None:
    assert page.request.put("/api/profile", data=LEFT_HEEL_PROFILE, headers=UNSAFE).ok


def patient_today(page: Page) -> dt.date:
    """The patient's today in their profile's time zone. Read without asking /api/today, which
    would run the engine: a day it has walked is never walked again, so history seeded after
    that would not count."""
    response = page.request.get("/api/profile")
    assert response.ok, response.text()
    return dt.datetime.now(ZoneInfo(response.json()["timezone"])).date()


def calf_holds(pain: int, holds: int = 3) -> list[dict]:
    """Double-leg calf holds of 30 s, as the API takes sets."""
    return [{"exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30, "pain_during": pain, "settled": True}
            for _ in range(holds)]


def band_side_steps(reps: int, sets: int = 3) -> list[dict]:
    """Band hip side steps for the right hip (a left painful heel), as the API takes sets."""
    return [{"exercise_id": "hip-abduction-band", "side": "right", "reps": reps, "pain_during": 1, "settled": True}
            for _ in range(sets)]


def seed_session(page: Page, day: dt.date, sets: list[dict]) -> None:
    """A session on `day` with `sets`, logged through the API from the page's own context (it
    shares the browser's session cookie)."""
    session_id = str(uuid.uuid4())
    response = page.request.post("/api/sessions", data={"id": session_id, "local_date": day.isoformat()}, headers=UNSAFE)
    assert response.ok, response.text()
    for fields in sets:
        response = page.request.post(f"/api/sessions/{session_id}/sets", data={"id": str(uuid.uuid4()), **fields},
                                     headers=UNSAFE)
        assert response.ok, response.text()


def seed_checkin(page: Page, day: dt.date, morning_pain: int) -> None:
    checkin = {"id": str(uuid.uuid4()), "local_date": day.isoformat(), "morning_pain": morning_pain}
    response = page.request.post("/api/checkins", data=checkin, headers=UNSAFE)
    assert response.ok, response.text()


def check_in(page: Page, pain: int) -> None:
    """The morning check-in from Today's "Check in first" card."""
    choose(page, "First-steps pain", str(pain))
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status").filter(has_text="Check-in saved")).to_contain_text(f"morning pain {pain}/10")
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text(f"First-steps pain {pain}/10")


def wait_for_service_worker(page: Page) -> None:
    """Reloads until the service worker controls the page (it claims the page once active)."""
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


READ_OUTBOX = """store => new Promise((resolve, reject) => {
  const open = indexedDB.open('heelstrong');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction(store).objectStore(store).getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
    request.onerror = () => reject(request.error);
  };
})"""


def stored_entries(page: Page, store: str = "outbox") -> list[dict]:
    """What the app keeps in IndexedDB: the outbox (writes waiting) or `rejected`."""
    return page.evaluate(READ_OUTBOX, store)


def change_outbox_entry(page: Page, seq: int, body: dict) -> None:
    """Rewrites a waiting write's fields in IndexedDB (as a buggy older app version might have
    stored them): the server will refuse it."""
    page.evaluate(
        """([seq, body]) => new Promise((resolve, reject) => {
          const open = indexedDB.open('heelstrong');
          open.onsuccess = () => {
            const tx = open.result.transaction('outbox', 'readwrite');
            const store = tx.objectStore('outbox');
            store.get(seq).onsuccess = (event) => {
              const entry = event.target.result;
              store.put({ ...entry, body: { ...entry.body, ...body }, row: { ...entry.row, ...body } });
            };
            tx.oncomplete = () => { open.result.close(); resolve(); };
            tx.onerror = () => reject(tx.error);
          };
        })""",
        [seq, body],
    )
