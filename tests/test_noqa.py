"""`# noqa` comments silence findings in the CLI exactly as flake8 silences them."""

from __future__ import annotations

from pathlib import Path

from test_flake8_plugin import run_flake8

from durable_lint.engine.linter import Linter, Settings

HANDLER = '''\
import time
from datetime import datetime
from aws_durable_execution_sdk_python import durable_execution


@durable_execution
def handler(event, context):
    a = time.time()  # noqa
    b = time.time()  # noqa: DUR101
    c = time.time()  # noqa: DUR1
    d = time.time()  # noqa:DUR404,DUR101
    e = time.time()  # NOQA
    f = time.time()  # noqa: E501
    g = time.time()  # noqa: DUR102
    print("""a string over two lines shares
    the noqa at its end""")  # noqa: DUR404
    print(  # brackets over several lines do not: this print is reported
        "done",
    )  # noqa: DUR404
    h = datetime.now()  # noqa: dur101
    return [a, b, c, d, e, f, g, h]
'''


def cli_lines(path: Path) -> set[int]:
    return {f.line for f in Linter(Settings()).lint_path(str(path))}


def flake8_lines(path: Path) -> set[int]:
    return {
        int(line.split(":")[1])
        for line in run_flake8("--select", "DUR", path.name, cwd=path.parent)
    }


def test_inline_noqa_forms(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    path.write_text(HANDLER)
    # unsilenced: E501-only noqa (13), another code (14), a bracketed statement whose noqa
    # is on a later line (17), a lowercase code list (20)
    assert cli_lines(path) == {13, 14, 17, 20}
    assert flake8_lines(path) == {13, 14, 17, 20}


def test_file_level_noqa(tmp_path: Path) -> None:
    path = tmp_path / "handler.py"
    path.write_text("# flake8: noqa\n" + HANDLER)
    assert cli_lines(path) == set()
    assert flake8_lines(path) == set()


def test_flake8_noqa_with_code_on_a_line_with_code_does_not_exempt_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "handler.py"
    path.write_text(HANDLER.replace("import time\n", "import time  # flake8: noqa\n"))
    assert cli_lines(path) == flake8_lines(path) == {13, 14, 17, 20}
