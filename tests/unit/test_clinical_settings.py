"""Every clinical setting and the red-flag list are declared once (catalogue/clinical.yaml), and
everything that names, bounds or defaults them is derived from that declaration."""

import dataclasses
import importlib.util
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from heelstrong.catalogue.clinical import CLINICAL_PATH, RED_FLAGS, SETTINGS, Clinical, Thresholds, clinical, setting
from heelstrong.catalogue.loader import CatalogueError, load_yaml
from heelstrong.progression.models import PatientThresholds, ThresholdFields, ThresholdsUpdate

ROOT = Path(__file__).resolve().parents[2]


def _from_server():
    script = ROOT / "frontend" / "scripts" / "from_server.py"
    spec = importlib.util.spec_from_file_location("from_server", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_web_apps_copies_are_the_servers():
    """limits.json (the OpenAPI schema's limits) and clinical.json (the settings and red flags)
    are written from the server: a changed setting fails here until
    `.venv/bin/python frontend/scripts/from_server.py` writes them again."""
    module = _from_server()
    assert module.out_of_date() == [], "run frontend/scripts/from_server.py"
    limits = json.loads((module.SRC / "limits.json").read_text())
    assert limits["POST /api/checkins"]["stiffness_minutes"]["maximum"] == 1440
    assert limits["PUT /api/profile/thresholds"]["pain_limit"] == {"type": "integer", "minimum": 0, "maximum": 10}
    copy = json.loads((module.SRC / "clinical.json").read_text())
    assert [s["key"] for s in copy["settings"]] == [s.key for s in SETTINGS]
    assert copy["red_flags"] == list(RED_FLAGS)


def test_the_engine_and_the_stored_model_take_every_setting_from_its_declaration():
    keys = [s.key for s in SETTINGS]
    assert [f.name for f in dataclasses.fields(Thresholds)] == keys
    assert list(ThresholdFields.model_fields) == keys
    for item in SETTINGS:
        assert getattr(Thresholds(), item.key) == item.default_value
        assert getattr(PatientThresholds(user_id=1), item.key) == item.default_value
        column = PatientThresholds.__table__.c[item.key]
        assert column.nullable is item.optional
        assert column.type.python_type is item.python_type
        for value in (item.min, item.max):
            ThresholdsUpdate(**{item.key: item.bound(value)})
        for value in (item.min - 1, item.max + 1):
            with pytest.raises(ValidationError):
                ThresholdsUpdate(**{item.key: item.bound(value)})
        assert item.label in ThresholdFields.model_fields[item.key].description


def test_a_settings_words_carry_its_unit_and_say_what_a_blank_means():
    assert setting("pain_limit").words(4) == "4/10"
    assert setting("load_step_kg").words(2.5) == "2.5 kg"
    assert setting("least_days_on_stage").words(None) == "the program default"
    assert setting("max_load_kg").words(None) == "no maximum"


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        ("    default: 5\n    unit: /10", "    default: 11\n    unit: /10", "settings[0].default",
         "must be between min and max"),
        ("    blank: the program default\n", "", "settings[11]", "required exactly when default is null"),
        ("    group: pain\n", "    group: gait\n", "settings[0].group", "not one of the groups"),
    ],
)
def test_a_broken_declaration_is_refused_with_its_line(tmp_path, old, new, where, reason):
    text = CLINICAL_PATH.read_text()
    assert old in text
    path = tmp_path / "clinical.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogueError) as error:
        load_yaml(path, Clinical)
    assert error.value.field.startswith(where) and reason in error.value.reason


def test_the_red_flag_list_exists_once():
    """Its sentences are in clinical.yaml and the web app's copy written from it, nowhere else."""
    sources = [p for folder in ("backend", "frontend/src") for p in (ROOT / folder).rglob("*")
               if p.suffix in {".py", ".js", ".yaml", ".json"} and p.is_file()]
    for flag in RED_FLAGS:
        holders = sorted(str(p.relative_to(ROOT)) for p in sources if flag in p.read_text(encoding="utf-8"))
        assert holders == ["backend/heelstrong/catalogue/clinical.yaml", "frontend/src/clinical.json"], flag


def test_a_broken_file_stops_the_process_with_its_line_not_a_traceback(tmp_path):
    """Every module that reads a setting imports clinical.py, which loads the file at import: the
    process stops there with a sentence naming the file, line and field (as for the catalogue)."""
    path = tmp_path / "clinical.yaml"
    path.write_text(CLINICAL_PATH.read_text().replace("    group: pain\n", "    group: gait\n", 1))
    with pytest.raises(SystemExit) as stopped:
        clinical(path)
    assert str(stopped.value).startswith(f"heelstrong: clinical settings are invalid: {path}:")
    assert "settings[0].group" in str(stopped.value) and "not one of the groups" in str(stopped.value)
