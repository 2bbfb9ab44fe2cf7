"""What the measures say, in words a physiotherapist would use (PROTOCOL.md 6): a change read
against its noise and its importance, the symmetry index, and a fall in heel rises. Pure."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from heelstrong.catalogue.instruments import HeelRiseRules, Instrument


@dataclass(frozen=True)
class Rises:
    """One heel-rise test as the words need it."""

    local_date: date
    painful: tuple[tuple[str, int], ...]  # (side, count) of each painful side
    other: int | None  # the pain-free side's count (None: both heels painful)

    @classmethod
    def of(cls, local_date: date, sides: Iterable[tuple[str, bool, int]]) -> "Rises":
        """From each side's (side, painful, count)."""
        sides = list(sides)
        other = [count for _, painful, count in sides if not painful]
        return cls(local_date, tuple((side, count) for side, painful, count in sides if painful),
                   other[0] if other else None)

    @property
    def painful_count(self) -> int:
        return min(count for _, count in self.painful)

    @property
    def symmetry(self) -> int | None:
        if self.other is None or len(self.painful) != 1 or self.other == 0:
            return None
        return round(100 * self.painful[0][1] / self.other)


def _day(day: date) -> str:
    return f"{day:%b} {day.day}"


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def score_change(instrument: Instrument, start: float, now: float) -> str:
    """'PSFS 3.7 -> 6.0: a large change'; within the noise, or short of the first band, it says so."""
    change = now - start
    head = f"{instrument.short_name} {start:.1f} -> {now:.1f}" if instrument.scoring == "mean" and \
        instrument.kind != "total" else f"{instrument.short_name} {_number(start)} -> {_number(now)}"
    if change == 0:
        return f"{head}: no change"
    better = (change > 0) == instrument.higher_is_better
    size = abs(change)
    if instrument.noise is not None and size < instrument.noise:
        return f"{head}: within the {_number(instrument.noise)}-point noise"
    reached = [band for band in instrument.changes if size >= band.at_least]
    parts = []
    if instrument.noise is not None:
        parts.append(f"beyond the {_number(instrument.noise)}-point noise")
    if reached:
        parts.append(reached[-1].words)
    elif instrument.changes:
        first = instrument.changes[0]
        parts.append(f"not yet {first.words} ({_number(first.at_least)} {instrument.unit})")
    if not parts:
        parts.append(f"{_number(size)} {instrument.unit} {'better' if better else 'worse'}")
    elif not better:
        parts[-1] += ", for the worse"
    reading = [band.words for band in instrument.readings if now >= band.at_least]
    if reading:
        parts.append(reading[-1])
    return f"{head}: {'; '.join(parts)}"


def instrument_words(instrument: Instrument, scores: Sequence[tuple[date, float]]) -> str | None:
    """The first score against the last (oldest first), or the only one so far."""
    if not scores:
        return None
    if len(scores) == 1:
        day, score = scores[0]
        return f"{instrument.short_name} {_number(score)} on {_day(day)}, the first score"
    return score_change(instrument, scores[0][1], scores[-1][1])


def _rise_change(before: int, now: int, noise: int) -> str:
    if abs(now - before) < noise:
        return f"within the {noise}-rise noise"
    return f"beyond the {noise}-rise noise" if now > before else f"a fall beyond the {noise}-rise noise"


def heel_rise_words(tests: Sequence[Rises], rules: HeelRiseRules, symmetry_goal: int) -> list[str]:
    """Start against now, per painful side, and the symmetry index (or why there is none)."""
    if not tests:
        return []
    first, last = tests[0], tests[-1]
    where = dict(first.painful)
    words = []
    for side, count in last.painful:
        place = "on the painful side" if len(last.painful) == 1 else f"on the {side}"
        if len(tests) == 1 or side not in where:
            words.append(f"{count} rises {place} on {_day(last.local_date)}, the first test")
        else:
            words.append(f"{where[side]} -> {count} rises {place}: {_rise_change(where[side], count, rules.noise)}")
    if last.symmetry is not None:
        start = f"{first.symmetry}% -> " if len(tests) > 1 and first.symmetry is not None else ""
        words.append(f"Symmetry {start}{last.symmetry}% of the other side (goal {symmetry_goal}%)")
    elif last.other is None:
        words.append(f"Both heels painful: no symmetry index; compare with the start and with norms: {rules.norms}")
    return words


def heel_rise_fall(tests: Sequence[Rises], rules: HeelRiseRules) -> str | None:
    """A fall of the noise or more since the last test: a signal for the clinician, not a decision."""
    if len(tests) < 2:
        return None
    before, now = tests[-2], tests[-1]
    fall = before.painful_count - now.painful_count
    if fall < rules.noise:
        return None
    return (f"Heel rises on the painful side fell by {fall}, {before.painful_count} -> {now.painful_count} "
            f"({_day(before.local_date)} to {_day(now.local_date)}): beyond the {rules.noise}-rise noise")
