"""Profile's account rights, used as a patient would: a new password, the devices signed in,
a copy of everything, and deleting the account (issue 13, self-service)."""

import io
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from .browser import PASSWORD, UNSAFE, console_errors, go_to, screenshot, sign_up_through_api

pytestmark = pytest.mark.e2e


def test_a_patient_changes_the_password_downloads_everything_and_deletes_the_account(page: Page):
    errors = console_errors(page)
    sign_up_through_api(page)
    page.goto("/")
    # Signed in on a second device too (a browser of its own).
    email = page.request.get("/api/me").json()["email"]
    phone = page.context.browser.new_context(base_url="/".join(page.url.split("/")[:3]))
    assert phone.request.post("/api/auth/login", data={"email": email, "password": PASSWORD}, headers=UNSAFE).ok
    go_to(page, "Profile")

    devices = page.get_by_role("region", name="Where you are signed in")
    expect(devices.get_by_role("listitem")).to_have_count(2)
    expect(devices).to_contain_text("This device")
    # Signing out everywhere (this phone too) is asked first; Cancel keeps everyone signed in.
    devices.get_by_role("button", name="Sign out everywhere").click()
    expect(devices.get_by_role("group", name=re.compile("Sign out on every device, this one too"))).to_be_visible()
    devices.get_by_role("button", name="Cancel").click()
    expect(devices.get_by_role("button", name="Sign out everywhere")).to_be_visible()
    expect(devices.get_by_role("listitem")).to_have_count(2)

    # A guessable new password is refused in words; a good one is taken.
    password_form = page.get_by_role("form", name="Change your password")
    password_form.get_by_label("Current password", exact=True).fill(PASSWORD)
    password_form.get_by_label("New password", exact=True).fill("1234567890")
    password_form.get_by_role("button", name="Change password").click()
    expect(password_form.get_by_role("alert")).to_contain_text("New password is too easy to guess")
    expect(password_form.get_by_role("alert")).not_to_contain_text("new_password")
    password_form.get_by_label("New password", exact=True).fill("purple tram at dawn")
    password_form.get_by_role("button", name="Change password").click()
    expect(password_form).to_contain_text("Password changed. Every other device is signed out.")
    expect(devices.get_by_role("listitem")).to_have_count(1)  # the list follows, no reload needed
    expect(devices).to_contain_text("This device")
    phone.close()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "heelstrong-data.json" in archive.namelist()

    page.get_by_text("Delete your account").click()
    page.get_by_label("Your password", exact=True).fill("purple tram at dawn")
    screenshot(page, "profile-delete-account", show=page.get_by_role("button", name="Delete my account and all its data"))
    page.get_by_role("button", name="Delete my account and all its data").click()
    expect(page.get_by_role("status").filter(has_text="Account deleted")).to_contain_text(
        re.compile(r"Your account is deleted, with .*1 profile"))
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert errors == []
