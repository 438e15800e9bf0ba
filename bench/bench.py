"""Time durable-lint against pyflakes, ruff and replayguard on the same files, in one run.

Each tool runs as its own process over the whole corpus; the rounds interleave the tools so
machine noise touches all of them alike. CPU is user+system time of the child process, which
is what a pre-commit hook or a CI job pays for. Ratios, not seconds, are the result.

    python bench/bench.py                  # both corpora, 5 rounds
    python bench/bench.py --rounds 9 --corpus handlers

Corpora:
  handlers  the repository's fixtures copied until the tree holds about 40,000 lines:
            handler-dense code, every file imports a durable SDK
  services  the class-heavy services of tests/evaluation copied to about 40,000 lines: handlers
            that reach project classes and helper packages, as services written by others do
  library   installed packages without handlers (libcst, click, flake8, pygments, _pytest):
            code the linter must reject cheaply
  fix       `durable-lint --fix --unsafe-fixes` on a fresh copy of the handler corpus, next to
            parsing the same files with libcst alone (the floor any libcst fixer pays)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".corpus"
LIBRARY_PACKAGES = ("libcst", "click", "flake8", "pygments", "_pytest")
HANDLER_LINES_TARGET = 40_000
# Installed tools run from cached bytecode; let the warm-up run write it for an editable install.
TOOL_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Tool:
    name: str
    command: list[str]


def tools(bin_dir: Path) -> list[Tool]:
    found = [
        Tool("durable-lint", [str(bin_dir / "durable-lint"), "--no-cache"]),
        Tool("pyflakes", [sys.executable, "-m", "pyflakes"]),
        Tool("ruff --select F", [str(bin_dir / "ruff"), "check", "--select", "F", "--no-cache"]),
        Tool("replayguard", [str(bin_dir / "replayguard"), "check"]),
    ]
    available = []
    for tool in found:
        executable = tool.command[0]
        if tool.name == "pyflakes" and importlib.util.find_spec("pyflakes") is None:
            print(f"skipping {tool.name}: not installed", file=sys.stderr)
        elif executable != sys.executable and not Path(executable).exists():
            print(f"skipping {tool.name}: {executable} not found", file=sys.stderr)
        else:
            available.append(tool)
    return available


def count_lines(paths: list[Path]) -> tuple[int, int]:
    files = [f for p in paths for f in (p.rglob("*.py") if p.is_dir() else [p])]
    return len(files), sum(len(f.read_bytes().splitlines()) for f in files)


def own_repository(directory: Path) -> None:
    """Make `directory` a git work tree of its own, so that the checkout's .gitignore, which
    ignores bench/.corpus/, does not hide the corpus from tools that respect it."""
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / ".git").exists():
        return
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(directory)], check=True)
    else:
        (directory / ".git").mkdir()


def copied_corpus(name: str, sources: dict[str, str]) -> list[Path]:
    """`bench/.corpus/<name>`: copies of the source folders, each copy holding every source at
    its folder (`""`: the copy itself), until the tree holds about HANDLER_LINES_TARGET lines.
    A copy keeps its folders, so cross-module helpers still resolve."""
    own_repository(WORK)
    target = WORK / name
    if not target.exists():
        _, lines = count_lines([ROOT / source for source in sources])
        copies = max(1, HANDLER_LINES_TARGET // max(lines, 1))
        for index in range(copies):
            for source, folder in sources.items():
                shutil.copytree(ROOT / source, target / f"copy{index:02d}" / folder)
    return [target]


def handler_corpus() -> list[Path]:
    """Copies of fixtures/: handler-dense code, every file importing a durable SDK."""
    return copied_corpus("handlers", {"fixtures": ""})


def services_corpus() -> list[Path]:
    """Copies of the class-heavy services of tests/evaluation, written by other authors:
    handlers that reach project classes, helper packages and their methods."""
    return copied_corpus(
        "services",
        {
            "tests/evaluation/class_services": "class_services",
            "tests/evaluation/class_services_b": "class_services_b",
        },
    )


def library_corpus() -> list[Path]:
    paths = []
    for package in LIBRARY_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            print(f"library corpus: {package} is not installed, left out", file=sys.stderr)
            continue
        paths.append(Path(next(iter(spec.submodule_search_locations))))
    return paths


def run_timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """(cpu seconds, wall seconds, exit status) of one run of `command`, its children
    included; the tools run from cached bytecode, as users run them."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=TOOL_ENVIRONMENT,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, completed.returncode


def measure(tool: Tool, paths: list[Path]) -> tuple[float, float]:
    """(cpu seconds, wall seconds) of one run of the tool over the corpus."""
    cpu, wall, _ = run_timed([*tool.command, *map(str, paths)])
    return cpu, wall


def bench(name: str, paths: list[Path], available: list[Tool], rounds: int) -> None:
    files, lines = count_lines(paths)
    print(f"\n## {name}: {files} files, {lines} lines, median of {rounds} interleaved rounds")
    cpu: dict[str, list[float]] = {tool.name: [] for tool in available}
    wall: dict[str, list[float]] = {tool.name: [] for tool in available}
    for tool in available:  # warm the OS file cache and .pyc files
        measure(tool, paths)
    for _ in range(rounds):
        for tool in available:
            spent, elapsed = measure(tool, paths)
            cpu[tool.name].append(spent)
            wall[tool.name].append(elapsed)
    ours_cpu = statistics.median(cpu["durable-lint"])
    ours_wall = statistics.median(wall["durable-lint"])
    print("| tool | CPU | wall | durable-lint CPU / tool CPU | durable-lint wall / tool wall |")
    print("|---|---|---|---|---|")
    for tool in available:
        tool_cpu = statistics.median(cpu[tool.name])
        tool_wall = statistics.median(wall[tool.name])
        print(
            f"| {tool.name} | {tool_cpu:.3f}s | {tool_wall:.3f}s "
            f"| {ours_cpu / tool_cpu:.2f}x | {ours_wall / tool_wall:.2f}x |"
        )


LIBCST_PARSE = (
    "import pathlib, sys, libcst\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
    "    libcst.parse_module(path.read_text(encoding='utf-8'))\n"
)


def bench_fix(paths: list[Path], rounds: int, bin_dir: Path) -> None:
    """CPU of fixing a tree, against libcst parsing that tree once (fresh copies each round)."""
    files, lines = count_lines(paths)
    print(f"\n## --fix on handler-dense code: {files} files, {lines} lines, median of {rounds}")
    fix = Tool(
        "durable-lint --fix --unsafe-fixes",
        [str(bin_dir / "durable-lint"), "--no-cache", "--fix", "--unsafe-fixes"],
    )
    parse = Tool("libcst.parse_module alone", [sys.executable, "-c", LIBCST_PARSE])
    lint = Tool("durable-lint (no fix)", [str(bin_dir / "durable-lint"), "--no-cache"])
    timings: dict[str, list[float]] = {tool.name: [] for tool in (fix, parse, lint)}
    for index in range(rounds + 1):
        copy = WORK / f"fix-round-{index}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(paths[0], copy)
        for tool in (lint, parse, fix):
            spent, _ = measure(tool, [copy])
            if index:  # the first round warms caches
                timings[tool.name].append(spent)
        shutil.rmtree(copy)
    base = statistics.median(timings[parse.name])
    print("| step | CPU | / libcst parse |")
    print("|---|---|---|")
    for name, values in timings.items():
        spent = statistics.median(values)
        print(f"| {name} | {spent:.3f}s | {spent / base:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--corpus", choices=("handlers", "services", "library", "fix", "all"), default="all"
    )
    arguments = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    available = tools(bin_dir)
    if not any(tool.name == "durable-lint" for tool in available):
        sys.exit("durable-lint is not installed in this environment")
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    if arguments.corpus in ("handlers", "all"):
        bench(
            "handler-dense code (fixtures, copied)", handler_corpus(), available, arguments.rounds
        )
    if arguments.corpus in ("services", "all"):
        bench(
            "class-heavy services (tests/evaluation, copied)",
            services_corpus(),
            available,
            arguments.rounds,
        )
    if arguments.corpus in ("library", "all"):
        bench("library code without handlers", library_corpus(), available, arguments.rounds)
    if arguments.corpus in ("fix", "all"):
        bench_fix(handler_corpus(), arguments.rounds, bin_dir)


if __name__ == "__main__":
    main()
