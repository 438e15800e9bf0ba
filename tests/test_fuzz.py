"""Bounded fuzzing: durable-lint and its flake8 plugin never fail on a program, and `--fix`
output compiles or the file keeps its bytes. bench/fuzz.py runs the same checks for minutes.

Derandomized, without an example database: every CI run tries the same programs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_support import (
    cases,
    check,
    composed_programs,
    grammar_programs,
    mutated_fixtures,
    seed_files,
)
from hypothesis import HealthCheck, given, settings

from durable_lint.diagnostics.fix import Applicability
from durable_lint.engine.linter import Linter

SEEDS = tuple(path.read_text(encoding="utf-8") for path in seed_files())


def bounded(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def linter() -> Linter:
    """One linter for every program, as one run shares it across files."""
    return Linter()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "handler.py"


@bounded(100)
@given(cases(grammar_programs()))
def test_programs_from_the_grammar(
    linter: Linter, target: Path, case: tuple[bytes, frozenset]
) -> None:
    data, applicable = case
    assert check(linter, data, target, applicable).problems == []


@bounded(150)
@given(cases(composed_programs()))
def test_composed_handlers(linter: Linter, target: Path, case: tuple[bytes, frozenset]) -> None:
    data, applicable = case
    assert check(linter, data, target, applicable).problems == []


@bounded(150)
@given(cases(mutated_fixtures(SEEDS)))
def test_mutated_fixture_handlers(
    linter: Linter, target: Path, case: tuple[bytes, frozenset]
) -> None:
    data, applicable = case
    assert check(linter, data, target, applicable).problems == []


def test_the_seeds_are_the_fixture_handlers() -> None:
    assert len(SEEDS) > 300
    assert sum("durable_execution" in seed for seed in SEEDS) > 300


QUOTED = """\
import time

from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    a, b = event['a'], event['b']
    print(a, b, sep="'")
    table.put_item(Item={'at': f"{f'{time.time()}'}"})
    print('done')
"""
QUOTED_FIXED = """\
import time

from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    a, b = event['a'], event['b']
    context.logger.info('%s\\'%s', a, b)
    table.put_item(Item={'at': f"{f'{time.time()}'}"})
    context.logger.info('done')
"""


def test_string_literals_the_fixer_writes_are_always_valid(linter: Linter, target: Path) -> None:
    """Once invalid fixes, which abandoned every fix of the file: a separator holding the
    file's quote, and a step name needed inside f-strings that use both quotes (before 3.12
    no literal fits there, so that clock read keeps its finding, unfixed)."""
    checked = check(linter, QUOTED.encode(), target, frozenset({Applicability.SAFE}))
    assert checked.problems == []
    assert target.read_text() == QUOTED_FIXED
    assert checked.findings == 1
