"""The error answers routes document in the OpenAPI (`responses=`), in one place: every error has
the same body, `{"message": ..., "detail": ...}` (core/errors.py)."""

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    message: str = Field(description="One sentence a person can act on")
    detail: Any = Field(description="The same sentence, or for a 422 one entry per field (loc, type, msg)")


_DESCRIPTIONS = {
    400: "The body could not be read (not UTF-8 JSON text)",
    401: "Not signed in, or the sign-in has ended",
    403: "An unsafe request without the X-Heelstrong-CSRF header",
    404: "No such entry of yours",
    409: "The profile is not set up yet, or the id is in use by another entry",
    429: "Too many attempts: wait as long as Retry-After says",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=errors(401, 404)`: those answers documented with the error body."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}


SIGNED_IN = errors(401)  # every route that needs the session cookie
WRITE = errors(400, 403)  # every unsafe route that reads a JSON body
