"""Reminders as notifications on a 390 x 844 phone. Chromium here cannot reach a real push
service, so the browser's PushManager is replaced by a stand-in that records what the app asks
of it; the permission prompt is answered by the test. Saving a reminder asks for the permission
(in the tap) and sends this phone's subscription to the server, made with the server's VAPID
key; a refusal and an iPhone outside the Home Screen are said plainly; and the service worker
shows a push message (delivered through the DevTools protocol) as a notification."""

import base64
import json

import pytest
from playwright.sync_api import Page, expect

from .browser import console_errors, screenshot, sign_up_through_api, wait_for_service_worker

pytestmark = pytest.mark.e2e

P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")

# The permission prompt answers ANSWER; PushManager hands out a made-up subscription.
STAND_IN = """
(() => {
  const record = (window.__push = { asked: 0, subscribed: null, unsubscribed: 0 });
  let permission = 'default';
  Object.defineProperty(Notification, 'permission', { get: () => permission, configurable: true });
  Notification.requestPermission = () => {
    record.asked += 1;
    permission = ANSWER;
    return Promise.resolve(permission);
  };
  let subscription = null;
  const manager = {
    getSubscription: async () => subscription,
    subscribe: async (options) => {
      const key = new Uint8Array(options.applicationServerKey);
      record.subscribed = { key: Array.from(key), userVisibleOnly: options.userVisibleOnly };
      subscription = {
        endpoint: 'https://push.example.test/send/' + crypto.randomUUID(),
        options: { applicationServerKey: key.buffer, userVisibleOnly: true },
        toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } }; },
        unsubscribe: async () => { subscription = null; record.unsubscribed += 1; return true; },
      };
      return subscription;
    },
  };
  Object.defineProperty(ServiceWorkerRegistration.prototype, 'pushManager', { get: () => manager, configurable: true });
})();
"""


def stand_in(answer: str) -> str:
    return STAND_IN.replace("ANSWER", json.dumps(answer)).replace("P256DH", json.dumps(P256DH)).replace(
        "AUTH", json.dumps(AUTH))


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def open_reminder(page: Page):
    sign_up_through_api(page)
    page.goto("/profile")
    wait_for_service_worker(page)
    page.wait_for_load_state("networkidle")  # every Profile read landed: nothing ticks the boxes again
    section = page.get_by_role("region", name="Reminder")
    section.get_by_label("Time").fill("07:30")
    return section, section.locator(".push-settings")


def devices(page: Page) -> int:
    return page.request.get("/api/reminders/push").json()["devices"]


def test_saving_a_reminder_asks_and_subscribes_this_phone_with_the_servers_key(context_at, live_server) -> None:
    context = context_at(live_server)
    context.add_init_script(stand_in("granted"))
    page = context.new_page()
    errors = console_errors(page)
    section, push = open_reminder(page)
    expect(push).to_contain_text("Save your reminder and Heelstrong asks to send this phone a notification")

    with page.expect_request(lambda r: r.url.endswith("/api/reminders/push") and r.method == "POST") as posted:
        section.get_by_role("button", name="Save reminder").click()
    expect(section.get_by_role("status").first).to_have_text("Reminder saved: 07:30 every day.")
    body = posted.value.post_data_json
    assert body["endpoint"].startswith("https://push.example.test/send/")
    assert body["keys"] == {"p256dh": P256DH, "auth": AUTH}
    expect(push).to_contain_text("This phone gets a notification at 07:30 every day.")
    expect(push.get_by_role("status")).to_have_text("Notifications are on for this phone.")
    assert page.evaluate("window.__push.asked") == 1
    server = page.request.get("/api/reminders/push").json()
    assert server["devices"] == 1
    subscribed = page.evaluate("window.__push.subscribed")
    assert bytes(subscribed["key"]) == b64decode(server["public_key"]) and subscribed["userVisibleOnly"]
    screenshot(page, "push-on", show=section)

    # Saving again asks nothing new and keeps the one device.
    section.get_by_role("button", name="Save reminder").click()
    expect(push.get_by_role("status")).to_have_text("Notifications are on for this phone.")
    assert page.evaluate("window.__push.asked") == 1 and devices(page) == 1

    push.get_by_role("button", name="Stop notifications on this phone").click()
    expect(push.get_by_role("status")).to_have_text("Notifications are off for this phone.")
    assert devices(page) == 0 and page.evaluate("window.__push.unsubscribed") == 1
    push.get_by_role("button", name="Turn on notifications").click()
    expect(push).to_contain_text("This phone gets a notification at 07:30 every day.")
    assert devices(page) == 1
    assert errors == []


def test_a_refusal_is_said_plainly_and_nothing_is_subscribed(context_at, live_server) -> None:
    context = context_at(live_server)
    context.add_init_script(stand_in("denied"))
    page = context.new_page()
    section, push = open_reminder(page)
    section.get_by_role("button", name="Save reminder").click()
    expect(section.get_by_role("status").first).to_have_text("Reminder saved: 07:30 every day.")
    expect(push).to_contain_text("Notifications from Heelstrong are blocked on this phone")
    expect(push).to_contain_text("allow notifications, then save your reminder again. Or add it to your calendar below.")
    expect(push.get_by_role("button", name="Turn on notifications")).to_have_count(0)
    assert page.evaluate("window.__push.subscribed") is None and devices(page) == 0
    screenshot(page, "push-denied", show=push)


def test_an_iphone_in_safari_is_told_to_add_heelstrong_to_the_home_screen(browser, browser_context_args,
                                                                          live_server) -> None:
    context = browser.new_context(**{**browser_context_args, "base_url": live_server, "user_agent": IPHONE})
    try:
        context.add_init_script("delete window.PushManager;")  # Safari in a tab has none
        page = context.new_page()
        section, push = open_reminder(page)
        expect(push).to_contain_text("notifications need iOS 16.4 or later and Heelstrong on your Home Screen")
        expect(push).to_contain_text("in Safari, tap Share, then Add to Home Screen")
        section.get_by_role("button", name="Save reminder").click()
        expect(section.get_by_role("status").first).to_have_text("Reminder saved: 07:30 every day.")
        expect(push).to_contain_text("tap Share, then Add to Home Screen")  # the reminder is saved all the same
        screenshot(page, "push-iphone", show=push)
    finally:
        context.close()


def test_the_service_worker_shows_a_push_message_as_a_notification(context_at, live_server) -> None:
    context = context_at(live_server)
    context.grant_permissions(["notifications"], origin=live_server)
    page = context.new_page()
    sign_up_through_api(page)
    page.goto("/")
    wait_for_service_worker(page)
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("true")  # let the events arrive
    registration = next(r for r in registrations if r["scopeURL"].startswith(live_server) and not r["isDeleted"])
    message = {"title": "Time for your heel exercises", "body": "Calf holds 3 x 30 s, hip work. Tap to open today's plan.",
               "url": "/", "tag": "heelstrong-reminder-2026-12-08"}
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live_server, "registrationId": registration["registrationId"],
                                                  "data": json.dumps(message)})
    shown = []
    for _ in range(50):  # the worker shows it in its own time
        shown = page.evaluate("""() => navigator.serviceWorker.ready.then((r) => r.getNotifications())
            .then((ns) => ns.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))""")
        if shown:
            break
        page.wait_for_timeout(200)
    assert shown == [{"title": message["title"], "body": message["body"], "tag": message["tag"], "data": {"url": "/"}}]
