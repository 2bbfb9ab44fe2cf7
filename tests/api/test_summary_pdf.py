"""The summary PDF as a clinician reads it: every section on the page, in words, and the
defects a reading found (a bold row after a page break, a last page holding only thresholds,
lines drawn across days with no data, a Chinese name that vanished)."""

import shutil
import subprocess
import time
from datetime import date

import pytest

from heelstrong.sharing.pdf import CJK_FONT, TABLE_FONT_SIZE, _runs, _SummaryPdf, _table
from tests.api.conftest import new_id
from tests.api.test_progression import check_in, day, log_holds
from tests.api.test_sharing import with_history

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@needs_poppler
def test_the_first_page_leads_with_the_glance_and_names_rules_in_words(patient, tmp_path):
    with_history(patient)
    session_id = new_id()
    patient.post("/api/sessions", json={"id": session_id, "local_date": day(-1)})
    patient.post(f"/api/sessions/{session_id}/sets", json={
        "id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30, "pain_during": 2,
        "settled": True, "note": "Stairs at work again, " + "long story " * 40})
    pages = pdf_pages(patient.get("/api/export/pdf").content, tmp_path)
    assert "To discuss" in pages[0] and "Pain (0-10)" in pages[0]  # the glance and the chart on the first page
    first = "\n".join(pages)
    for section in ("At a glance", "the program's first week against the last 7 days", "Morning first-steps pain",
                    "Highest pain during exercise", "Morning stiffness", "Now: calf stage 1 of 5",
                    "Stage and load since the start:", "the plan prescribed", "What counts: a day with any calf set",
                    "Since the program started: prompts, flare-ups and stage backs", "To discuss",
                    "Sessions and calf volume per week", "calf holds (seconds)", "The patient's notes (2)",
                    "Thresholds in use", "Plan changes and reasons"):
        assert section in first, section
    assert first.index("At a glance") < first.index("Pain (0-10)") < first.index("Plan changes and reasons")
    # The flagged session says which rule in words, which exercise and how much it hurt.
    flagged = first[first.index("Flagged sessions (1)"):first.index("The patient's notes")]
    assert "Pain above 5/10" in flagged and "Double-leg calf hold" in flagged and "7/10" in flagged
    assert "pain_during_limit" not in first
    # Notes are listed with their dates, a long one cut.
    notes = first[first.index("The patient's notes"):first.index("Thresholds in use")]
    assert 'band "green", then red, felt fine' in notes and "Stairs at work again" in notes
    assert "..." in notes and notes.count("long story") < 40


@needs_poppler
def test_a_long_pdf_never_ends_on_a_page_of_thresholds_alone(patient, tmp_path):
    with_history(patient, days=84)
    started = time.perf_counter()
    content = patient.get("/api/export/pdf", params={"from": day(-83), "to": day(0)}).content
    elapsed = time.perf_counter() - started
    pages = pdf_pages(content, tmp_path)
    assert len(pages) >= 2
    assert "date" in pages[-1] and "Thresholds in use" not in pages[-1]  # the decisions table ends it
    assert elapsed < 5  # generous: the bench measures it (make bench)


def test_a_row_after_a_page_break_is_not_bold():
    pdf = _SummaryPdf(needs_unicode=False)
    pdf.add_page()
    drawn: list[tuple[str, str]] = []
    write = pdf.text
    pdf.text = lambda x, y, text: (drawn.append((pdf.font_style, text)), write(x, y, text))[1]
    _table(pdf, ("date", "what"), [(f"row {n}", "x") for n in range(120)], (20, 80))
    styles = {text: style for style, text in drawn}
    assert styles["date"] == "B"
    assert all(styles[f"row {n}"] == "" for n in range(120)), [n for n in range(120) if styles[f"row {n}"]]
    assert pdf.page_no() > 1 and pdf.font_size_pt == TABLE_FONT_SIZE


def test_the_pain_chart_only_joins_days_next_to_each_other():
    days = [(date(2026, 3, d), 2) for d in (1, 2, 3, 6, 8, 9)]
    assert [[d.day for d, _ in run] for run in _runs(days)] == [[1, 2, 3], [6], [8, 9]]


@needs_poppler
@pytest.mark.skipif(not CJK_FONT.exists(), reason="fonts-wqy-microhei is not installed (.ci/run installs it)")
def test_any_unicode_name_renders(patient, tmp_path):
    check_in(patient, 0)
    log_holds(patient, -1)
    for name in ("王小明", "Łucja Żółć-Ηλέκτρα", "Дмитрий Ёлкин", "佐藤 花子"):
        profile = patient.get("/api/profile").json()
        patient.put("/api/profile", json=profile | {"display_name": name}).raise_for_status()
        pages = pdf_pages(patient.get("/api/export/pdf").content, tmp_path)
        assert name in pages[0], name
