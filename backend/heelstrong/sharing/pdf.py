"""The clinician summary as a PDF: real text (selectable, searchable) and a vector pain chart."""

import re
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from heelstrong.catalogue.clinical import setting
from heelstrong.sharing.models import LadderStep, Measure, Summary

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian: fonts-dejavu-core
UNICODE_FONT_BOLD = UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")
# Chinese, Japanese and Korean names: DejaVu has no such glyphs (Debian: fonts-wqy-microhei).
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SIDE_WORDS = {"left": "left heel", "right": "right heel", "both": "both heels"}
CONDITION_WORDS = {
    "achilles_midportion": "Achilles tendinopathy (mid-portion)",
    "achilles_insertional": "Achilles tendinopathy (insertional)",
    "plantar_heel": "Plantar heel pain",
    "not_sure": "Heel pain (type not known)",
}
MORNING_COLOUR = (31, 94, 140)
EXERCISE_COLOUR = (196, 98, 16)
LIMIT_COLOUR = (170, 30, 30)


_WORD_WIDTHS: dict[tuple[str, float, str], float] = {}
_WORD_WIDTHS_KEPT = 50_000


class _SummaryPdf(FPDF):
    def __init__(self, needs_unicode: bool, needs_cjk: bool = False) -> None:
        super().__init__(format="A4")
        self.set_margins(14, 10, 14)
        self.set_auto_page_break(True, margin=11)
        self.unicode = needs_unicode and UNICODE_FONT.exists() and UNICODE_FONT_BOLD.exists()
        if self.unicode:
            self.add_font("body", "", str(UNICODE_FONT))
            self.add_font("body", "B", str(UNICODE_FONT_BOLD))
            if needs_cjk and CJK_FONT.exists():  # loading it costs about 300 ms: only when a name needs it
                self.add_font("cjk", "", str(CJK_FONT))
                self.set_fallback_fonts(["cjk"], exact_match=False)
        self.family = "body" if self.unicode else "Helvetica"

    def word_width(self, word: str) -> float:
        """fpdf measures a string in ~0.05 ms; a year's tables measure thousands of words, mostly
        the same ones PDF after PDF (dates, numbers, the rules' wording), so each (font, size,
        word) is measured once per process."""
        key = (self.current_font.fontkey, self.font_size_pt, word)
        width = _WORD_WIDTHS.get(key)
        if width is None:
            if len(_WORD_WIDTHS) >= _WORD_WIDTHS_KEPT:  # patients' notes bring words of their own
                _WORD_WIDTHS.clear()
            width = _WORD_WIDTHS[key] = self.get_string_width(word)
        return width

    def text_safe(self, text: str) -> str:
        # Without a Unicode font, core fonts only carry Latin-1: replace, never crash.
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def write_line(self, text: str, size: float = 8.5, bold: bool = False, height: float = 4.2) -> None:
        """A paragraph, wrapped to the page (fpdf's multi_cell line breaker took most of a year's
        PDF); its own line breaks are kept."""
        self.set_font(self.family, "B" if bold else "", size)
        for paragraph in self.text_safe(text).split("\n"):
            for line in _wrap(self, paragraph, self.epw):
                self.cell(0, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(0.6)
        self.write_line(text, size=10.5, bold=True, height=5.5)

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(self.family, "", 7)
        self.set_text_color(90, 90, 90)
        self.cell(
            0,
            4,
            self.text_safe(
                f"Heelstrong summary - page {self.page_no()}/{{nb}} - supports a treatment plan, does not diagnose"
            ),
            align="C",
        )
        self.set_text_color(0, 0, 0)


DOTS_UP_TO_DAYS = 120


def _pain_chart(pdf: _SummaryPdf, summary: Summary, height: float = 24) -> None:
    """Morning pain and highest exercise pain per day on 0-10, with the too-much line."""
    left, top = pdf.l_margin + 8, pdf.get_y() + 2
    width = pdf.w - pdf.l_margin - pdf.r_margin - 10
    days = max(1, (summary.end - summary.start).days)
    pdf.set_font(pdf.family, "", 6.5)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.1)
    for level in (0, 5, 10):
        y = top + height * (1 - level / 10)
        pdf.line(left, y, left + width, y)
        pdf.text(left - 5, y + 1, str(level))

    def x_of(day: date) -> float:
        return left + width * (day - summary.start).days / days

    def y_of(pain: int) -> float:
        return top + height * (1 - pain / 10)

    limit = summary.progress.too_much_pain
    pdf.set_draw_color(*LIMIT_COLOUR)
    pdf.set_line_width(0.3)
    pdf.set_dash_pattern(dash=1.2, gap=1.0)
    pdf.line(left, y_of(limit), left + width, y_of(limit))
    pdf.set_dash_pattern()
    pdf.text(left + width - 22, y_of(limit) - 1, pdf.text_safe(f"{limit}/10: too much"))
    # Morning pain first, solid; exercise pain on top, thin and dashed, so where the two meet both
    # stay visible. A line only joins days next to each other, so a gap in the log stays a gap.
    for attribute, colour, line_width, dash in (
        ("morning_pain", MORNING_COLOUR, 0.6, 0),
        ("max_exercise_pain", EXERCISE_COLOUR, 0.35, 0.9),
    ):
        days_with_value = [
            (p.local_date, getattr(p, attribute)) for p in summary.progress.pain if getattr(p, attribute) is not None
        ]
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(line_width)
        pdf.set_dash_pattern(dash=dash, gap=dash * 0.8)
        runs = _runs(days_with_value)
        for run in runs:
            if len(run) > 1:
                pdf.polyline([(x_of(day), y_of(value)) for day, value in run])
        pdf.set_dash_pattern()
        # A dot per day while dots stand apart; over months they would merge into the line
        # (and cost most of the chart's time), so then only a lone day gets one.
        dotted = days_with_value if days <= DOTS_UP_TO_DAYS else [run[0] for run in runs if len(run) == 1]
        for day, value in dotted:
            pdf.circle(x_of(day), y_of(value), 0.6 if dash == 0 else 0.45, style="F")
    pdf.set_text_color(0, 0, 0)
    pdf.text(left, top + height + 4, summary.start.isoformat())
    pdf.text(left + width - 14, top + height + 4, summary.end.isoformat())
    legend_y = top + height + 4
    for offset, (label, colour) in enumerate(
        (("morning first-steps pain", MORNING_COLOUR), ("highest pain during exercise", EXERCISE_COLOUR))
    ):
        x = left + 40 + offset * 48
        pdf.set_fill_color(*colour)
        pdf.rect(x, legend_y - 2, 3, 2, style="F")
        pdf.text(x + 4, legend_y, label)
    pdf.set_draw_color(150, 150, 150)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.15)
    pdf.set_y(top + height + 7)


def _runs(points: list[tuple[date, int]]) -> list[list[tuple[date, int]]]:
    """Points split where a day or more is missing."""
    runs: list[list[tuple[date, int]]] = []
    for point in points:
        if runs and (point[0] - runs[-1][-1][0]).days == 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


TABLE_FONT_SIZE = 7.5
TABLE_LINE = 3.3
CELL_PADDING = 0.6


def _wrap(pdf: _SummaryPdf, text: str, width: float) -> list[str]:
    """Greedy word wrap by measured width (fpdf's multi_cell is ~100x slower for long tables).
    A line's width is the sum of its words' and spaces' (the fonts used have no kerning)."""
    lines, line, line_width = [], [], 0.0
    space = pdf.word_width(" ")
    for word in text.split():
        word_width = pdf.word_width(word)
        if line and line_width + space + word_width > width:
            lines.append(" ".join(line))
            line, line_width = [word], word_width
        else:
            line_width += (space if line else 0.0) + word_width
            line.append(word)
    return [*lines, " ".join(line)]


def _table(pdf: _SummaryPdf, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> None:
    """A ruled table; the header is repeated when the table runs onto a new page."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    columns = [usable * w / sum(widths) for w in widths]

    def draw(cells: tuple[str, ...], bold: bool) -> None:
        pdf.set_font(pdf.family, "B" if bold else "", TABLE_FONT_SIZE)
        wrapped = [_wrap(pdf, pdf.text_safe(cell), width - 2 * CELL_PADDING) for cell, width in zip(cells, columns)]
        height = max(len(lines) for lines in wrapped) * TABLE_LINE + 2 * CELL_PADDING
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if not bold:
                draw(header, bold=True)
                pdf.set_font(pdf.family, "", TABLE_FONT_SIZE)  # the header left the font bold
        top, x = pdf.get_y(), pdf.l_margin
        if bold:
            pdf.set_fill_color(235, 240, 238)
            pdf.rect(pdf.l_margin, top, usable, height, style="F")
        for lines, width in zip(wrapped, columns):
            for number, line in enumerate(lines):
                pdf.text(x + CELL_PADDING, top + CELL_PADDING + (number + 0.8) * TABLE_LINE, line)
            x += width
        pdf.line(pdf.l_margin, top + height, pdf.l_margin + usable, top + height)
        pdf.set_y(top + height)

    draw(header, bold=True)
    for row in rows:
        draw(row, bold=False)


_C1_CONTROLS = re.compile("[\x80-\x9f]")


def _needs_unicode(summary: Summary) -> bool:
    """Whether any text goes beyond Latin-1, which the PDF core fonts carry. Most summaries don't
    ("Åsa Lindqvist-Øberg" is Latin-1), and embedding DejaVu takes most of the time (a year:
    370 -> 150 ms; 4 weeks: 260 -> 30 ms) and most of the bytes (4 weeks: 28 -> 5 KB)."""
    text = summary.model_dump_json()  # every string the PDF prints comes from here
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    # The core fonts' encoding draws the C1 control codes as other characters (U+0080 as €).
    return _C1_CONTROLS.search(text) is not None


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:g}{unit}" if unit == "/10" else f"{value:g} {unit}"


def _change(measure: Measure) -> str:
    if measure.start is None or measure.now is None:
        return "not enough days to compare"
    difference = measure.now - measure.start
    if difference == 0:
        return "the same"
    return f"{abs(difference):g} {'higher' if difference > 0 else 'lower'}"


def _ladder_words(ladder: list[LadderStep]) -> str:
    return " > ".join(
        f"{step.local_date:%d %b} stage {step.calf_stage}" + (f" +{step.load_kg:g} kg" if step.load_kg else "")
        for step in ladder
    )


EVENT_WORDS = {"referral": "Time to see a clinician", "flare": "Flare-up", "stage_back": "Stage back",
               "program": "Program or condition"}
DISCUSS_WORDS = {
    "referral": "Open prompt",
    "flagged": "Flagged",
    "worse_week": "Worse week",
    "gap": "Gap",
    "note": "Note",
    "measure": "Measure",
}


def _at_a_glance(pdf: _SummaryPdf, summary: Summary) -> None:
    """The first block, the same as the share page's, whatever the range."""
    glance = summary.glance
    pdf.heading("At a glance: the program's first week against the last 7 days (medians)")
    for m in glance.measures:
        pdf.write_line(
            f"{m.label}: {_number(m.start, m.unit)} -> {_number(m.now, m.unit)}, {_change(m)} "
            f"({m.start_days} and {m.now_days} days with a value)",
            size=8,
            height=3.8,
        )
    hip_steps = ", ".join(f"{summary.exercise_names[k]} +{v}" for k, v in summary.hip_resistance_steps.items() if v)
    pdf.write_line(
        f"{summary.program_name}. Now: calf stage {summary.calf_stage} of {summary.stage_count}, {summary.stage_name} "
        f"({summary.calf_dose}). "
        + (f"Hip resistance steps up: {hip_steps}." if hip_steps else "Hip work at starting resistance."),
        bold=True,
    )
    pdf.write_line(f"Stage and load since the start: {_ladder_words(glance.ladder)}.")
    outcomes = glance.outcomes
    pdf.write_line("Measures since the start (heel-rise test, questionnaires):", bold=True)
    for line in outcomes.lines or ["None yet: no heel-rise test or questionnaire recorded."]:
        pdf.write_line(f"- {line}.", size=8, height=3.8)
    done, prescribed = glance.sessions_done, glance.sessions_prescribed
    share = f" ({round(100 * done / prescribed)}%)" if prescribed else ""
    pdf.write_line(f"Sessions done in this range: {done} of {prescribed} the plan prescribed{share}.", bold=True)
    pdf.write_line(glance.adherence_rule, size=6.5, height=3.2)
    pdf.heading(f"Since the program started: prompts, flare-ups and stage backs ({len(glance.events)})")
    if glance.events:
        _table(
            pdf,
            ("date", "what", "why", "patient read it"),
            [
                (
                    e.local_date.isoformat(),
                    EVENT_WORDS[e.kind],
                    e.message,
                    _read_on(e.acknowledged_at) if e.kind == "referral" else "",
                )
                for e in glance.events
            ],
            (15, 16, 76, 13),
        )
    else:
        pdf.write_line("None: no referral prompt, flare-up or stage back.")
    pdf.heading("To discuss")
    if glance.to_discuss:
        _table(
            pdf,
            ("date", "", "what"),
            [
                (d.local_date.isoformat() if d.local_date else "", DISCUSS_WORDS[d.topic], d.text)
                for d in glance.to_discuss
            ],
            (16, 16, 88),
        )
    else:
        pdf.write_line("Nothing stands out in this range.")


def _needs_cjk(summary: Summary) -> bool:
    """Whether any text is Chinese, Japanese or Korean, which DejaVu Sans does not draw."""
    return any(
        "\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uf900" <= char <= "\ufaff"
        for char in summary.model_dump_json(include={"patient_name", "notes", "glance"})
    )


def render_summary_pdf(summary: Summary) -> bytes:
    pdf = _SummaryPdf(_needs_unicode(summary), _needs_cjk(summary))
    pdf.alias_nb_pages()
    pdf.set_title(f"Heelstrong summary {summary.start} to {summary.end}")
    pdf.set_author("Heelstrong")
    pdf.add_page()
    pdf.write_line("Heel rehab summary", size=15, bold=True, height=7)
    who = summary.patient_name or summary.email
    pdf.write_line(
        f"{who} - {CONDITION_WORDS[summary.condition]}, {SIDE_WORDS[summary.painful_side]} - "
        f"program started {summary.program_start} - this summary: {summary.start} to {summary.end}"
    )
    _at_a_glance(pdf, summary)

    pdf.heading("Pain (0-10)")
    _pain_chart(pdf, summary)

    pdf.heading("Sessions and calf volume per week")
    _table(
        pdf,
        ("week from", "sessions done / prescribed", "calf holds (seconds)", "calf raises (reps)"),
        [
            (w.week_start.isoformat(), f"{w.sessions_done} / {w.sessions_planned}", str(w.hold_seconds), str(w.reps))
            for w in summary.progress.weeks
        ],
        (25, 35, 25, 25),
    )

    pdf.heading(f"Flagged sessions ({len(summary.flagged_sessions)})")
    if summary.flagged_sessions:
        _table(
            pdf,
            ("date", "rule broken", "exercise", "pain", "what happened"),
            [
                (
                    f.local_date.isoformat(),
                    ", ".join(f.rule_names),
                    ", ".join(f.exercises),
                    "-" if f.pain is None else f"{f.pain}/10",
                    f.message,
                )
                for f in summary.flagged_sessions
            ],
            (16, 24, 22, 8, 50),
        )
    else:
        pdf.write_line("None: every logged session kept to the pain rules.")

    pdf.heading(f"The patient's notes ({len(summary.notes)})")
    if summary.notes:
        _table(
            pdf,
            ("date", "where", "note"),
            [(n.local_date.isoformat(), n.source, n.text) for n in summary.notes],
            (16, 24, 80),
        )
    else:
        pdf.write_line("No notes in this range.")

    pdf.heading("Thresholds in use")
    # Pacing left blank follows the program's value for each stage: only what was set is listed.
    pdf.write_line(
        "; ".join(f"{setting(k).label}: {v:g}" for k, v in summary.thresholds.items() if v is not None),
        size=6.5,
        height=3.2,
    )

    # Every change of the plan; the routine "same dose again" holds are counted, not listed (the
    # share page lists them), so that four weeks fit one page.
    changes = [d for d in summary.decisions if d.kind != "hold"]
    holds = sum(d.count for d in summary.decisions if d.kind == "hold")
    pdf.heading(f"Plan changes and reasons ({len(changes)})")
    if changes:
        _table(
            pdf,
            ("date", "track", "decision", "reason"),
            [(_dates(d.first_date, d.last_date, d.count), d.track, d.rule_name, d.message) for d in changes],
            (17, 7, 22, 84),
        )
    else:
        pdf.write_line("No plan changes in this range.")
    if holds:
        pdf.write_line(
            f"And {holds} routine decision{'s' * (holds != 1)} to keep the same dose (pacing, once more before a "
            "step, a target not reached yet): each one is on the share page.",
            size=7,
        )
    return bytes(pdf.output())


def _read_on(acknowledged_at: datetime | None) -> str:
    return acknowledged_at.date().isoformat() if acknowledged_at else "not yet"


def _dates(first: date, last: date, count: int) -> str:
    return first.isoformat() if count == 1 else f"{first:%m-%d} to {last:%m-%d} ({count})"
