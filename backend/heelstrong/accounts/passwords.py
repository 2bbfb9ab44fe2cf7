"""Password quality: a password must be long enough and not easy to guess.

zxcvbn (Dropbox's estimator, with its lists of common and breached passwords, names and words)
judges the guessability; a password it scores 0 or 1 (guessable in under a million tries:
"aaaaaaaaaa", "0123456789", "password123", the email itself) is refused with its reason.
"""

import re

from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 2  # zxcvbn's 0-4 scale: 2 means about 10^8 guesses or more
_ESTIMATED_CHARS = 72  # zxcvbn's own input limit; a longer password is judged by its start


def weakness(password: str, *related: str) -> str | None:
    """Why `password` is too easy to guess, said after the field's name ("Password is too easy
    to guess (...)"), or None. `related` are the account's own words (the email), which a
    guesser would try first."""
    words = []
    for text in related:
        local = text.partition("@")[0]
        words += [text, local, "".join(c for c in local if c.isalnum()), *re.split(r"[^\w]+", text)]
    verdict = zxcvbn(password[:_ESTIMATED_CHARS], user_inputs=words)
    if verdict["score"] >= MIN_SCORE:
        return None
    warning = verdict["feedback"]["warning"].rstrip(".")
    reason = f" ({warning[:1].lower()}{warning[1:]})" if warning else ""
    return f"is too easy to guess{reason}: try a few unrelated words together"
