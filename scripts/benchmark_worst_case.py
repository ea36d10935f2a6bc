"""Extraction time on crafted worst cases: is the work linear in the text (issue 11)?

Each case is a text of ``--chars`` characters (default 200,000, the most an article may hold) built to
stress one part of the pipeline: the same time word over and over, numbers, event triggers, place
names, one giant sentence with no full stop, and ordinary reports back to back. Every case is extracted
at half the size and at full size, in this process (one core), and the script reports the seconds of
each and their ratio: a linear pipeline gives about 2 when the text doubles, a quadratic one about 4.
A case over ``--limit`` seconds is stopped and reported as such (so the script always ends).

    .venv/bin/python scripts/benchmark_worst_case.py                 # all cases, 200,000 characters
    .venv/bin/python scripts/benchmark_worst_case.py --chars 50000 --case time_words
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable

# The fragments are written for this benchmark: no news text.
REPORT = (
    "قتل خمسة مدنيين أمس في غارة جوية شنها الطيران الحربي على بلدة سراقب في ريف إدلب الشرقي، "
    "فيما اندلعت اشتباكات عنيفة بين الجيش السوري وفصائل المعارضة على أطراف مدينة حرستا. "
)
CASES: dict[str, str] = {
    "time_words": "أمس ",
    "time_phrases": "صباح اليوم ومساء أمس وفجر الثلاثاء الماضي ",
    "numbers": "قتل 17 شخصا و23 آخرين و١٢ ",
    "number_words": "خمسة عشر وثلاثة وعشرون ومئة ",
    "triggers": "قصف اشتباكات انفجار غارة هجوم ",
    "places": "حلب دمشق إدلب حرستا دوما الرقة ",
    "one_sentence": REPORT.replace("،", "").replace(".", ""),
    "reports": REPORT,
}


class Overtime(Exception):
    """The case took longer than the limit."""


def text_of(fragment: str, chars: int) -> str:
    """``fragment`` repeated to exactly ``chars`` characters."""
    return (fragment * (chars // len(fragment) + 1))[:chars]


def timed(run: Callable[[], object], limit: float) -> float | str | None:
    """Seconds ``run`` took, None when it was stopped at ``limit`` seconds, or the error it raised."""

    def stop(_signum: int, _frame: object) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        run()
        return time.perf_counter() - start
    except Overtime:
        return None
    except Exception as error:  # a defect on a worst case is a finding too: name it, go on
        return f"{type(error).__name__}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chars", type=int, default=200_000, help="characters of the full-size text")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds after which a case is stopped")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases")
    args = parser.parse_args(argv)

    from rasd.pipeline import extract

    extract("اشتباكات في دمشق أمس.", published="2019-03-05")  # lexicons load here, outside the timing
    print(f"{'case':<14} {'events':>7} {args.chars // 2:>10,} ch {args.chars:>10,} ch {'ratio':>6}")
    slowest = 0.0
    for name in args.case or list(CASES):
        seconds: list[float | str | None] = []
        found = 0
        for size in (args.chars // 2, args.chars):
            text = text_of(CASES[name], size)
            events: list = []
            seconds.append(
                timed(lambda text=text, events=events: events.extend(extract(text, "2019-03-05")), args.limit)
            )
            found = len(events)
        half, full = seconds
        numeric = isinstance(half, float) and isinstance(full, float) and half > 0
        ratio = f"{full / half:6.2f}" if numeric else "     -"  # type: ignore[operator]
        print(
            f"{name:<14} {found:>7} {_shown(half, args.limit)} {_shown(full, args.limit)} {ratio}", flush=True
        )
        slowest = max(slowest, full if isinstance(full, float) else float("inf"))
    print(
        f"slowest full-size case: {slowest:.2f} s"
        if slowest < float("inf")
        else "a case failed or hit the limit"
    )
    return 0


def _shown(seconds: float | str | None, limit: float) -> str:
    """A cell of the table: seconds, the limit it went over, or the error it raised."""
    if seconds is None:
        return f"{'>' + format(limit, 'g') + ' s':>13}"
    if isinstance(seconds, str):
        return f"{seconds:>13}"
    return f"{seconds:11.2f} s"


if __name__ == "__main__":
    sys.exit(main())
