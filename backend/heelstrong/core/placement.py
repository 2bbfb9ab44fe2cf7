"""Where workers run: one per core by default, and optionally each pinned to a core of its own.

Python runs one thread at a time, so a worker uses at most one core: one worker per core is
what turns a second core into throughput (`make bench` measures it: README, "Performance").
"""

import fcntl
import os
import tempfile
from pathlib import Path
from typing import IO

# Open for as long as this worker lives: the lock on its core is released when it exits, however it exits.
_held: list[IO[str]] = []


def usable_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    return len(os.sched_getaffinity(0))


def should_pin(asked: bool | None, workers: int | None) -> bool:
    """As asked; by default, when there is a worker for every core (measured best here: the
    writes gained a quarter to a third, the rest within noise). A single worker is left free to
    move to whichever core is idle."""
    if asked is not None:
        return asked
    return workers is not None and workers > 1 and workers == usable_cores()


def pin_to_a_free_core(port: int) -> int | None:
    """Pin this worker to a core no other worker of this server holds, and answer which; None
    when every core is taken (more workers than cores: those run unpinned). The cores are shared
    out through lock files, so a worker started again after a crash takes the one set free."""
    for core in sorted(os.sched_getaffinity(0)):
        lock = open(Path(tempfile.gettempdir()) / f"heelstrong-{port}-core-{core}.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        _held.append(lock)
        for thread in os.listdir("/proc/self/task"):  # each thread has its own; new ones inherit it
            os.sched_setaffinity(int(thread), {core})
        return core
    return None
