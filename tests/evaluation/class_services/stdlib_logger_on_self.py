"""Plan warehouse waves for an order; the planner logs with the stdlib logger."""

from __future__ import annotations

import logging
import os

import boto3
from durable_runtime import DurableContext, durable_execution

sqs = boto3.client("sqs")
WAVES_QUEUE = os.environ.get("WAVES_QUEUE", "https://sqs.eu-west-1.amazonaws.com/1/waves")


class WavePlanner:
    def __init__(self, wave_size: int = 20) -> None:
        self.wave_size = wave_size
        self.log = logging.getLogger(__name__)

    def split(self, skus: list[str]) -> list[list[str]]:
        ordered = sorted(skus)
        return [ordered[i : i + self.wave_size] for i in range(0, len(ordered), self.wave_size)]

    def plan(self, order_id: str, skus: list[str]) -> list[list[str]]:
        waves = self.split(skus)
        self.log.info("order %s planned in %d waves", order_id, len(waves))
        return waves


planner = WavePlanner()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    order_id = event["order_id"]
    preview = planner.split(event["skus"])
    waves = planner.plan(order_id, event["skus"])  # error: DUR404

    for index, wave in enumerate(waves):
        context.step(
            lambda _, w=wave, i=index: sqs.send_message(QueueUrl=WAVES_QUEUE, MessageBody=f"{order_id}:{i}:{','.join(w)}"),
            name=f"release-wave-{index}",
        )
    return {"order_id": order_id, "waves": len(waves), "preview": len(preview)}
