"""Quote a B2B order with a pure pricing engine; persist the quote in a step."""

from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Decimal

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step

quotes = boto3.resource("dynamodb").Table(os.environ.get("QUOTES_TABLE", "quotes"))


class PricingEngine:
    def __init__(self, volume_breaks: list[tuple[int, int]], vat: Decimal) -> None:
        self.volume_breaks = sorted(volume_breaks)
        self.vat = vat

    @classmethod
    def from_config(cls, config: dict) -> "PricingEngine":
        breaks = [(int(q), int(p)) for q, p in config.get("breaks", {}).items()]
        return cls(breaks, Decimal(config.get("vat", "0.20")))

    @staticmethod
    def round_money(value: Decimal) -> Decimal:
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def discount_pct(self, quantity: int) -> int:
        pct = 0
        for threshold, discount in self.volume_breaks:
            if quantity >= threshold:
                pct = discount
        return pct

    def quote(self, unit_price: Decimal, quantity: int) -> dict:
        net = unit_price * quantity * (100 - self.discount_pct(quantity)) / 100
        return {"net": str(self.round_money(net)), "gross": str(self.round_money(net * (1 + self.vat)))}


@durable_step
def store_quote(_step_context, quote_id: str, quote: dict) -> str:
    quotes.put_item(Item={"pk": quote_id, **quote})
    return quote_id


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    engine = PricingEngine.from_config(event.get("pricing", {"breaks": {"100": 5, "1000": 12}}))
    quote = engine.quote(Decimal(str(event["unit_price"])), int(event["quantity"]))
    quote_id = f"Q-{event['customer_id']}-{event['rfq_number']}"
    context.step(store_quote(quote_id, quote), name="store-quote")
    return {"quote_id": quote_id, **quote}
