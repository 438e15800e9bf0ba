"""Shared test setup.

Its presence is the point: pytest puts this folder on `sys.path` when it imports a conftest,
so `fixture_support` imports the same way from tests/ and from tests/runtime/.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """app/ with a handler that has findings, a clean one and a plain script."""
    from test_cli import BAD, CLEAN

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "bad.py").write_text(BAD)
    (tmp_path / "app" / "clean.py").write_text(CLEAN)
    (tmp_path / "app" / "plain.py").write_text("import time\nprint(time.time())\n")
    return tmp_path
