"""Schema fuzzing: schemathesis generates requests from our own OpenAPI, signed in as a patient.
No input may cause a 500, and every response must match the schema it is documented with."""

from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from tests.api.conftest import CSRF

MAX_EXAMPLES = 25  # per operation, so `make test` stays bounded
# Our rules reject schema-valid data on purpose (an unknown exercise id, a time zone that
# does not exist): the checks are the ones that matter, no 500 and no off-schema response.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


ENDS_THE_SESSION = {"/api/auth/logout", "/api/account/sign-out-everywhere", "/api/account/delete"}


def test_no_input_breaks_the_api_or_its_schema(app, patient):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    cookies = {"heelstrong_session": patient.cookies["heelstrong_session"]}
    # Signing out (and deleting the account) end the session every other request uses: last.
    operations = sorted((result.ok() for result in schema.get_all_operations()),
                        key=lambda operation: operation.path in ENDS_THE_SESSION)
    generated = 0
    statuses: Counter[int] = Counter()

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            nonlocal generated
            generated += 1
            statuses[case.call_and_validate(headers=CSRF, cookies=cookies, checks=CHECKS).status_code] += 1

        fuzz()
    print(f"schema fuzzing: {len(operations)} operations, {generated} generated requests, statuses {dict(statuses)}")
    assert len(operations) >= 20 and generated >= 10 * len(operations)
    # Signed in: requests get past authentication, and enough of them are valid to be done.
    assert sum(n for status, n in statuses.items() if 200 <= status < 300) > generated // 10
