"""AWS's language-neutral requirements (shared/conformance/*/*.yaml) run on the runtime.

One handler per requirement, written from the YAML's description, lives in
`handlers/<suite>.py` (a `HANDLERS` dict keyed by requirement id, e.g. `"4-1"`, and the
functions `invoke` may call in `TARGETS`). `harness.py` runs it as AWS's validator would and
matches its result and history against the YAML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from handlers import HANDLERS, TARGETS
from harness import Requirement, check, requirement_paths, run

REQUIREMENTS = requirement_paths()


def test_the_requirements_are_there() -> None:
    assert len(REQUIREMENTS) == 148


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_requirement(path: Path) -> None:
    handler = HANDLERS.get(path.stem)
    if handler is None:
        pytest.skip("no handler written for this requirement yet")
    requirement = Requirement.load(path)
    errors = check(requirement, run(requirement, handler, TARGETS))
    assert not errors, "\n".join(errors)
