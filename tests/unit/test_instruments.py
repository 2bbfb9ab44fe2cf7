"""Instruments are data (PROTOCOL.md 6): PSFS ships as a file, and a deployment holding a
licence adds a questionnaire's items as a file of its own, loaded, checked and scored without code."""

from pathlib import Path

import pytest

from heelstrong.catalogue.instruments import INSTRUMENTS_PATH, load_measures
from heelstrong.catalogue.loader import CatalogueError

MADE_UP = """\
id: visa_a
name: Made-up Achilles questionnaire (items held under licence)
short_name: MAQ
kind: items
about: Answer each question about the last week.
conditions: [achilles_midportion]
min: 0
max: 10
scoring: percent
higher_is_better: true
changes:
  - {at_least: 14, words: a clinically important change}
items:
  - id: q1
    text: How many minutes of stiffness in the morning?
    options:
      - {value: 0, text: More than 100 minutes}
      - {value: 5, text: About 50 minutes}
      - {value: 10, text: None}
  - id: q2
    text: Can you walk downstairs normally?
    options:
      - {value: 0, text: Strong pain}
      - {value: 10, text: No pain}
source: Nobody, a test fixture
"""


def deployment(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "visa_a.yaml").write_text(text)
    return folder


def test_the_shipped_instruments_are_psfs_and_two_licensed_totals_without_items():
    measures = load_measures(INSTRUMENTS_PATH)
    assert [(i.id, i.kind, i.items) for i in measures.instruments] == [
        ("psfs", "patient_items", ()), ("visa_a", "total", ()), ("ffi", "total", ())]
    psfs = measures.by_id["psfs"]
    assert (psfs.min_items, psfs.max_items, psfs.noise, psfs.every_days) == (3, 5, 2, 14)
    assert psfs.score({"a": 2, "b": 5, "c": 4}) == 3.7
    assert [i.id for i in measures.for_condition("plantar_heel")] == ["psfs", "ffi"]
    assert [i.id for i in measures.for_condition("not_sure")] == ["psfs"]


def test_a_deployment_adds_a_licensed_instrument_as_a_file_and_it_is_scored(tmp_path):
    measures = load_measures(INSTRUMENTS_PATH, deployment(tmp_path, MADE_UP))
    made_up = measures.by_id["visa_a"]  # replaces the shipped total-only one
    assert (made_up.short_name, made_up.kind, [i.id for i in made_up.items]) == ("MAQ", "items", ["q1", "q2"])
    assert made_up.score({"q1": 5, "q2": 10}) == 75.0
    assert made_up.score_range == (0.0, 100.0)
    assert [i.id for i in measures.instruments] == ["psfs", "visa_a", "ffi"]


@pytest.mark.parametrize("broken, where", [
    (MADE_UP.replace("kind: items", "kind: sometimes"), ":4: kind: must be one of patient_items, total, items"),
    (MADE_UP.replace("{value: 10, text: None}", "{value: 11, text: None}"), ":19: items[0].options[2].value: lies outside min-max"),
    (MADE_UP.replace("id: q2", "id: q1"), "items: item ids must differ"),
])
def test_a_broken_instrument_file_names_its_line_and_field(tmp_path, broken, where):
    with pytest.raises(CatalogueError) as error:
        load_measures(INSTRUMENTS_PATH, deployment(tmp_path, broken))
    assert where in str(error.value) and "visa_a.yaml" in str(error.value)
