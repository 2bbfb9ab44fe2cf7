"""How long the progression engine takes on a year of history.

    .venv/bin/python -m tests.perf.engine_timing

A year: a check-in every morning (365), a session on about 300 days with about 15 sets each
(calf work for the stage of the time, hip work every other day, the four mobility exercises).
Times ``compute`` for today (a) from a fresh State, walking the whole year, and (b) the daily
case, from the state evaluated through yesterday's request, walking one new day; (c) is (b)
with only the history the service loads for it (check-ins of the last week, sets after the
evaluated day). Prints the median and p99 of 50 runs in milliseconds.
"""

import gc
import math
import statistics
import time
from datetime import date, timedelta

from heelstrong.catalogue.loader import get_catalogue
from heelstrong.progression.engine import CheckIn, LoggedSet, Profile, Session, State, Thresholds, compute

RUNS = 50
START = date(2024, 1, 1)
DAYS = 365
CATALOGUE = get_catalogue()
PROFILE = Profile("right", START)
THRESHOLDS = Thresholds()
HIP = ("hip-abduction-band", "hip-extension-band", "hamstring-curl-seated-band", "split-squat")
MOBILITY = [e.id for e in CATALOGUE.by_track("mobility")]


def a_year() -> tuple[list[CheckIn], list[Session]]:
    checkins, sessions = [], []
    for n in range(DAYS):
        day = START + timedelta(days=n)
        checkins.append(CheckIn(day, 3 if n % 11 == 10 else 2))
        if n % 6 == 5:
            continue  # about 300 training days
        stage = CATALOGUE.stages[min(4, n // 60)]
        calf = LoggedSet(
            stage.exercise_ids[0],
            "right",
            None if stage.number < 3 else 10 + (n % 60) // 6,
            45 if stage.number < 3 else None,
            3,
            True,
            None,
            None,
        )
        hip = [LoggedSet(e, "left", 10, None, 2, True, "easy" if n % 4 == 0 else "right") for e in HIP[:3]] * 2
        mobility = [LoggedSet(e, "both", 10, None, 1, True) for e in MOBILITY]
        if n % 2 == 0:  # hip day: 5 calf + 6 hip + 4 mobility
            sets = [calf] * 5 + hip + mobility
        else:  # 5 calf + the mobility exercises, some more than once
            sets = [calf] * 5 + (mobility * 3)[:10]
        sessions.append(Session(day, tuple(sets)))
    return checkins, sessions


def timed(run) -> tuple[float, float]:
    run()  # warm up
    gc.collect()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[math.ceil(0.99 * len(samples)) - 1]


def main() -> None:
    checkins, sessions = a_year()
    today = START + timedelta(days=DAYS - 1)  # this morning's check-in is in
    yesterday = compute(PROFILE, THRESHOLDS, CATALOGUE, State(), checkins[:-1], sessions, today - timedelta(days=1))
    through = yesterday.state.evaluated_through
    recent_checkins = [c for c in checkins if c.local_date >= through - timedelta(days=7)]
    recent_sessions = [s for s in sessions if s.local_date > through]
    full = compute(PROFILE, THRESHOLDS, CATALOGUE, State(), checkins, sessions, today)
    assert full.state == compute(PROFILE, THRESHOLDS, CATALOGUE, yesterday.state, checkins, sessions, today).state

    print(
        f"history: {len(checkins)} check-ins, {len(sessions)} sessions, "
        f"{sum(len(s.sets) for s in sessions)} sets; full walk ends at stage {full.state.calf_stage} "
        f"with {len(full.decisions)} decisions"
    )
    cases = {
        "full walk from State()": lambda: compute(PROFILE, THRESHOLDS, CATALOGUE, State(), checkins, sessions, today),
        f"daily (state through {through}), whole history": lambda: compute(
            PROFILE, THRESHOLDS, CATALOGUE, yesterday.state, checkins, sessions, today
        ),
        "daily, the history the service loads": lambda: compute(
            PROFILE, THRESHOLDS, CATALOGUE, yesterday.state, recent_checkins, recent_sessions, today
        ),
    }
    print(f"{'case':<52}{'median ms':>10}{'p99 ms':>10}   ({RUNS} runs)")
    for name, run in cases.items():
        median_ms, p99_ms = timed(run)
        print(f"{name:<52}{median_ms:>10.3f}{p99_ms:>10.3f}")


if __name__ == "__main__":
    main()
