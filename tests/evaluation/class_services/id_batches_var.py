"""Publish a settlement batch to the bank and track it under a batch id."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.clock import IdFactory

sqs = boto3.client("sqs")
QUEUE_URL = os.environ.get("SETTLEMENT_QUEUE", "https://sqs.eu-west-1.amazonaws.com/1/settle")


class SettlementBatch:
    def __init__(self, ids: IdFactory) -> None:
        self.ids = ids

    def open(self) -> str:
        return self.ids.new_id()

    @staticmethod
    def total(payouts: list[dict]) -> int:
        return sum(int(p["amount_cents"]) for p in payouts)


def publish(batch_id: str, total: int) -> str:
    resp = sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=f"{batch_id}:{total}")
    return resp["MessageId"]


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    batches = SettlementBatch(IdFactory(prefix="stl-"))
    batch_id = batches.open()  # error: DUR103
    total = SettlementBatch.total(event["payouts"])

    context.step(lambda _: publish(batch_id, total), name=f"publish-{batch_id}")  # error: DUR301
    context.wait(Duration.from_hours(1), name="bank-cutoff")
    return {"batch_id": batch_id, "total_cents": total}
