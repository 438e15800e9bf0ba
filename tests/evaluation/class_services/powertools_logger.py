"""Confirm a restaurant booking; logs with Powertools."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration
from aws_lambda_powertools import Logger

logger = Logger(service="bookings")
bookings = boto3.resource("dynamodb").Table(os.environ.get("BOOKINGS_TABLE", "bookings"))


class BookingPolicy:
    def __init__(self, max_party: int = 8) -> None:
        self.max_party = max_party

    def accepts(self, party_size: int) -> bool:
        return 0 < party_size <= self.max_party

    def hold_minutes(self, party_size: int) -> int:
        return 30 if party_size <= 4 else 60


policy = BookingPolicy()


@logger.inject_lambda_context(log_event=False)
@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    party = int(event["party_size"])
    logger.info("booking received", booking_id=event["booking_id"], party=party)  # error: DUR404
    if not policy.accepts(party):
        return {"status": "REJECTED"}

    context.step(
        lambda _: bookings.put_item(Item={"pk": event["booking_id"], "status": "HELD"}),
        name="hold-table",
    )
    context.wait(Duration.from_minutes(policy.hold_minutes(party)), name="hold-window")
    context.step(
        lambda _: bookings.update_item(
            Key={"pk": event["booking_id"]},
            UpdateExpression="SET #s = :s",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": "CONFIRMED"},
        ),
        name="confirm",
    )
    logger.info("booking confirmed", booking_id=event["booking_id"])  # error: DUR404
    return {"status": "CONFIRMED"}
