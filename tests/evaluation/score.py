"""Precision and recall of the default rules on a labelled corpus.

A corpus file marks the findings it requires with `# error: DUR401` and the (line, code)
pairs its author could not settle with `# uncertain: DUR401`, which count neither way. Every
other finding is a false alarm. Run it as a script to see the misses and false alarms:

    python tests/evaluation/score.py tests/evaluation/class_services
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from durable_lint.engine.linter import Linter

CODES = r"(?P<codes>DUR\d{3}(?:\s*,\s*DUR\d{3})*)"
REQUIRED = re.compile(r"#\s*error:\s*" + CODES)
UNCERTAIN = re.compile(r"#\s*uncertain:\s*" + CODES)

Label = tuple[str, int, str]  # (path, line, code)


@dataclass
class Score:
    true_positives: set[Label] = field(default_factory=set)
    false_negatives: set[Label] = field(default_factory=set)
    false_positives: set[Label] = field(default_factory=set)

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / expected if expected else 1.0

    def report(self) -> str:
        lines = [
            f"precision {self.precision:.3f} ({len(self.true_positives)} of "
            f"{len(self.true_positives) + len(self.false_positives)} findings labelled)",
            f"recall    {self.recall:.3f} ({len(self.true_positives)} of "
            f"{len(self.true_positives) + len(self.false_negatives)} labels found)",
        ]
        lines += [f"missed       {p}:{n} {c}" for p, n, c in sorted(self.false_negatives)]
        lines += [f"false alarm  {p}:{n} {c}" for p, n, c in sorted(self.false_positives)]
        return "\n".join(lines)


def labels(path: Path, pattern: re.Pattern[str]) -> set[Label]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = pattern.search(line)
        if match:
            for code in re.split(r"\s*,\s*", match.group("codes")):
                found.add((str(path), number, code))
    return found


def score(corpus: Path) -> Score:
    """Lint every file of the corpus with the default rules and compare with its labels."""
    linter = Linter()
    result = Score()
    for path in sorted(corpus.rglob("*.py")):
        required = labels(path, REQUIRED)
        uncertain = labels(path, UNCERTAIN)
        reported = {(str(path), f.line, f.code) for f in linter.lint_path(str(path))}
        result.true_positives |= reported & required
        result.false_negatives |= required - reported
        result.false_positives |= reported - required - uncertain
    return result


if __name__ == "__main__":
    print(score(Path(sys.argv[1])).report())
