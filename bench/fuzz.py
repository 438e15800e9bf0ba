"""The long fuzz run: the checks of tests/test_fuzz.py on many more programs, for minutes.

Every program is written to a file and fixed as `durable-lint --fix --unsafe-fixes` does it,
fixed once more (which must change nothing), fixed again by a second linter (which must give
the same bytes and findings), and given to the flake8 plugin. Failing programs are saved and
counted instead of stopping the run; the summary says how many programs were tried, from which
source, and what failed.

    python bench/fuzz.py --minutes 5
    python bench/fuzz.py --examples 2000 --source mutated --save /tmp/fuzz-failures
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_support import (  # noqa: E402  (after the tests folder is on the path)
    Checked,
    cases,
    check,
    composed_programs,
    grammar_programs,
    mutated_fixtures,
    seed_files,
)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402

from durable_lint.engine.linter import Linter  # noqa: E402

SOURCES = ("grammar", "composed", "mutated")
BATCH = 100  # programs per hypothesis run; each run starts from a new random seed


class Tally:
    """Counts per source and per kind of problem, and where failing programs went."""

    def __init__(self, save: Path | None) -> None:
        self.tried: Counter[str] = Counter()
        self.parsed: Counter[str] = Counter()
        self.with_findings: Counter[str] = Counter()
        self.fixed: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()
        self.save = save

    def add(self, source: str, data: bytes, checked: Checked) -> None:
        self.tried[source] += 1
        self.parsed[source] += checked.parses
        self.with_findings[source] += checked.findings > 0
        self.fixed[source] += checked.changed
        for problem in checked.problems:
            self.problems[problem.kind] += 1
            if self.save is not None:
                self._keep(problem.kind, data, problem.detail)

    def _keep(self, kind: str, data: bytes, detail: str) -> None:
        name = f"{kind.replace(' ', '-')}-{hashlib.sha256(data).hexdigest()[:12]}"
        self.save.mkdir(parents=True, exist_ok=True)
        (self.save / f"{name}.py").write_bytes(data)
        (self.save / f"{name}.txt").write_text(detail, encoding="utf-8")

    def report(self, seconds: float) -> str:
        lines = [f"{'source':<10} {'tried':>8} {'parse':>8} {'left':>9} {'fixed':>8}"]
        for source in self.tried:
            lines.append(
                f"{source:<10} {self.tried[source]:>8} {self.parsed[source]:>8} "
                f"{self.with_findings[source]:>9} {self.fixed[source]:>8}"
            )
        total = sum(self.tried.values())
        lines.append(f"programs tried: {total} in {seconds:.0f} s")
        lines.append(f"internal errors: {self.problems['internal error']}")
        broken = self.problems["broken fix"]
        lines.append(
            f"broken fixes: {broken} written, {self.problems['invalid fix caught']} "
            "caught by the fixer's own check (file left as it was)"
        )
        others = {
            k: v
            for k, v in self.problems.items()
            if k not in {"internal error", "broken fix", "invalid fix caught"}
        }
        for kind, count in sorted(others.items()):
            lines.append(f"{kind}: {count}")
        return "\n".join(lines)


def strategy(source: str):
    if source == "grammar":
        return cases(grammar_programs())
    if source == "composed":
        return cases(composed_programs())
    seeds = tuple(path.read_text(encoding="utf-8") for path in seed_files())
    return cases(mutated_fixtures(seeds))


def run_batch(source: str, examples: int, seed: int, tally: Tally, directory: Path) -> None:
    """One hypothesis run of `examples` programs; never raises, so nothing is shrunk."""
    linter, again = Linter(), Linter()
    target = directory / "handler.py"

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy(source))
    def fuzz(case: tuple[bytes, frozenset]) -> None:
        data, applicable = case
        tally.add(source, data, check(linter, data, target, applicable, again))

    fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None, help="run for this long")
    parser.add_argument(
        "--examples", type=int, default=None, help="programs per source (default 300)"
    )
    parser.add_argument(
        "--source", action="append", choices=SOURCES, help="only these sources (repeatable)"
    )
    parser.add_argument("--seed", type=int, default=0, help="first hypothesis seed")
    parser.add_argument("--save", type=Path, default=None, help="keep failing programs here")
    options = parser.parse_args(argv)
    sources = options.source or list(SOURCES)
    per_source = options.examples if options.examples is not None else 300
    deadline = None if options.minutes is None else time.monotonic() + options.minutes * 60
    tally = Tally(options.save)
    started = time.monotonic()
    seed = options.seed
    with tempfile.TemporaryDirectory(prefix="durable-lint-fuzz-") as directory:
        while True:
            if deadline is None and all(tally.tried[s] >= per_source for s in sources):
                break
            if deadline is not None and time.monotonic() >= deadline:
                break
            for source in sources:
                left = BATCH if deadline is not None else per_source - tally.tried[source]
                if left > 0:
                    run_batch(source, min(BATCH, left), seed, tally, Path(directory))
                    seed += 1
                print(
                    f"\r{sum(tally.tried.values())} programs, "
                    f"{sum(tally.problems.values())} problems",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
    print(file=sys.stderr)
    print(tally.report(time.monotonic() - started))
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
