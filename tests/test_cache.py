"""The result cache: a warm run analyses nothing, and exactly what changed is analysed again."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from durable_lint.cli import main
from durable_lint.engine.linter import Linter
from durable_lint.run import cache as cache_module

IDS = """\
import uuid


def new_request_id():
    return f"req-{uuid.uuid4()}"
"""
CLEAN_IDS = """\
def new_request_id():
    return "req-fixed"
"""
HANDLER = """\
from aws_durable_execution_sdk_python import durable_execution
from orders.ids import new_request_id


@durable_execution
def handler(event, context):
    request_id = new_request_id()
    return context.step(lambda _: request_id, name="submit")
"""
OTHER = """\
import time
from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    started = time.time()
    return context.step(lambda _: started, name="started")
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.durable-lint]\n")
    orders = tmp_path / "orders"
    orders.mkdir()
    (orders / "__init__.py").write_text("")
    (orders / "ids.py").write_text(IDS)
    (orders / "handler.py").write_text(HANDLER)
    (orders / "other.py").write_text(OTHER)
    (orders / "plain.py").write_text("VALUE = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the engine analysed each file (by file name)."""
    counts: Counter[str] = Counter()
    lint_source = Linter.lint_source

    def counting(self, text, path, tree=None):  # type: ignore[no-untyped-def]
        counts[os.path.basename(path)] += 1
        return lint_source(self, text, path, tree)

    monkeypatch.setattr(Linter, "lint_source", counting)
    return counts


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-j", "1", "--format", "json", *args, "orders"])
    return result.exit_code, result.stdout


def codes(out: str) -> list[tuple[str, str]]:
    return [(Path(f["path"]).name, f["code"]) for f in json.loads(out)]


def test_a_warm_run_analyses_nothing_and_reports_the_same(
    project: Path, analysed: Counter[str]
) -> None:
    cold = lint()
    assert analysed == {"handler.py": 1, "other.py": 1}
    assert codes(cold[1]) == [("handler.py", "DUR103"), ("other.py", "DUR101")]
    analysed.clear()
    warm = lint()
    assert analysed == {}
    assert warm == cold  # the same findings, messages, fixes and exit status


def test_editing_a_file_analyses_that_file_again(project: Path, analysed: Counter[str]) -> None:
    lint()
    analysed.clear()
    (project / "orders" / "other.py").write_text(OTHER.replace("time.time()", "event['at']"))
    _, out = lint()
    assert analysed == {"other.py": 1}
    assert codes(out) == [("handler.py", "DUR103")]


def test_editing_a_helper_analyses_the_handlers_that_reach_it(
    project: Path, analysed: Counter[str]
) -> None:
    lint()
    analysed.clear()
    (project / "orders" / "ids.py").write_text(CLEAN_IDS)
    _, out = lint()
    assert analysed == {"handler.py": 1}
    assert codes(out) == [("other.py", "DUR101")]


def test_a_new_module_that_an_import_now_finds_analyses_the_handler_again(
    project: Path, analysed: Counter[str]
) -> None:
    # A handler at the project root whose `orders.ids` is found under src/ at first, until an
    # orders/ids.py at the root (searched before src/) appears.
    src = project / "src" / "orders"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text("")
    (src / "ids.py").write_text(CLEAN_IDS)
    (project / "orders" / "ids.py").unlink()
    (project / "orders" / "handler.py").rename(project / "handler.py")
    result = CliRunner().invoke(main, ["-j", "1", "--format", "json", "handler.py"])
    assert json.loads(result.stdout) == []
    analysed.clear()
    (project / "orders" / "ids.py").write_text(IDS)  # found first: the project root comes first
    result = CliRunner().invoke(main, ["-j", "1", "--format", "json", "handler.py"])
    assert analysed == {"handler.py": 1}
    assert codes(result.stdout) == [("handler.py", "DUR103")]


def test_a_configuration_change_analyses_everything_again(
    project: Path, analysed: Counter[str]
) -> None:
    lint()
    analysed.clear()
    (project / "pyproject.toml").write_text('[tool.durable-lint]\nignore = ["DUR103"]\n')
    _, out = lint()
    assert analysed == {"handler.py": 1, "other.py": 1}
    assert codes(out) == [("other.py", "DUR101")]
    analysed.clear()
    _, out = lint("--select", "DUR103")  # options count as settings too
    assert analysed == {"handler.py": 1, "other.py": 1}
    assert codes(out) == [("handler.py", "DUR103")]


def test_a_new_tool_version_analyses_everything_again(
    project: Path, analysed: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lint()
    analysed.clear()
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    lint()
    assert analysed == {"handler.py": 1, "other.py": 1}


def test_the_cache_directory_is_at_the_project_root_and_ignored_by_git(project: Path) -> None:
    os.chdir(project / "orders")
    CliRunner().invoke(main, ["-j", "1", "."])
    directory = project / ".durable_lint_cache"
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(list(directory.glob("results-*.json"))) == 1
    assert not (project / "orders" / ".durable_lint_cache").exists()


def test_no_cache_neither_reads_nor_writes(project: Path, analysed: Counter[str]) -> None:
    lint("--no-cache")
    assert not (project / ".durable_lint_cache").exists()
    lint()
    analysed.clear()
    lint("--no-cache")
    assert analysed == {"handler.py": 1, "other.py": 1}


def test_cache_dir_option(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "cache"
    lint("--cache-dir", str(elsewhere))
    assert list(elsewhere.glob("results-*.json"))
    assert not (project / ".durable_lint_cache").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b"[" * 100_000,
        b'{"entries": []}',
        b'{"entries": {"%s": {"digest": 1, "findings": "x", "reads": null}}}',
        b'{"entries": {"%s": {"digest": "%s", "findings": [[1]], "reads": {}}}}',
    ],
)
def test_a_corrupt_cache_is_ignored_and_replaced(
    project: Path, analysed: Counter[str], content: bytes
) -> None:
    cold = lint()
    [results] = (project / ".durable_lint_cache").glob("results-*.json")
    entries = json.loads(results.read_text())["entries"]
    handler = next(key for key in entries if key.endswith("handler.py"))
    if content.count(b"%s") == 2:
        content = content % (handler.encode(), entries[handler]["digest"].encode())
    elif b"%s" in content:
        content = content % handler.encode()
    results.write_bytes(content)
    analysed.clear()
    assert lint() == cold
    assert analysed["handler.py"] == 1
    analysed.clear()
    assert lint() == cold  # rewritten: warm again
    assert analysed == {}


def test_an_unwritable_cache_directory_costs_nothing_but_time(project: Path) -> None:
    (project / "blocker").write_text("a file where the cache directory would go")
    status, out = lint("--cache-dir", str(project / "blocker" / "cache"))
    assert status == 1
    assert codes(out) == [("handler.py", "DUR103"), ("other.py", "DUR101")]


def test_fix_applies_fixes_to_files_the_cache_knows(project: Path, analysed: Counter[str]) -> None:
    lint()
    analysed.clear()
    result = CliRunner().invoke(main, ["-j", "1", "--fix", "orders"])
    assert result.exit_code == 0
    # Both cached entries have a safe fix, so both files are analysed and fixed.
    assert analysed["handler.py"] >= 1 and analysed["other.py"] >= 1
    assert "context.step(lambda _: time.time()" in (project / "orders" / "other.py").read_text()
    analysed.clear()
    assert lint() == (0, "[]\n")
    assert analysed == {"handler.py": 1, "other.py": 1}  # not cached with the old findings
    analysed.clear()
    lint()
    assert analysed == {}


def test_fix_leaves_files_without_applicable_fixes_to_the_cache(
    project: Path, analysed: Counter[str]
) -> None:
    (project / "orders" / "other.py").write_text(
        OTHER.replace("started = time.time()", "started = event['at']\n    time.sleep(1)")
    )
    lint()
    analysed.clear()
    result = CliRunner().invoke(main, ["-j", "1", "--fix", "orders"])
    assert "other.py" not in analysed  # its DUR502 fix is unsafe: nothing to do there
    assert analysed["handler.py"] >= 1  # fixed, then linted again
    assert result.exit_code == 1
    assert "DUR502" in result.stdout


def test_results_of_old_settings_and_versions_are_pruned(project: Path) -> None:
    directory = project / ".durable_lint_cache"
    directory.mkdir()
    for age in range(12):
        old = directory / f"results-old{age:02d}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    lint()
    left = sorted(path.name for path in directory.glob("results-*.json"))
    assert len(left) == cache_module.KEPT_FILES + 1
    assert [name for name in left if name.startswith("results-old")] == [
        f"results-old{age:02d}.json" for age in range(4, 12)
    ]


CLASS_CHAIN = {
    "base.py": "import boto3\n\n\nclass TableBacked:\n"
    "    def __init__(self):\n        self.table = boto3.resource('dynamodb').Table('orders')\n",
    "repo.py": "from orders.base import TableBacked\n\n\nclass Repository(TableBacked):\n"
    "    def save(self, order):\n        self.table.put_item(Item=order)\n",
    "deps.py": "from orders.repo import Repository\n\nrepository = Repository()\n",
    "service.py": "from aws_durable_execution_sdk_python import durable_execution\n"
    "from orders.deps import repository\n\n\n@durable_execution\ndef handler(event, context):\n"
    "    repository.save(event)\n",
}
# An edit of each module the chain passes through that takes the remote call away.
CLASS_CHAIN_EDITS = {
    "base.py": ("boto3.resource('dynamodb').Table('orders')", "{}"),
    "repo.py": ("self.table.put_item(Item=order)", "return order"),
    "deps.py": ("Repository()", "None"),
}


@pytest.mark.parametrize("edited", sorted(CLASS_CHAIN_EDITS))
def test_editing_any_module_of_a_method_chain_analyses_the_handler_again(
    project: Path, analysed: Counter[str], edited: str
) -> None:
    for name, text in CLASS_CHAIN.items():
        (project / "orders" / name).write_text(text)
    _, out = lint()
    assert ("service.py", "DUR401") in codes(out)
    analysed.clear()
    old, new = CLASS_CHAIN_EDITS[edited]
    path = project / "orders" / edited
    path.write_text(path.read_text().replace(old, new))
    _, out = lint()
    assert analysed == {"service.py": 1}
    assert ("service.py", "DUR401") not in codes(out)
