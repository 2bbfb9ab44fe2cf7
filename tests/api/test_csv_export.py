"""The CSV export is safe to open in a spreadsheet (OWASP CSV injection), says whose it is, and
keeps the patient's text: read back with Python's csv module, and opened by LibreOffice."""

import csv
import io
import os
import re
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.api.conftest import link, new_id
from tests.api.test_fhir_measures import answer, measured
from tests.api.test_progression import day
from tests.conftest import POSTGRES_URL

# Every character a spreadsheet may read as the start of a formula, fullwidth forms included.
FORMULA_START = set("=+-@\t\r\n＝＋－＠")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TEXT_COLUMNS = ("patient_name", "checkin_note", "set_note", "band")

HOSTILE_NAME = "=cmd|' /C calc'!A0 Åsa Øberg"
# (what the patient typed, what the cell must say)
HOSTILE_NOTES = [
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("+1+1", "'+1+1"),
    ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "' TAB"),
    ("\rCR", "' CR"),
    ("\nLF", "' LF"),
    ("＝1+1", "'＝1+1"),
    ("＋1+1", "'＋1+1"),
    ("－2", "'－2"),
    ("＠SUM(A1)", "'＠SUM(A1)"),
    (" =1+1", "' =1+1"),  # some programs trim leading blanks on import
    ("\x01=1+1", "'=1+1"),  # a control dropped in front of a formula
    ("line one\r\nline two\tthen\nthree", "line one line two then three"),
    ("bell\x07 \x1b[31mred\x9b ok\x7f", "bell [31mred ok"),
    ("Calf fine, 3 sets - no pain; 2+2 = 4 @home 'ok'", "Calf fine, 3 sets - no pain; 2+2 = 4 @home 'ok'"),
]
# PostgreSQL text can't hold NUL, so these are only sent where the database can store them.
NUL_NOTES = [("\x00=1+1", "'=1+1"), ("a\x00b", "ab")]


def hostile_history(client) -> dict[str, str]:
    """One day per hostile note, as the check-in note and as a set's note (and a hostile band
    and name): the cell each stored note must become."""
    profile = {"display_name": HOSTILE_NAME, "painful_side": "left", "condition": "plantar_heel",
               "program_start": day(-27), "timezone": "UTC"}
    assert client.put("/api/profile", json=profile).status_code == 200
    expected = {}
    notes = HOSTILE_NOTES + ([] if POSTGRES_URL else NUL_NOTES)
    for offset, (note, cell) in enumerate(notes):
        checkin = {"id": new_id(), "local_date": day(-offset), "morning_pain": 3, "note": note}
        response = client.post("/api/checkins", json=checkin)
        if response.status_code == 422:  # refused outright is safe too: nothing to export
            continue
        assert response.status_code == 201, response.text
        assert response.json()["note"] == note  # stored as typed; the export makes it safe
        session_id = new_id()
        assert client.post("/api/sessions", json={"id": session_id, "local_date": day(-offset)}).status_code == 201
        entry = {"id": new_id(), "exercise_id": "hip-abduction-band", "side": "right", "reps": 12, "load_kg": 2.5,
                 "band": "=1+1", "pain_during": 2, "settled": True, "note": note}
        assert client.post(f"/api/sessions/{session_id}/sets", json=entry).status_code == 201
        expected[day(-offset)] = cell
    return expected


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_formula_cells_are_neutralised_and_controls_dropped_but_the_text_is_kept(patient):
    expected = hostile_history(patient)
    response = patient.get("/api/export/csv", params={"from": day(-27), "to": day(0)})
    assert response.status_code == 200 and b"\x00" not in response.content
    rows = read_csv(response)
    assert len(rows) == len(expected)  # one set a day: one row each

    for row in rows:
        for column, cell in row.items():
            assert cell[:1] not in FORMULA_START, (column, cell)
            assert not CONTROL.search(cell), (column, cell)
        assert row["checkin_note"] == row["set_note"] == expected[row["date"]], row
        assert row["patient_name"] == "'" + HOSTILE_NAME and row["band"] == "'=1+1"
        # The numbers we write stay numbers.
        assert (row["morning_pain"], row["reps"], row["load_kg"], row["pain_during"]) == ("3", "12", "2.5", "2")
        assert row["hold_seconds"] == "" and row["settled"] == "yes" and row["exercise_name"]


def test_every_row_names_the_patient_by_a_stable_pseudonymous_id(patient, other_patient, new_client):
    patient.put("/api/profile", json=patient.get("/api/profile").json() | {"display_name": "Jo Smith"})
    for client in (patient, other_patient):
        response = client.post("/api/checkins", json={"id": new_id(), "local_date": day(0), "morning_pain": 2})
        assert response.status_code == 201
    rows = read_csv(patient.get("/api/export/csv"))
    ids = {row["patient_id"] for row in rows}
    assert len(ids) == 1 and uuid.UUID(ids.pop()).version == 5
    email = patient.get("/api/me").json()["email"]
    assert rows[0]["patient_name"] == "Jo Smith" and email not in rows[0]["patient_id"]
    assert read_csv(patient.get("/api/export/csv"))[0]["patient_id"] == rows[0]["patient_id"]  # stable
    # The same id as the FHIR export's Patient, so the two files of one patient can be joined.
    bundle = patient.get("/api/export/fhir").json()
    fhir_patient = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert fhir_patient["id"] == rows[0]["patient_id"]
    other = read_csv(other_patient.get("/api/export/csv"))
    assert other[0]["patient_id"] != rows[0]["patient_id"] and other[0]["patient_name"] == ""
    # The clinician's copy through a link is the same file under the same name.
    token = patient.post("/api/share-links", json={}).json()["token"]
    range_ = {"from": day(-6), "to": day(0)}
    mine, shared = patient.get("/api/export/csv", params=range_), new_client().get(f"/api/shared/{token}/csv",
                                                                                 params=range_)
    assert shared.content == mine.content
    assert shared.headers["content-disposition"] == mine.headers["content-disposition"]


@pytest.mark.parametrize(("name", "ascii_part", "utf8_part"), [
    ("Jo Smith", "jo-smith", None),
    (None, "patient", None),
    ("Åsa Lindqvist-Øberg", "asa-lindqvist-oberg", "åsa-lindqvist-øberg"),
    ("李小龙", "patient", "李小龙"),
    ('"../../etc/passwd"; x=1', "etc-passwd-x-1", None),
    (HOSTILE_NAME, "cmd-c-calc-a0-asa-oberg", "cmd-c-calc-a0-åsa-øberg"),
])
def test_the_file_is_named_after_the_patient_and_the_range(patient, name, ascii_part, utf8_part):
    patient.put("/api/profile", json=patient.get("/api/profile").json() | {"display_name": name})
    response = patient.get("/api/export/csv", params={"from": day(-6), "to": day(0)})
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    ascii_name = f"heelstrong-{ascii_part}-{day(-6)}-to-{day(0)}.csv"
    assert disposition.startswith(f'attachment; filename="{ascii_name}"')
    assert disposition.isascii() and disposition.count('"') == 2 and "/" not in disposition
    if utf8_part is None:
        assert "filename*" not in disposition
    else:
        encoded = disposition.split("; filename*=UTF-8''", 1)[1]
        assert re.fullmatch(r"[A-Za-z0-9%._~-]+", encoded)
        assert unquote(encoded, encoding="utf-8") == f"heelstrong-{utf8_part}-{day(-6)}-to-{day(0)}.csv"


# ---- LibreOffice: what a clinician's spreadsheet makes of the file

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
# UTF-8, comma, double quote, from line 1; "evaluate formulas" on (token 13), as a person
# opening the file would have it, and "detect special numbers" on (token 8).
CSV_IMPORT = "CSV:44,34,76,1,,0,false,true,false,false,false,false,true"


@pytest.fixture
def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice is missing: CI must install LibreOffice (apt-get install libreoffice-calc)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc --no-install-recommends")
    return path


def open_in_calc(soffice: str, csv_path: Path, tmp_path: Path) -> list[list[tuple[str | None, str]]]:
    """The sheet LibreOffice makes of a CSV file: rows of (formula or None, text shown)."""
    out = tmp_path / "calc"
    profile = tmp_path / "lo-profile"  # a profile of its own: works as root, and beside another run
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", f"--infilter={CSV_IMPORT}",
         "--convert-to", "fods", "--outdir", str(out), str(csv_path)],
        capture_output=True, text=True, timeout=180,
    )
    converted = out / f"{csv_path.stem}.fods"
    assert converted.is_file(), f"soffice did not convert {csv_path}:\n{result.stdout}\n{result.stderr}"
    rows = []
    for row in ET.parse(converted).getroot().iter(f"{{{TABLE}}}table-row"):
        cells = []
        for cell in row.iter(f"{{{TABLE}}}table-cell"):
            repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1")), 100)
            shown = "\n".join(_inline_text(p) for p in cell.iter(f"{{{TEXT}}}p"))
            cells += [(cell.get(f"{{{TABLE}}}formula"), shown)] * repeat
        rows.append(cells)
    return rows


def _inline_text(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def test_libreoffice_opens_the_file_with_no_formula_and_every_note_as_written(patient, soffice, tmp_path):
    expected = hostile_history(patient)
    response = patient.get("/api/export/csv", params={"from": day(-27), "to": day(0)})
    rows = read_csv(response)

    # The check can see a formula: the same notes written raw become formulas in LibreOffice.
    raw = tmp_path / "raw.csv"
    with raw.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([note] for note, _ in HOSTILE_NOTES)
    raw_sheet = open_in_calc(soffice, raw, tmp_path)
    assert raw_sheet[0][0][0] is not None and "HYPERLINK" in raw_sheet[0][0][0], raw_sheet[0]

    safe = tmp_path / "export.csv"
    safe.write_bytes(response.content)
    sheet = open_in_calc(soffice, safe, tmp_path)
    formulas = [(r, c, cell) for r, row in enumerate(sheet) for c, cell in enumerate(row) if cell[0] is not None]
    assert formulas == []
    header = [text for _, text in sheet[0]]
    assert header[: len(rows[0])] == list(rows[0])
    assert len([row for row in sheet[1:] if any(text for _, text in row)]) == len(rows) == len(expected)
    for row, cells in zip(rows, sheet[1:], strict=False):
        shown = {column: cells[i][1] for i, column in enumerate(header) if column in TEXT_COLUMNS}
        # What the clinician reads is the cell as written: the leading ' shows, nothing else is lost.
        assert shown == {column: row[column] for column in TEXT_COLUMNS}, row["date"]
        assert shown["set_note"] == expected[row["date"]]


# ---- the measures: a file of their own, one row per reading

MEASURES_HEADER = ["patient_id", "patient_name", "date", "measure", "measure_name", "entry_id", "side", "painful",
                   "count", "height_held", "pain_during", "symmetry_percent", "item", "rating", "score", "entered_by",
                   "logged_at"]


def measures_csv(client, path: str = "/api/export/measures-csv"):
    response = client.get(path, params={"from": day(-27), "to": day(0)})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return response


def test_the_measures_csv_has_a_row_per_reading_typed_and_safe(patient, new_client, new_clinician):
    patient.put("/api/profile", json=patient.get("/api/profile").json() | {"display_name": "Åsa Øberg"})
    seeded = measured(patient)
    clinician = new_clinician()
    patient_id = link(patient, clinician)
    answer(clinician, -1, "ffi", path=f"/api/clinic/patients/{patient_id}/measures/responses", total=38)
    response = measures_csv(patient)
    assert response.content.startswith("\ufeff".encode()) and b"\r\n" in response.content
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    assert text.splitlines()[0] == ",".join(MEASURES_HEADER)
    rows = read_csv(response)
    assert all(list(row) == MEASURES_HEADER for row in rows)
    patient_key = next(e["resource"]["id"] for e in patient.get("/api/export/fhir").json()["entry"]
                       if e["resource"]["resourceType"] == "Patient")
    assert {(row["patient_id"], row["patient_name"]) for row in rows} == {(patient_key, "Åsa Øberg")}

    def cells(*columns):
        return [tuple(row[c] for c in ("date", "measure", *columns)) for row in rows]

    heel = [r for r in rows if r["measure"] == "heel_rise"]
    assert [(r["date"], r["side"], r["painful"], r["count"], r["height_held"], r["pain_during"],
             r["symmetry_percent"]) for r in heel] == [
        (day(-20), "left", "no", "26", "yes", "0", ""), (day(-20), "right", "yes", "20", "no", "3", "77"),
        (day(-2), "left", "no", "27", "not sure", "1", ""), (day(-2), "right", "yes", "24", "yes", "2", "89")]
    assert {r["entry_id"] for r in heel} == {t["id"] for t in seeded["tests"]}
    assert {(r["measure_name"], r["entered_by"], r["item"], r["rating"], r["score"]) for r in heel} == {
        ("Single-leg heel-rise test", "patient", "", "", "")}
    # Each activity rated, then the score (item and rating empty); a licensed form: its total.
    assert cells("item", "rating", "score", "entered_by")[2:9] == [
        (day(-20), "psfs", "Walk the dog for 30 minutes", "2", "", "patient"),
        (day(-20), "psfs", "Stairs at work", "5", "", "patient"),
        (day(-20), "psfs", "'=1+1 run 5 km", "4", "", "patient"),  # a formula no more
        (day(-20), "psfs", "", "", "3.7", "patient"),
        (day(-20), "ffi", "", "", "62", "patient"),
        (day(-6), "psfs", "Walk the dog for 30 minutes", "6", "", "patient"),
        (day(-6), "psfs", "Stairs at work", "7", "", "patient")]
    assert cells("item", "rating", "score", "entered_by")[9:] == [
        (day(-6), "psfs", "'=1+1 run 5 km", "6.5", "", "patient"),
        (day(-6), "psfs", "Hike", "5", "", "patient"),
        (day(-6), "psfs", "", "", "6.1", "patient"),
        (day(-6), "ffi", "", "", "41.5", "patient"),
        (day(-2), "heel_rise", "", "", "", "patient"),
        (day(-2), "heel_rise", "", "", "", "patient"),
        (day(-1), "ffi", "", "", "38", "clinician")]
    assert {r["measure_name"] for r in rows if r["measure"] == "ffi"} == {"Foot Function Index"}
    assert [r["entry_id"] for r in rows if r["measure"] == "psfs" and r["score"]] == [a["id"] for a in seeded["psfs"]]
    assert all(r["logged_at"].endswith("+00:00") for r in rows)
    for row in rows:
        for column, cell in row.items():
            assert cell[:1] not in FORMULA_START and not CONTROL.search(cell), (column, cell)

    # Named after the patient, the measures and the range; the same file through a link and the clinic.
    disposition = response.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="heelstrong-asa-oberg-measures-{day(-27)}-to-{day(0)}.csv"')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"heelstrong-åsa-øberg-measures-{day(-27)}-to-{day(0)}.csv"
    token = patient.post("/api/share-links", json={}).json()["token"]
    for path, client in ((f"/api/shared/{token}/measures-csv", new_client()),
                         (f"/api/clinic/patients/{patient_id}/export/measures-csv", clinician)):
        other = measures_csv(client, path)
        assert (other.content, other.headers["content-disposition"]) == (response.content, disposition)
    # The sets file stays one row per set: no measure in it.
    assert read_csv(patient.get("/api/export/csv", params={"from": day(-27), "to": day(0)})) == []
    archive = zipfile.ZipFile(io.BytesIO(patient.get("/api/account/export").content))
    assert archive.read("heelstrong-measures.csv").decode("utf-8") == response.content.decode("utf-8")


def test_no_measures_is_the_header_alone_and_a_narrow_range_only_its_readings(patient):
    assert measures_csv(patient).content.decode("utf-8") == "\ufeff" + ",".join(MEASURES_HEADER) + "\r\n"
    measured(patient)
    rows = read_csv(patient.get("/api/export/measures-csv", params={"from": day(-3), "to": day(0)}))
    assert [(r["date"], r["side"], r["count"]) for r in rows] == [(day(-2), "left", "27"), (day(-2), "right", "24")]
    assert patient.get("/api/export/measures-csv", params={"type": "transaction"}).status_code == 422


def test_libreoffice_opens_the_measures_with_numbers_as_numbers_and_no_formula(patient, soffice, tmp_path):
    measured(patient)
    response = measures_csv(patient)
    rows = read_csv(response)
    path = tmp_path / "measures.csv"
    path.write_bytes(response.content)
    sheet = open_in_calc(soffice, path, tmp_path)
    assert [(r, c) for r, row in enumerate(sheet) for c, cell in enumerate(row) if cell[0] is not None] == []
    header = [text for _, text in sheet[0]][: len(MEASURES_HEADER)]
    assert header == MEASURES_HEADER
    shown = [dict(zip(header, [text for _, text in row], strict=False)) for row in sheet[1: len(rows) + 1]]
    assert [row["item"] for row in shown] == [row["item"] for row in rows]  # "'=1+1 run 5 km" as written
    assert [(row["count"], row["symmetry_percent"], row["score"]) for row in shown] == [
        (row["count"], row["symmetry_percent"], row["score"]) for row in rows]
    assert [row["date"] for row in shown] == [row["date"] for row in rows]  # ISO dates read back as written
