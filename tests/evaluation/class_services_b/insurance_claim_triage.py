"""Claim triage: a deterministic score and audit sample decide the queue."""
from __future__ import annotations

import random
import uuid
import zlib
from datetime import datetime, timedelta

from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.storage.memory import InMemoryOrders
from tessera.storage.sqlite_repos import LazyClaimRepository

CLAIMS_NS = uuid.UUID("0b5e0c52-7f57-4b8a-93c9-8a3d4f1e2c77")
REPO = LazyClaimRepository("/mnt/efs/claims/claims.db")


class TriageScorer:
    """Callable weighted score over claim features; no I/O, no randomness."""

    __slots__ = ("_weights",)

    def __init__(self, weights: dict[str, float]) -> None:
        self._weights = dict(weights)

    def __call__(self, claim: dict) -> float:
        score = sum(self._weights.get(flag, 0.0) for flag in claim.get("flags", []))
        if claim["amount_cents"] > 500_000:
            score += self._weights.get("large_amount", 0.0)
        return min(score, 1.0)


class AuditSampler:
    """Samples a fixed share of claims for audit, the same claims on every run."""

    __slots__ = ("rate",)

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def __call__(self, claim_id: str) -> bool:
        rng = random.Random(zlib.crc32(claim_id.encode("utf-8")))
        return rng.random() < self.rate


SCORER = TriageScorer({"late_report": 0.3, "prior_claims": 0.25, "large_amount": 0.4})
SAMPLER = AuditSampler(rate=0.02)


@durable_execution
def handler(event, context):
    claim = event["claim"]
    reference = str(uuid.uuid5(CLAIMS_NS, claim["claim_id"]))
    score = SCORER(claim)
    sampled = SAMPLER(claim["claim_id"])
    queue = "fast-track" if score < 0.3 and not sampled else "adjuster"

    received = datetime.fromisoformat(event["received_at"])
    sla_due = received + timedelta(hours=4 if queue == "fast-track" else 48)

    board = InMemoryOrders()
    board.put_item(Item={"pk": reference, "queue": queue, "score": score})
    board.save({"order_id": claim["claim_id"], "reference": reference})

    context.step(
        lambda _: REPO.store({**claim, "status": queue}),
        name="persist-triage",
    )
    context.logger.info("claim %s triaged to %s", claim["claim_id"], queue)
    return {"reference": reference, "queue": queue, "sla_due": sla_due.isoformat(),
            "audit_sample": sampled, "tracked": len(board)}
