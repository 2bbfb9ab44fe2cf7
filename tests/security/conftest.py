"""The API tests' fixtures (an app on the test database, signed-in patients), shared here."""

from tests.api.conftest import app, empty_tables, new_client, other_patient, patient  # noqa: F401
