"""Gift card activation using the shared Powertools logger."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution
from aws_lambda_powertools.metrics import MetricUnit

from common.observability import logger, metrics

cards = boto3.resource("dynamodb").Table(os.environ.get("GIFTCARDS_TABLE", "giftcards"))


class GiftCard:
    def __init__(self, code: str, balance_cents: int) -> None:
        self.code = code
        self.balance_cents = balance_cents

    def masked(self) -> str:
        return "*" * (len(self.code) - 4) + self.code[-4:]

    def activation_item(self) -> dict:
        return {"pk": f"CARD#{self.code}", "balance_cents": self.balance_cents, "active": True}


def activate(card: GiftCard) -> None:
    cards.put_item(Item=card.activation_item(), ConditionExpression="attribute_not_exists(pk)")
    metrics.add_metric(name="GiftCardsActivated", unit=MetricUnit.Count, value=1)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    card = GiftCard(event["code"], int(event["amount_cents"]))
    logger.info("activating gift card", card=card.masked())  # error: DUR404
    try:
        context.step(lambda _: activate(card), name="activate-card")
    except Exception:
        logger.exception("activation failed", card=card.masked())  # error: DUR404
        raise
    return {"card": card.masked(), "balance_cents": card.balance_cents}
