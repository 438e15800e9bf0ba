"""Score a batch of loan applications with context.map."""

from __future__ import annotations

import logging
import os

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution

decisions = boto3.resource("dynamodb").Table(os.environ.get("DECISIONS_TABLE", "decisions"))


class RiskScorer:
    log = logging.getLogger("risk")

    def __init__(self, cutoff: int = 620) -> None:
        self.cutoff = cutoff

    def band(self, score: int) -> str:
        return "A" if score >= 750 else "B" if score >= self.cutoff else "DECLINE"

    def score(self, application: dict) -> str:
        band = self.band(int(application["bureau_score"]))
        self.log.debug("application %s banded %s", application["id"], band)
        return band

    def store(self, application: dict, band: str) -> None:
        decisions.put_item(Item={"pk": application["id"], "band": band})


scorer = RiskScorer()


def decide(ctx: DurableContext, application: dict, index: int, items: list) -> str:
    band = scorer.band(int(application["bureau_score"]))
    ctx.step(lambda _: scorer.store(application, band), name="store-decision")
    return band


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    applications = event["applications"]
    previews = context.map(applications, lambda ctx, app, i, items: scorer.score(app), name="preview")  # error: DUR404
    bands = context.map(applications, decide, name="decide")
    return {"preview": previews.get_results(), "bands": bands.get_results()}
