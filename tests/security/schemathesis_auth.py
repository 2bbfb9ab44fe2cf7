"""Schemathesis hooks for tests/security/schemathesis_run.py (loaded through SCHEMATHESIS_HOOKS):
every request carries the patient's session cookie and the CSRF header; a 401 (a fuzzed
DELETE /api/account/devices/{id} may sign this very device out) signs in again and replays it.

The run passes the server and the patient in HEELSTRONG_FUZZ_BASE, _EMAIL and _PASSWORD."""

import os

import httpx
import schemathesis

SESSION_COOKIE = "heelstrong_session"
CSRF = {"X-Heelstrong-CSRF": "1"}


def sign_in(base: str, email: str, password: str) -> str:
    response = httpx.post(f"{base}/api/auth/login", json={"email": email, "password": password}, headers=CSRF)
    response.raise_for_status()
    return response.cookies[SESSION_COOKIE]


# Signed in again every 10 s too: the stateful phase does not replay a 401, and one of its
# sequences (GET /api/account/devices, then DELETE that device) signs this device out.
@schemathesis.auth(refresh_interval=10, retry_on=[401])
class PatientSession:
    def get(self, case, context) -> str:
        env = os.environ
        return sign_in(env["HEELSTRONG_FUZZ_BASE"], env["HEELSTRONG_FUZZ_EMAIL"], env["HEELSTRONG_FUZZ_PASSWORD"])

    def set(self, case, data: str, context) -> None:
        case.cookies = {**(case.cookies or {}), SESSION_COOKIE: data}
        case.headers = {**(case.headers or {}), **CSRF}
