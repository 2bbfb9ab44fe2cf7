"""Signing up when registering tells nothing: the server answers a registration the same whether
or not the email has an account, and the web app signs in right after. A new email lands on the
profile; an email with an account and another password is told to sign in with that account's
password; with its own password, "Create account" simply signs its owner in."""

import uuid

import pytest
from playwright.sync_api import Page, expect

from .browser import PASSWORD, console_errors, sign_up_through_api

pytestmark = pytest.mark.e2e


def sign_up_in_the_form(page: Page, email: str, password: str) -> None:
    page.goto("/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Create account").click()


def test_signing_up_tells_nothing_about_other_accounts(page: Page, context_at, live_server):
    errors = console_errors(page)
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    sign_up_in_the_form(page, email, PASSWORD)
    expect(page.get_by_role("heading", name="Set up your program")).to_be_visible()  # signed in, asked for a profile

    owner = context_at(live_server).new_page()
    sign_up_through_api(owner)
    taken = owner.request.get("/api/me").json()["email"]
    stranger = context_at(live_server).new_page()
    sign_up_in_the_form(stranger, taken, "someone-elses-password")
    expect(stranger.get_by_role("alert")).to_have_text(
        "Could not sign you in with this email and password. If you already have an account, sign in with its password."
    )
    sign_up_in_the_form(stranger, taken, PASSWORD)  # the owner, who forgot they had signed up
    expect(stranger.get_by_role("navigation", name="Main")).to_be_visible()
    assert errors == []
