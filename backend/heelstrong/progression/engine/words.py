"""Small pieces of the patient's language the message table's sentences are filled in with."""

from collections.abc import Sequence
from datetime import date


def day_words(day: date) -> str:
    """"Tue, Dec 1"."""
    return f"{day:%a, %b} {day.day}"


def listed(words: Sequence[str]) -> str:
    """"a, b and c"."""
    return " and ".join(filter(None, (", ".join(words[:-1]), words[-1])))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def sentence(text: str) -> str:
    return text[0].upper() + text[1:]
