"""The default rules on the independently labelled class-heavy corpora: precision and recall.

Each corpus (`tests/evaluation/class_services*/`, see their READMEs) was written and labelled
by an evaluator who never read the analysis; `score.py` prints the misses and false alarms."""

from __future__ import annotations

from pathlib import Path

import pytest
from evaluation.score import score

CORPORA = sorted((Path(__file__).parent / "evaluation").glob("class_services*"))


def test_the_corpora_are_there() -> None:
    assert [corpus.name for corpus in CORPORA] == ["class_services", "class_services_b"]


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda corpus: corpus.name)
def test_class_heavy_corpus_precision_and_recall_reach_the_goal(corpus: Path) -> None:
    result = score(corpus)
    assert len(result.true_positives) + len(result.false_negatives) >= 45, "labels went missing"
    assert result.precision >= 0.95, result.report()
    assert result.recall >= 0.95, result.report()
