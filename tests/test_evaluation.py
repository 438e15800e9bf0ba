"""The default rules on the independently labelled class-heavy corpus: precision and recall.

The corpus (`tests/evaluation/class_services/`, see its README) was written and labelled by an
evaluator who never read the analysis; `score.py` prints the misses and false alarms."""

from __future__ import annotations

from pathlib import Path

from evaluation.score import score

CORPUS = Path(__file__).parent / "evaluation" / "class_services"


def test_class_heavy_corpus_precision_and_recall_reach_the_goal() -> None:
    result = score(CORPUS)
    assert len(result.true_positives) + len(result.false_negatives) >= 50, "labels went missing"
    assert result.precision >= 0.95, result.report()
    assert result.recall >= 0.95, result.report()
