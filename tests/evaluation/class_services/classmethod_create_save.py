"""Import marketplace orders and persist them."""

from __future__ import annotations

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.models import Order
from shop.repo import OrderRepository


class MarketplaceMapper:
    CHANNEL_PREFIX = {"amazon": "AMZ", "ebay": "EBY", "etsy": "ETS"}

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def to_order(self, raw: dict) -> Order:
        prefix = self.CHANNEL_PREFIX.get(self.channel, "EXT")
        return Order.from_event({**raw, "order_id": f"{prefix}-{raw['external_id']}"})


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    mapper = MarketplaceMapper(event["channel"])
    order = mapper.to_order(event["order"])
    key = OrderRepository.create().key_for(order.order_id)

    OrderRepository.create().save(order)  # error: DUR401

    context.wait(Duration.from_minutes(10), name="marketplace-settle")
    context.step(lambda _: OrderRepository.create().mark_status(order.order_id, "IMPORTED"), name="mark-imported")
    return {"pk": key["pk"]}
