"""A generated monorepo, and durable-lint's cold and warm runs on it against pyflakes and ruff.

`durable-lint --fix` runs over whole monorepos and in pre-commit on every commit, so what
matters there is the first run on a big tree (cold), the next run when nothing changed (warm),
and the run after one shared helper was edited (only the handlers that reach it are analysed
again). This script generates such a tree deterministically, then times, in interleaved rounds:

  durable-lint cold            no .durable_lint_cache/ (removed before each round)
  durable-lint warm            the cache of the previous run, nothing changed
  durable-lint helper edited   the cache is warm, then one shared helper module is edited
  pyflakes                     CPU baseline for the cold run
  ruff --select F --no-cache   wall baseline
  ruff --select F (warm)       ruff with its own cache, nothing changed

    python bench/monorepo.py                 # generate (once) and time, 5 rounds
    python bench/monorepo.py --rounds 9
    python bench/monorepo.py --generate-only

The tree: shared packages under src/ (helpers, some of which read the clock, make UUIDs, call
HTTP services, log or sleep, some calling helpers of other shared packages), and services under
services/ whose modules are ordinary library code, 5% of them durable handlers that import
helpers from the shared packages and call them in replayed code and in steps.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from bench import run_timed  # bench/ is on sys.path when this script runs

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "bench" / ".corpus" / "monorepo"
GENERATOR_VERSION = "6"  # bump when the generated tree changes
SEED = 8
LINES_TARGET = 210_000
HANDLER_SHARE = 0.05
SHARED_PACKAGES = (
    "clock_kit",
    "id_kit",
    "http_kit",
    "ledger",
    "catalog",
    "pricing",
    "notify",
    "storage",
    "audit",
    "geo",
    "text_kit",
    "metrics",
)
MODULES_PER_SHARED_PACKAGE = 12
MODULES_PER_SERVICE = 40
# What a shared helper does when called, and the code that does it.
EFFECTS = {
    "pure": "",
    "clock": "    stamp = datetime.now(timezone.utc).isoformat()\n",
    "uuid": "    stamp = str(uuid.uuid4())\n",
    "random": "    stamp = str(random.randint(0, 10**6))\n",
    "http": "    stamp = requests.get(f'{BASE_URL}/{key}', timeout=5).text\n",
    "log": "    logger.info('computing %s', key)\n    stamp = key\n",
    "sleep": "    time.sleep(0.1)\n    stamp = key\n",
}
EFFECT_IMPORTS = {
    "clock": "from datetime import datetime, timezone",
    "uuid": "import uuid",
    "random": "import random",
    "http": "import requests",
    "sleep": "import time",
}
EFFECT_WEIGHTS = {"pure": 14, "clock": 1, "uuid": 1, "random": 1, "http": 1, "log": 1, "sleep": 1}
WORDS = (
    "order",
    "account",
    "invoice",
    "payment",
    "refund",
    "ledger",
    "entry",
    "customer",
    "address",
    "shipment",
    "parcel",
    "carrier",
    "route",
    "price",
    "discount",
    "coupon",
    "tax",
    "region",
    "store",
    "product",
    "catalog",
    "stock",
    "item",
    "batch",
    "report",
    "summary",
    "audit",
    "event",
    "metric",
    "sample",
    "window",
    "quota",
    "limit",
    "token",
    "session",
    "profile",
)
# What library_body's code uses.
LIBRARY_IMPORTS = (
    "import itertools",
    "import json",
    "import re",
    "from collections import Counter, defaultdict",
    "from dataclasses import dataclass",
    "from decimal import Decimal",
    "from typing import Any, Iterable, Mapping",
)


@dataclass
class Helper:
    module: str  # dotted, e.g. clock_kit.mod_03
    name: str
    effect: str
    calls: str | None = None  # dotted name of another shared helper it calls


@dataclass
class Plan:
    """The whole tree, decided before anything is written, from one seeded generator."""

    helpers: dict[str, list[Helper]] = field(default_factory=dict)  # module -> helpers
    files: dict[str, str] = field(default_factory=dict)  # relative path -> text


def _words(rng: random.Random, count: int) -> list[str]:
    return rng.sample(WORDS, count)


def _pascal(words: list[str]) -> str:
    return "".join(word.capitalize() for word in words)


def plan_shared(rng: random.Random, plan: Plan) -> None:
    names = [
        f"{package}.mod_{index:02d}"
        for package in SHARED_PACKAGES
        for index in range(MODULES_PER_SHARED_PACKAGE)
    ]
    for number, module in enumerate(names):
        helpers = []
        for index in range(6):
            effect = rng.choices(list(EFFECT_WEIGHTS), weights=list(EFFECT_WEIGHTS.values()))[0]
            name = f"{'_'.join(_words(rng, 2))}_{number}_{index}"  # unique across the tree
            helpers.append(Helper(module, name, effect))
        plan.helpers[module] = helpers
    # Some helpers delegate to a helper of another shared package: cross-package chains.
    for module, helpers in plan.helpers.items():
        for helper in helpers[:2]:
            other = rng.choice([m for m in names if m.split(".")[0] != module.split(".")[0]])
            target = plan.helpers[other][rng.randrange(6)]
            helper.calls = f"{target.module}.{target.name}"
    for module, helpers in plan.helpers.items():
        package, stem = module.split(".")
        plan.files[f"src/{package}/{stem}.py"] = shared_module(rng, module, helpers)
    for package in SHARED_PACKAGES:
        plan.files[f"src/{package}/__init__.py"] = f'"""Shared {package} helpers."""\n'


def shared_module(rng: random.Random, module: str, helpers: list[Helper]) -> str:
    effects = {helper.effect for helper in helpers}
    imports = [*LIBRARY_IMPORTS, "import logging"]
    imports += [EFFECT_IMPORTS[effect] for effect in sorted(effects) if effect in EFFECT_IMPORTS]
    delegated = sorted({h.calls for h in helpers if h.calls})
    for dotted in delegated:
        target_module, _, name = dotted.rpartition(".")
        imports.append(f"from {target_module} import {name}")
    body = [f'"""Shared helpers: {module}."""', *imports, ""]
    body.append("logger = logging.getLogger(__name__)")
    body.append(f"BASE_URL = 'https://{module.split('.')[0].replace('_', '-')}.internal'")
    body.append("")
    for helper in helpers:
        body.append("")
        call = f"    key = {helper.calls.rpartition('.')[2]}(key)\n" if helper.calls else ""
        effect = EFFECTS[helper.effect] or "    stamp = key.upper()\n"
        body.append(
            f"def {helper.name}(key: str) -> str:\n"
            f'    """Normalise a {helper.name.split("_")[0]} key."""\n'
            f"{call}"
            f"    parts = [part.strip() for part in key.split(':') if part]\n"
            f"{effect}"
            f"    return ':'.join([*parts, stamp])\n"
        )
    body.append(library_body(rng, module, lines=70))
    return "\n".join(body)


def library_body(rng: random.Random, module: str, lines: int) -> str:
    """Ordinary code: a dataclass, a class, functions with loops and comprehensions."""
    chunks: list[str] = []
    total = 0
    index = 0
    while total < lines:
        words = _words(rng, 3)
        kind = index % 4
        if kind == 0:
            chunk = _dataclass_chunk(words, index)
        elif kind == 1:
            chunk = _class_chunk(words, index)
        elif kind == 2:
            chunk = _function_chunk(words, index)
        else:
            chunk = _aggregate_chunk(words, index)
        chunks.append(chunk)
        total += chunk.count("\n") + 2
        index += 1
    return "\n\n" + "\n\n".join(chunks)


def _dataclass_chunk(words: list[str], index: int) -> str:
    name = _pascal(words[:2]) + f"Record{index}"
    return textwrap.dedent(f"""\
        @dataclass(frozen=True)
        class {name}:
            \"\"\"A {words[0]} as the {words[1]} service stores it.\"\"\"

            {words[0]}_id: str
            {words[1]}: str = ""
            amount: int = 0
            tags: tuple[str, ...] = ()

            def label(self) -> str:
                return f"{{self.{words[0]}_id}}/{{self.{words[1]}}}"

            def with_tag(self, tag: str) -> "{name}":
                tags = tuple(sorted({{*self.tags, tag}}))
                return {name}(self.{words[0]}_id, self.{words[1]}, self.amount, tags)
        """)


def _class_chunk(words: list[str], index: int) -> str:
    name = _pascal(words) + f"Index{index}"
    return textwrap.dedent(f"""\
        class {name}:
            \"\"\"Groups {words[0]} entries by {words[1]}.\"\"\"

            def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
                self._by_key: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
                for entry in entries:
                    self._by_key[str(entry.get("{words[1]}", ""))].append(entry)

            def keys(self) -> list[str]:
                return sorted(self._by_key)

            def total(self, key: str) -> int:
                return sum(int(entry.get("amount", 0)) for entry in self._by_key.get(key, []))

            def largest(self, limit: int = 3) -> list[tuple[str, int]]:
                totals = {{key: self.total(key) for key in self._by_key}}
                return sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
        """)


def _function_chunk(words: list[str], index: int) -> str:
    return textwrap.dedent(f"""\
        def parse_{words[0]}_{index}(text: str) -> dict[str, str]:
            \"\"\"Parse `key=value` pairs of a {words[0]} line, ignoring malformed ones.\"\"\"
            pairs = {{}}
            for chunk in re.split(r"[;,]", text):
                key, separator, value = chunk.partition("=")
                if not separator or not key.strip():
                    continue
                pairs[key.strip().lower()] = value.strip()
            return pairs


        def render_{words[1]}_{index}(values: Mapping[str, Any]) -> str:
            try:
                return json.dumps(dict(sorted(values.items())), default=str)
            except (TypeError, ValueError) as error:
                return f"<unrenderable {words[1]}: {{error}}>"
        """)


def _aggregate_chunk(words: list[str], index: int) -> str:
    return textwrap.dedent(f"""\
        def summarise_{words[2]}_{index}(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
            \"\"\"Counts and totals of {words[2]} rows per {words[0]}.\"\"\"
            rows = list(rows)
            counts = Counter(str(row.get("{words[0]}")) for row in rows)
            totals = {{
                key: sum(Decimal(str(row.get("amount", 0))) for row in group)
                for key, group in itertools.groupby(
                    sorted(rows, key=lambda row: str(row.get("{words[0]}"))),
                    key=lambda row: str(row.get("{words[0]}")),
                )
            }}
            return {{"counts": dict(counts), "totals": {{k: str(v) for k, v in totals.items()}}}}
        """)


def plan_services(rng: random.Random, plan: Plan, modules: int) -> None:
    helper_modules = sorted(plan.helpers)
    handlers = max(1, round(modules * HANDLER_SHARE))
    handler_slots = set(rng.sample(range(modules), handlers))
    for index in range(modules):
        service = index // MODULES_PER_SERVICE
        package = f"app_{service:02d}"
        base = f"services/svc_{service:02d}/{package}"
        if index % MODULES_PER_SERVICE == 0:
            plan.files[f"{base}/__init__.py"] = f'"""Service {service}."""\n'
        if index in handler_slots:
            path = f"{base}/handler_{index:04d}.py"
            plan.files[path] = handler_module(rng, plan, _popular(rng, helper_modules, 3), index)
        else:
            path = f"{base}/mod_{index:04d}.py"
            plan.files[path] = service_module(rng, plan, helper_modules, package, index)


def _popular(rng: random.Random, modules: list[str], count: int) -> list[str]:
    """`count` distinct modules, the first ones far more often, as a monorepo's few popular
    utility modules are imported everywhere (weights 1, 1/2, 1/3, ...)."""
    weights = [1 / (rank + 1) for rank in range(len(modules))]
    chosen: list[str] = []
    while len(chosen) < count:
        module = rng.choices(modules, weights=weights)[0]
        if module not in chosen:
            chosen.append(module)
    return chosen


def service_module(
    rng: random.Random, plan: Plan, helper_modules: list[str], package: str, index: int
) -> str:
    module = rng.choice(helper_modules)
    helper = rng.choice(plan.helpers[module])
    lines = [
        f'"""Service code of {package}, part {index}."""',
        *LIBRARY_IMPORTS,
        "",
        f"from {module} import {helper.name}",
        "",
        "",
        f"def normalised_key_{index}(key: str) -> str:",
        f"    return {helper.name}(key)",
    ]
    return "\n".join(lines) + library_body(rng, package, lines=95)


def handler_module(rng: random.Random, plan: Plan, modules: list[str], index: int) -> str:
    chosen = [(module, rng.choice(plan.helpers[module])) for module in modules]
    words = _words(rng, 3)
    imports = "\n".join(f"from {module} import {helper.name}" for module, helper in chosen)
    (_, replayed), (_, in_step), (_, second) = chosen
    head = textwrap.dedent(f'''\
        """Durable workflow {index}: the {words[0]} {words[1]} flow."""
        {{library_imports}}

        from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step
        from aws_durable_execution_sdk_python.config import Duration

        ''')
    code = textwrap.dedent(f'''\


        @dataclass
        class {_pascal(words[:2])}Request:
            {words[0]}_id: str
            {words[1]}: str
            attempts: int = 0

            @classmethod
            def from_event(cls, event: dict) -> "{_pascal(words[:2])}Request":
                return cls(str(event["{words[0]}_id"]), str(event.get("{words[1]}", "")))


        @durable_step
        def prepare(step_ctx, key: str) -> str:
            return {in_step.name}(key)


        @durable_step
        def finish(step_ctx, key: str, label: str) -> dict:
            return {{"key": key, "label": label, "checked": {second.name}(label)}}


        @durable_execution
        def handler(event, context: DurableContext):
            request = {_pascal(words[:2])}Request.from_event(event)
            key = {replayed.name}(request.{words[0]}_id)
            prepared = context.step(prepare(key))
            context.wait(Duration.from_seconds(30))
            labels = [part.upper() for part in prepared.split(":") if part]
            result = context.step(finish(key, ":".join(labels)))
            return {{"{words[0]}_id": request.{words[0]}_id, "result": result}}
        ''')
    head = head.replace("{library_imports}", "\n".join(LIBRARY_IMPORTS))
    return head + imports + code + library_body(rng, f"handler_{index}", lines=60)


def build_plan() -> Plan:
    rng = random.Random(SEED)
    plan = Plan()
    plan_shared(rng, plan)
    shared_lines = sum(text.count("\n") for text in plan.files.values())
    per_module = 110
    plan_services(rng, plan, (LINES_TARGET - shared_lines) // per_module + 1)
    return plan


def generate() -> Path:
    """Write the tree (again only when the generator changed); return its root."""
    stamp = TREE / ".generated"
    if stamp.is_file() and stamp.read_text() == GENERATOR_VERSION:
        return TREE
    shutil.rmtree(TREE, ignore_errors=True)
    plan = build_plan()
    for relative, text in plan.files.items():
        path = TREE / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (TREE / "pyproject.toml").write_text(
        '[project]\nname = "monorepo"\nversion = "0"\n\n[tool.durable-lint]\n'
    )
    # A repository of its own, as a monorepo is: the checkout's .gitignore (which ignores
    # bench/.corpus/) must not apply inside it.
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(TREE)], check=True)
    else:
        (TREE / ".git").mkdir()
    stamp.write_text(GENERATOR_VERSION)
    return TREE


def reach(tree: Path) -> dict[str, int]:
    """How many handlers reached each helper module, from a durable-lint cache of the tree."""
    counts: dict[str, int] = {}
    for results in (tree / ".durable_lint_cache").glob("results-*.json"):
        for entry in json.loads(results.read_text())["entries"].values():
            for module in entry["reads"]["modules"]:
                counts[module] = counts.get(module, 0) + 1
    return counts


def edited_helper(tree: Path, lint: list[str]) -> tuple[Path, int]:
    """The shared module that the most handlers reach, directly or through other helpers:
    the edit that invalidates the most; and how many handlers reach it."""
    shutil.rmtree(tree / ".durable_lint_cache", ignore_errors=True)
    run_timed(lint, tree)
    counts = reach(tree)
    widest = max(sorted(counts), key=lambda module: counts[module])
    return Path(widest), counts[widest]


# -- timing ----------------------------------------------------------------------------------


@dataclass
class Timings:
    cpu: dict[str, list[float]] = field(default_factory=dict)
    wall: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, cpu: float, wall: float) -> None:
        self.cpu.setdefault(name, []).append(cpu)
        self.wall.setdefault(name, []).append(wall)


EDITED = "durable-lint helper edited"
RUFF = "ruff --select F --no-cache"
RUFF_WARM = "ruff --select F (warm)"


def run_rounds(tree: Path, rounds: int, bin_dir: Path, extra: list[str]) -> Timings:
    lint = [str(bin_dir / "durable-lint"), *extra, "."]
    pyflakes = [sys.executable, "-m", "pyflakes", "."]
    ruff = [str(bin_dir / "ruff"), "check", "--select", "F", "--no-cache", "."]
    ruff_warm = [str(bin_dir / "ruff"), "check", "--select", "F", "."]
    helper, reached = edited_helper(tree, lint)
    print(f"editing {helper.relative_to(tree)}, which {reached} handlers reach", file=sys.stderr)
    original = helper.read_text()
    cache = tree / ".durable_lint_cache"
    timings = Timings()
    try:
        for index in range(rounds + 1):  # round 0 warms the OS file cache and .pyc files
            shutil.rmtree(cache, ignore_errors=True)
            steps = {
                "durable-lint cold": lint,
                "durable-lint warm": lint,
                EDITED: lint,
                "pyflakes": pyflakes,
                RUFF: ruff,
                RUFF_WARM: ruff_warm,
            }
            for name, command in steps.items():
                if name == EDITED:
                    helper.write_text(original + f"\n\nEDITED_IN_ROUND = {index}\n")
                cpu, wall, _ = run_timed(command, tree)
                if index:
                    timings.add(name, cpu, wall)
    finally:
        helper.write_text(original)
    return timings


def report(tree: Path, timings: Timings, rounds: int) -> None:
    files = list(tree.rglob("*.py"))
    lines = sum(len(path.read_bytes().splitlines()) for path in files)
    handlers = len(list(tree.glob("services/*/*/handler_*.py")))
    reached = max(reach(tree).values())
    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {len(files)} files, "
        f"{lines} lines, {handlers} handler modules; the edited helper is reached by "
        f"{reached} of them; median of {rounds} interleaved rounds"
    )
    cpu = {name: statistics.median(values) for name, values in timings.cpu.items()}
    wall = {name: statistics.median(values) for name, values in timings.wall.items()}
    print("| run | CPU | wall |")
    print("|---|---|---|")
    for name in cpu:
        print(f"| {name} | {cpu[name]:.3f}s | {wall[name]:.3f}s |")
    ratios = [
        ("cold CPU / pyflakes CPU", cpu["durable-lint cold"] / cpu["pyflakes"], 0.3),
        ("warm wall / ruff --no-cache wall", wall["durable-lint warm"] / wall[RUFF], 3.0),
        ("warm wall / ruff warm wall", wall["durable-lint warm"] / wall[RUFF_WARM], None),
        ("helper edited wall / ruff --no-cache wall", wall[EDITED] / wall[RUFF], None),
        ("cold wall / ruff --no-cache wall", wall["durable-lint cold"] / wall[RUFF], None),
    ]
    print()
    for label, ratio, goal in ratios:
        verdict = (
            "" if goal is None else f" (goal <= {goal}x: {'met' if ratio <= goal else 'missed'})"
        )
        print(f"{label}: {ratio:.2f}x{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--lint-option", action="append", default=[], help="extra durable-lint option, e.g. -j1"
    )
    arguments = parser.parse_args()
    tree = generate()
    if arguments.generate_only:
        print(tree)
        return
    bin_dir = Path(sys.executable).parent
    for tool in ("durable-lint", "ruff"):
        if not (bin_dir / tool).exists():
            sys.exit(f"{tool} is not installed in this environment")
    timings = run_rounds(tree, arguments.rounds, bin_dir, arguments.lint_option)
    report(tree, timings, arguments.rounds)


if __name__ == "__main__":
    main()
