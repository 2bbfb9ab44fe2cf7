"""The clinician summary as a PDF: real text (selectable, searchable) and a vector pain chart."""

from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from heelstrong.sharing.models import Summary

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian: fonts-dejavu-core
UNICODE_FONT_BOLD = UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")
SIDE_WORDS = {"left": "left heel", "right": "right heel", "both": "both heels"}
CONDITION_WORDS = {
    "achilles_midportion": "Achilles tendinopathy (mid-portion)",
    "achilles_insertional": "Achilles tendinopathy (insertional)",
    "plantar_heel": "Plantar heel pain",
    "not_sure": "Heel pain (type not known)",
}
THRESHOLD_WORDS = {
    "pain_limit": "Highest pain during exercise that is fine",
    "settle_minutes": "Pain must settle within (minutes)",
    "flare_margin": "Morning flare: points above 7-day median",
    "tolerated_sessions_to_progress": "Tolerated sessions in a row to progress",
    "morning_ceiling": "A morning this painful is a flare",
    "stiffness_margin_minutes": "Stiffness flare: minutes above 7-day median",
    "worse_than_start_margin": "Worse week: points above the start",
    "flares_to_refer": "Flares in 7 days before referral",
    "floor_flags_to_refer": "Flagged sessions at the lowest dose in 7 days before referral",
    "worse_weeks_to_refer": "Worse weeks in a row before referral",
    "weeks_without_step_to_refer": "Weeks without a step up before referral",
    "least_days_on_stage": "Least days on a stage",
    "min_days_between_fatigue_sessions": "Days between sessions to fatigue",
    "max_fatigue_sessions_per_week": "Sessions to fatigue a week, at most",
    "progress_reps_over": "Reps to beat in a set (rep stages)",
    "load_step_kg": "Load step at stage 5 (kg)",
    "least_days_between_load_steps": "Least days between load steps",
    "max_load_kg": "Most load (kg)",
}
MORNING_COLOUR = (31, 94, 140)
EXERCISE_COLOUR = (196, 98, 16)
LIMIT_COLOUR = (170, 30, 30)


class _SummaryPdf(FPDF):
    def __init__(self, needs_unicode: bool) -> None:
        super().__init__(format="A4")
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(True, margin=12)
        self.unicode = needs_unicode and UNICODE_FONT.exists() and UNICODE_FONT_BOLD.exists()
        if self.unicode:
            self.add_font("body", "", str(UNICODE_FONT))
            self.add_font("body", "B", str(UNICODE_FONT_BOLD))
        self.family = "body" if self.unicode else "Helvetica"

    def text_safe(self, text: str) -> str:
        # Without a Unicode font, core fonts only carry Latin-1: replace, never crash.
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def write_line(self, text: str, size: float = 8.5, bold: bool = False, height: float = 4.2) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, height, self.text_safe(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(1.5)
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


def _pain_chart(pdf: _SummaryPdf, summary: Summary, height: float = 38) -> None:
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
    for attribute, colour in (("morning_pain", MORNING_COLOUR), ("max_exercise_pain", EXERCISE_COLOUR)):
        points = [
            (x_of(p.local_date), y_of(getattr(p, attribute)))
            for p in summary.progress.pain
            if getattr(p, attribute) is not None
        ]
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(0.5)
        if len(points) > 1:
            pdf.polyline(points)
        for x, y in points:
            pdf.circle(x, y, 0.6, style="F")
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


TABLE_FONT_SIZE = 7.5
TABLE_LINE = 3.5
CELL_PADDING = 0.8


def _wrap(pdf: _SummaryPdf, text: str, width: float) -> list[str]:
    """Greedy word wrap by measured width (fpdf's multi_cell is ~100x slower for long tables)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdf.get_string_width(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


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
    return any("\x80" <= char <= "\x9f" for char in text)


def render_summary_pdf(summary: Summary) -> bytes:
    pdf = _SummaryPdf(_needs_unicode(summary))
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
    hip_steps = ", ".join(f"{summary.exercise_names[k]} +{v}" for k, v in summary.hip_resistance_steps.items())
    pdf.write_line(
        f"Now: calf stage {summary.calf_stage} of {summary.stage_count}, {summary.stage_name} "
        f"({summary.calf_dose}). "
        + (f"Hip resistance steps up: {hip_steps}." if hip_steps else "Hip work at starting resistance."),
        bold=True,
    )
    pdf.write_line(summary.progress.summary)
    if summary.referrals:
        # PROTOCOL.md 2c: the prompts lead the summary whatever range was chosen.
        pdf.heading(f"Prompts to talk to a clinician since the program started ({len(summary.referrals)})")
        _table(
            pdf,
            ("date", "why", "patient read it"),
            [(r.local_date.isoformat(), r.message, _read_on(r.acknowledged_at)) for r in summary.referrals],
            (16, 84, 20),
        )

    pdf.heading("Pain (0-10)")
    _pain_chart(pdf, summary)

    pdf.heading("Adherence and volume per week")
    _table(
        pdf,
        ("week from", "sessions done / planned", "hold seconds", "reps"),
        [
            (w.week_start.isoformat(), f"{w.sessions_done} / {w.sessions_planned}", str(w.hold_seconds), str(w.reps))
            for w in summary.progress.weeks
        ],
        (25, 35, 20, 20),
    )

    pdf.heading(f"Flagged sessions ({len(summary.flagged_sessions)})")
    if summary.flagged_sessions:
        _table(
            pdf,
            ("date", "rule broken", "what happened"),
            [(f.local_date.isoformat(), ", ".join(f.broken_rules), f.message) for f in summary.flagged_sessions],
            (16, 24, 80),
        )
    else:
        pdf.write_line("None: every logged session kept to the pain rules.")

    pdf.heading("Decisions and reasons")
    if summary.decisions:
        _table(
            pdf,
            ("date", "track", "decision", "reason"),
            [
                (_dates(d.first_date, d.last_date, d.count), d.track, d.kind.replace("_", " "), d.message)
                for d in summary.decisions
            ],
            (24, 8, 12, 86),
        )
    else:
        pdf.write_line("No decisions yet in this range.")

    pdf.heading("Thresholds in use")
    # Pacing left blank follows the program's value for each stage: only what was set is listed.
    pdf.write_line("; ".join(f"{THRESHOLD_WORDS[k]}: {v:g}" for k, v in summary.thresholds.items() if v is not None),
                   size=7.5)
    return bytes(pdf.output())


def _read_on(acknowledged_at: datetime | None) -> str:
    return acknowledged_at.date().isoformat() if acknowledged_at else "not yet"


def _dates(first: date, last: date, count: int) -> str:
    return first.isoformat() if count == 1 else f"{first:%m-%d} to {last:%m-%d}, {count}x"
