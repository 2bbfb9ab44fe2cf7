"""Writes the files the web app takes from the server, so both say the same numbers:

- frontend/src/limits.json: the limits the server's schema puts on every field the web app sends
  (OpenAPI at /openapi.json), so the forms check the same numbers before sending;
- frontend/src/clinical.json: the clinical settings (label, help, bounds, default, unit) and the
  red flags, from backend/heelstrong/catalogue/clinical.yaml, and how Today hands over to a
  clinician, from the engine's message table.

    .venv/bin/python frontend/scripts/from_server.py          # rewrite the files
    .venv/bin/python frontend/scripts/from_server.py --check  # fail if one is out of date

tests/unit/test_clinical_settings.py runs the check: a changed server limit or setting fails the
tests until the files are written again (and the web app rebuilt).
"""

import json
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
KEPT = ("type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength")


def _field(schema: dict) -> dict:
    nullable = False
    options = schema.get("anyOf")
    if options:
        nullable = any(option.get("type") == "null" for option in options)
        schema = next((option for option in options if option.get("type") != "null"), {})
    field = {key: schema[key] for key in KEPT if key in schema}
    for key in ("minimum", "maximum"):
        if key in field and float(field[key]).is_integer():
            field[key] = int(field[key])
    if nullable:
        field["nullable"] = True
    return field


def limits(openapi: dict) -> dict:
    """{"POST /api/checkins": {"morning_pain": {"type": "integer", "minimum": 0, ...}, ...}, ...}"""
    schemas = openapi["components"]["schemas"]
    out = {}
    for path, operations in sorted(openapi["paths"].items()):
        for method, operation in sorted(operations.items()):
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if not body or "$ref" not in body:
                continue
            schema = schemas[body["$ref"].rsplit("/", 1)[-1]]
            fields = {name: _field(prop) for name, prop in sorted(schema.get("properties", {}).items())}
            fields = {name: field for name, field in fields.items() if set(field) - {"type", "nullable"}}
            if fields:
                out[f"{method.upper()} {path}"] = fields
    return out


def openapi() -> dict:
    """The server's schema (the catalogue check at start-up is skipped: the schema does not
    depend on the catalogue's content)."""
    from unittest import mock

    from heelstrong import app

    with mock.patch.object(app, "get_catalogue"):
        return app.create_app().openapi()


def render() -> dict[Path, str]:
    """Each file's path and the text it should hold."""
    from heelstrong.catalogue.clinical import frontend_copy
    from heelstrong.progression.engine.messages import MESSAGES, RuleId

    says = MESSAGES[RuleId.SEE_CLINICIAN].says
    hand_over = {"title": says["title"], "ending": says["part"], "meanwhile": says["meanwhile"]}
    return {
        SRC / "limits.json": json.dumps(limits(openapi()), indent=2, sort_keys=True) + "\n",
        SRC / "clinical.json": json.dumps({**frontend_copy(), "hand_over": hand_over}, indent=2) + "\n",
    }


def out_of_date() -> list[Path]:
    return [path for path, text in render().items() if not path.exists() or path.read_text() != text]


if __name__ == "__main__":
    if "--check" in sys.argv:
        stale = out_of_date()
        if stale:
            sys.exit(f"{', '.join(map(str, stale))} out of date: run {Path(__file__).name}")
    else:
        for path, text in render().items():
            path.write_text(text)
            print(f"wrote {path}")
