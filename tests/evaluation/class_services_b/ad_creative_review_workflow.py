"""Brand-safety review of an ad set's creatives, driven by a workflow object."""
from __future__ import annotations

import logging

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from adsuite.api import AdsApi
from tessera.platform.transport import HttpTransport

logger = logging.getLogger(__name__)

MODERATION = HttpTransport("https://moderation.internal.example")


class CreativeReviewWorkflow:
    BLOCKED_LABELS = frozenset({"violence", "adult", "gambling"})

    def __init__(self, context: DurableContext, api: AdsApi) -> None:
        self.context = context
        self.api = api

    def _verdict(self, labels: list[str]) -> str:
        return "rejected" if any(label in self.BLOCKED_LABELS for label in labels) else "approved"

    def _review_creative(self, ctx: DurableContext, creative: dict, index: int, _all: list) -> dict:
        labels = ctx.step(lambda _: MODERATION.send("/classify", {"url": creative["asset_url"]}),
                          name="classify-creative")
        verdict = self._verdict(labels["labels"])
        logger.info("creative %s is %s", creative["creative_id"], verdict)  # error: DUR404
        return {"creative_id": creative["creative_id"], "verdict": verdict}

    def run(self, event: dict) -> dict:
        creatives = sorted(event["creatives"], key=lambda c: c["creative_id"])
        reviewed = self.context.map(creatives, self._review_creative, name="review-creatives")
        results = reviewed.get_results()
        rejected = [r["creative_id"] for r in results if r["verdict"] == "rejected"]
        if rejected:
            self.context.step(
                lambda _: self.api.set_daily_budget(event["campaign_id"], 0),
                name="pause-spend",
            )
        return {"campaign_id": event["campaign_id"], "rejected": rejected, "reviewed": len(results)}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    api = AdsApi("https://ads.platform.example/v3", advertiser_id=event["advertiser_id"])
    return CreativeReviewWorkflow(context, api).run(event)  # uncertain: DUR404
