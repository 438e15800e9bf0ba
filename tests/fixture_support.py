"""Fixture discovery and inline expectations (`# error: DUR101, DUR301`)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXPECTATION = re.compile(r"#\s*error:\s*(?P<codes>DUR\d{3}(?:\s*,\s*DUR\d{3})*)")
RULE_FOLDER = re.compile(r"^DUR\d{3}$")
# Codes with an automatic fix: each needs fixture pairs and a replay proof of its fix.
FIXABLE_CODES = frozenset(
    {
        "DUR101",
        "DUR102",
        "DUR103",
        "DUR203",
        "DUR401",
        "DUR402",
        "DUR404",
        "DUR502",
        "DUR504",
        "DUR506",
        "DUR507",
    }
)


FIXED_SUFFIX = ".fixed.py"


def fixture_files() -> list[Path]:
    """Fixtures with inline expectations (not the expected outputs of fixes)."""
    return sorted(p for p in FIXTURES.rglob("*.py") if not p.name.endswith(FIXED_SUFFIX))


def fix_pairs() -> list[tuple[Path, Path]]:
    """(fixture, its expected source after `--fix --unsafe-fixes`)."""
    return sorted(
        (p.with_name(p.name[: -len(FIXED_SUFFIX)] + ".py"), p)
        for p in FIXTURES.rglob("*" + FIXED_SUFFIX)
    )


def rule_folder(path: Path) -> str | None:
    """The code a fixture belongs to, from its top folder under fixtures/ (None for clean/)."""
    top = path.relative_to(FIXTURES).parts[0]
    return top if RULE_FOLDER.match(top) else None


def expectations(path: Path) -> set[tuple[int, str]]:
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECTATION.search(line)
        if match:
            for code in re.split(r"\s*,\s*", match.group("codes")):
                expected.add((number, code))
    return expected
