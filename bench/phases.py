"""Where durable-lint's CPU goes on a tree: the phase breakdown that guides speed work.

One process checks every file as a serial run does, timing each phase with the process clock:
reading and decoding, `ast.parse`, building the module model (the indexing walk and the
classification fixpoint), and running the rules with the helper summaries they reach. Start-up
(the interpreter and the imports a check needs) is timed in a fresh process. `--top N` adds the
N functions with the most own time under cProfile (which slows the run, so its seconds are
not comparable with the phase times).

    python bench/phases.py                      # the handler corpus of bench.py
    python bench/phases.py path/to/tree --top 25
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import gc
import os
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

from durable_lint.analysis.source import decode, read_bytes
from durable_lint.engine.checker import Checker
from durable_lint.engine.linter import Linter

ROOT = Path(__file__).resolve().parent.parent
START_UP = "import durable_lint.cli, durable_lint.engine.linter"
PHASES = ("read and decode", "parse", "model", "rules and helper summaries", "freeing")


def start_up_seconds(rounds: int = 9) -> float:
    """CPU of a process that only imports what a check needs (median of `rounds`)."""
    spent = []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", START_UP], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(spent)[len(spent) // 2]


def phases(paths: list[Path], profiler: cProfile.Profile | None) -> dict[str, float]:
    """Seconds of process time per phase over `paths`, as one serial run spends them."""
    linter = Linter()
    spent = dict.fromkeys(PHASES, 0.0)
    clock = time.process_time
    gc.disable()  # as a run does: one young-generation collection per file
    if profiler is not None:
        profiler.enable()
    for path in paths:
        started = clock()
        data = read_bytes(str(path))
        if isinstance(data, str) or not linter.mentions_sdk(data):
            continue
        text = decode(data).text
        read = clock()
        if text is None:
            continue
        try:
            tree = ast.parse(text, filename=str(path))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        parsed = clock()
        linter.project.start_file()
        model = linter.project.model(tree, str(path))
        modelled = clock()
        if model.uses_sdk:
            Checker(model, linter.project, linter.rules).run()
        checked = clock()
        model.release()
        del model, tree
        gc.collect(0)
        freed = clock()
        for phase, seconds in zip(
            PHASES,
            (read - started, parsed - read, modelled - parsed, checked - modelled, freed - checked),
            strict=True,
        ):
            spent[phase] += seconds
    if profiler is not None:
        profiler.disable()
    gc.enable()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", nargs="?", default=str(ROOT / "bench" / ".corpus" / "handlers"))
    parser.add_argument("--top", type=int, default=0, help="also list N functions (cProfile)")
    arguments = parser.parse_args()
    tree = Path(arguments.tree)
    if not tree.exists():
        sys.exit(f"{tree} does not exist (python bench/bench.py --corpus handlers makes it)")
    paths = sorted(tree.rglob("*.py")) if tree.is_dir() else [tree]
    lines = sum(len(p.read_bytes().splitlines()) for p in paths)
    spent = phases(paths, None)
    spent = {"start-up (fresh process)": start_up_seconds(), **spent}
    total = sum(spent.values())
    print(f"{len(paths)} files, {lines} lines, python {sys.version.split()[0]}, one process")
    print("| phase | CPU | share |")
    print("|---|---|---|")
    for phase, seconds in spent.items():
        print(f"| {phase} | {seconds:.3f}s | {seconds / total:.0%} |")
    print(f"| total | {total:.3f}s | |")
    if arguments.top:
        profiler = cProfile.Profile()
        phases(paths, profiler)
        print(f"\nTop {arguments.top} functions by own time (cProfile):")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(arguments.top)


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    main()
