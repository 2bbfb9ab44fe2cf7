"""The API docs in a real browser, under the app's own CSP: /docs loaded Swagger UI from a CDN
that the CSP forbids (a blank page, and offline nothing at all). Now every file is this
server's, and Chromium refuses nothing."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import console_errors

pytestmark = pytest.mark.e2e


def test_the_api_docs_work_under_the_apps_csp_from_this_server_alone(page: Page, live_server: str):
    errors = console_errors(page)  # a CSP refusal is a console error
    elsewhere: list[str] = []
    page.on("request", lambda request: request.url.startswith(live_server) or elsewhere.append(request.url))

    page.goto("/redoc")  # leads to /docs: ReDoc needs inline styles, which the CSP refuses
    expect(page).to_have_url(re.compile(r"/docs$"))
    expect(page.get_by_role("heading", name=re.compile("Heelstrong"))).to_be_visible()
    health = page.locator("#operations-ops-health_api_health_get")
    expect(health).to_be_visible()
    expect(page.get_by_text("/api/auth/register", exact=True)).to_be_visible()

    health.locator(".opblock-summary").click()  # "Try it out" works too
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(health.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")

    assert errors == [] and elsewhere == []
