"""Every error answers ``{"message": <one sentence a person can act on>, "detail": ...}``,
an unexpected one too."""

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heelstrong.core.fields import DATETIME_MESSAGE

# Pydantic's wording, rewritten for a person filling in a form.
_MESSAGES = {
    "missing": "is required",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "date_type": "must be a date like 2026-01-31",
    "date_from_datetime_parsing": "must be a date like 2026-01-31",
    "date_parsing": "must be a date like 2026-01-31",
    "datetime_type": "must be a date and time like 2026-01-31T07:30:00Z",
    "datetime_parsing": "must be a date and time like 2026-01-31T07:30:00Z",
    "datetime_from_date_parsing": "must be a date and time like 2026-01-31T07:30:00Z",
    "timezone_aware": DATETIME_MESSAGE,
    "uuid_type": "must be a UUID like 3f2b8c1e-6d4a-4b7e-9a51-0c2d7e8f9a10",
    "uuid_parsing": "must be a UUID like 3f2b8c1e-6d4a-4b7e-9a51-0c2d7e8f9a10",
    "extra_forbidden": "is not a field this endpoint knows",
    "json_invalid": "is not valid JSON",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
}


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error["loc"] if part not in ("body", "query", "path"))
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind in ("less_than_equal", "less_than"):
        text = f"must be at most {ctx.get('le', ctx.get('lt'))}"
    elif kind in ("greater_than_equal", "greater_than"):
        text = f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    elif kind == "string_too_long":
        text = f"must be at most {ctx.get('max_length')} characters"
    elif kind == "string_too_short":
        text = f"must be at least {ctx.get('min_length')} characters"
    elif kind == "too_short":
        text = f"must have at least {ctx.get('min_length')} entries"
    elif kind == "too_long":
        text = f"must have at most {ctx.get('max_length')} entries"
    elif kind == "literal_error":
        text = f"must be one of {ctx.get('expected')}"
    elif kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
    else:
        text = _MESSAGES.get(kind, error["msg"])
    return f"{location} {text}" if location else text


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    messages = [_describe(error) for error in errors]
    detail = [
        {"loc": list(error["loc"]), "type": error["type"], "msg": message}
        for error, message in zip(errors, messages, strict=True)
    ]
    # A rule's own sentence may end with its full stop already.
    return JSONResponse({"message": "; ".join(messages).rstrip(".") + ".", "detail": detail}, status_code=422)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    message = exc.detail if isinstance(exc.detail, str) else "The request could not be completed."
    return JSONResponse({"message": message, "detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


def unprocessable(message: str, field: str | None = None) -> RequestValidationError:
    """A 422 raised by a service rule, shaped like schema validation errors (one format for clients)."""
    location = ("body", field) if field else ("body",)
    return RequestValidationError([{"loc": location, "type": "value_error", "msg": message, "ctx": {"error": message}}])


def not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"No {what} with that id.")


UNEXPECTED = "Something went wrong on the server. Try again in a moment; if it keeps happening, tell whoever runs it."
# uvicorn's error log: its handlers redact share tokens (heelstrong.cli.log_config).
_log = logging.getLogger("uvicorn.error")


class UnexpectedErrorMiddleware:
    """An exception no handler answered becomes a 500 in the usual JSON shape. It sits inside
    SecurityMiddleware, so the answer has the security headers, and it does not re-raise, so the
    server keeps the connection open for the next request (re-raised, Starlette would answer in
    plain text, outside every middleware, and uvicorn would drop the connection).

    An exception after the answer has started is passed on: only closing the connection can
    tell the client that answer is broken."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_noting_start)
        except Exception:
            if started:
                raise
            _log.exception("Unexpected error answering %s %s", scope["method"], scope["path"])
            response = JSONResponse({"message": UNEXPECTED, "detail": UNEXPECTED}, status_code=500)
            await response(scope, receive, send)
