"""Fraud screening for incoming claims."""
from __future__ import annotations

import random

from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step
from fraudnet_sdk import FraudNetClient

from tessera.platform.clock import Clock
from tessera.platform.transport import HttpTransport

CASE_API = HttpTransport("https://cases.claims.example")


class FraudSampler:
    """Picks claims for a manual fraud review."""

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def __call__(self, claim: dict) -> bool:
        return random.random() < self.rate


class RedFlags:
    __slots__ = ("rules",)

    def __init__(self, rules: dict[str, int]) -> None:
        self.rules = rules

    def evaluate(self, claim: dict) -> list[str]:
        return [name for name, limit in sorted(self.rules.items())
                if claim.get(name, 0) > limit]


@durable_step
def open_case(step_context, claim_id: str, reasons: list[str]) -> dict:
    return CASE_API.send("/cases", {"claim_id": claim_id, "reasons": reasons})


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    claim = event["claim"]
    screened_at = Clock.epoch()  # error: DUR101
    flags = RedFlags({"prior_claims_12m": 2, "days_since_policy_start": -1}).evaluate(claim)

    vendor = FraudNetClient.from_environment()
    vendor_score = vendor.post("/score", {"claim_id": claim["claim_id"]})

    sampler = FraudSampler(rate=0.05)
    if sampler(claim):  # error: DUR102
        flags.append("random-audit")

    if flags or vendor_score.get("risk", 0) > 0.8:
        case = context.step(open_case(claim["claim_id"], flags), name="open-fraud-case")
        return {"status": "review", "case": case, "screened_at": screened_at}
    return {"status": "clear", "screened_at": screened_at}
