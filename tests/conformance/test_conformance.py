"""AWS's language-neutral requirements (`requirements/*/*.yaml`) run on the runtime.

One handler per requirement, written from the YAML's description, lives in
`handlers/<suite>.py` (a `HANDLERS` dict keyed by requirement id, e.g. `"4-1"`, and the
functions `invoke` may call in `TARGETS`). `harness.py` runs it as AWS's validator would and
matches its result and history against the YAML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from handlers import CRASHING, HANDLERS, TARGETS
from harness import Requirement, captured_logs, check, check_logs, requirement_paths, run

from durable_runtime.store import SqliteStore

REQUIREMENTS = requirement_paths()


def test_the_requirements_are_there() -> None:
    assert len(REQUIREMENTS) == 148


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_requirement(path: Path, tmp_path: Path) -> None:
    requirement = Requirement.load(path)
    handler = CRASHING.get(path.stem) or HANDLERS.get(path.stem)
    assert handler is not None, f"no handler written for requirement {path.stem}"
    # A handler whose process dies runs each invocation in a process of its own.
    store = SqliteStore(str(tmp_path / "runs.db")) if path.stem in CRASHING else None
    with captured_logs(tmp_path / "log.txt") as log:
        result = run(requirement, handler, TARGETS, store)
    errors = check(requirement, result) + check_logs(requirement, log.read_text().splitlines())
    assert not errors, "\n".join(errors)
