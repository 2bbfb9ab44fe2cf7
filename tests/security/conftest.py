"""The API tests' fixtures (an app on the test database, signed-in patients), shared here."""

from tests.api.conftest import (  # noqa: F401
    app,
    empty_tables,
    new_client,
    new_clinician,
    other_patient,
    patient,
)
