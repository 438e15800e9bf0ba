"""Fixes: exact output for every fixture pair, idempotence, and a clean re-lint."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_support import FIXABLE_CODES, FIXTURES, fix_pairs, rule_folder

from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.linter import Linter, Settings
from durable_lint.fixes.apply import fix_source
from durable_lint.rules import ALL_RULES

PAIRS = fix_pairs()
EVERY_FIX = frozenset(Applicability)


def linter_for(path: Path) -> Linter:
    code = rule_folder(path) if path.is_relative_to(FIXTURES) else None
    return Linter(Settings(extend_select=(code,)) if code else Settings())


def fix(path: Path, text: str, applicable=EVERY_FIX):
    linter = linter_for(path)
    return fix_source(text, lambda source: linter.lint_text(source, str(path)), applicable)


@pytest.mark.parametrize(("source", "expected"), PAIRS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fix_output_is_exact_idempotent_and_clean(source: Path, expected: Path) -> None:
    outcome = fix(source, source.read_text(encoding="utf-8"))
    wanted = expected.read_text(encoding="utf-8")
    assert outcome.error is None
    assert outcome.text == wanted
    compile(wanted, str(expected), "exec")
    again = fix(source, wanted)
    assert again.text == wanted, "a second --fix must change nothing"
    assert not again.fixed
    left = [f for f in again.remaining if f.fix is not None]
    assert left == [], "findings with a fix remain after fixing"
    code = rule_folder(source)  # None for fixtures of several codes (fixtures/classes)
    assert (outcome.fixed[code] if code else sum(outcome.fixed.values())) > 0


def test_every_fixable_code_has_a_fixture_pair() -> None:
    covered = {rule_folder(source) for source, _ in PAIRS}
    assert covered >= FIXABLE_CODES
    with_planner = {rule.code for rule in ALL_RULES if rule.planner is not None}
    assert with_planner == FIXABLE_CODES
    documented = {rule.code for rule in ALL_RULES if rule.fix_safety in ("safe", "unsafe")}
    assert documented == FIXABLE_CODES


def test_safe_fixes_leave_unsafe_ones_alone() -> None:
    source = FIXTURES / "DUR401" / "bad_order_approval_callback_id.py"
    text = source.read_text(encoding="utf-8")
    assert fix(source, text, frozenset({Applicability.SAFE})).text == text
    assert fix(source, text).text != text


def test_overlapping_fixes_outer_wins_then_converges(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    text = (
        "import time, uuid\n"
        "from durable_runtime import durable_execution\n\n\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    token = f"{uuid.uuid4()}-{time.time()}"\n'
        "    return token\n"
    )
    outcome = fix(path, text)
    assert outcome.text.splitlines()[6] == (
        '    token = context.step(lambda _: f"{uuid.uuid4()}-{time.time()}", name="token")'
    )
    assert outcome.fixed == {"DUR101": 1, "DUR103": 1}


def test_added_imports_follow_the_sdk_in_use(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    text = (
        "import time\n"
        "from durable_runtime import durable_execution\n\n\n"
        "@durable_execution\n"
        "def handler(event, ctx):\n"
        "    time.sleep(5)\n"
        "    time.sleep(10)\n"
    )
    fixed = fix(path, text).text
    assert fixed == (
        "import time\n"
        "from durable_runtime import durable_execution\n"
        "from durable_runtime.config import Duration\n\n\n"
        "@durable_execution\n"
        "def handler(event, ctx):\n"
        '    ctx.wait(Duration.from_seconds(5), name="sleep")\n'
        '    ctx.wait(Duration.from_seconds(10), name="sleep-2")\n'
    )


def test_block_returns_the_values_later_code_reads(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    text = (
        "from aws_durable_execution_sdk_python import durable_execution\n\n\n"
        "@durable_execution\n"
        "def handler(event, context):\n"
        '    with open("/tmp/out.csv", "w") as fh:\n'
        '        written = fh.write(event["csv"])\n'
        "        size = written * 2\n"
        "    return {'written': written, 'size': size}\n"
    )
    fixed = fix(path, text).text
    assert fixed.splitlines()[5:11] == [
        "    def open_step(_):",
        '        with open("/tmp/out.csv", "w") as fh:',
        '            written = fh.write(event["csv"])',
        "            size = written * 2",
        "        return written, size",
        '    written, size = context.step(open_step, name="open")',
    ]


def test_fix_that_would_not_parse_leaves_the_text(monkeypatch, tmp_path: Path) -> None:
    import durable_lint.fixes.apply as fixer

    monkeypatch.setattr(fixer, "apply_fixes", lambda text, fixes: text + "def broken(:\n")
    source = FIXTURES / "DUR101" / "bad_decorator_applied_as_call.py"
    text = source.read_text(encoding="utf-8")
    outcome = fix(source, text)
    assert outcome.text == text
    assert outcome.error is not None and "invalid code" in outcome.error


def test_no_fix_without_a_context_in_scope(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    text = (
        "import time\n"
        "from durable_runtime import durable_execution\n\n\n"
        "@durable_execution\n"
        "def handler(event):  # no context parameter: nothing to run a step on\n"
        "    started = time.time()\n"
        "    print(started)\n"
        "    time.sleep(2)\n"
    )
    outcome = fix(path, text)
    assert outcome.text == text
    assert sorted(f.code for f in outcome.remaining) == ["DUR101", "DUR404", "DUR502"]
    assert all(f.fix is None for f in outcome.remaining)
