"""Price-match request: measures how long the decision took."""

from __future__ import annotations

from decimal import Decimal

import requests
from aws_durable_execution_sdk_python import DurableContext, durable_execution

from shop.clock import Stopwatch

COMPETITOR_API = "https://prices.example.com/v1/offers"

_COLD_START = Stopwatch()


class PriceMatcher:
    def __init__(self, tolerance_pct: int = 2) -> None:
        self.tolerance_pct = tolerance_pct

    def fetch_offer(self, sku: str, competitor: str) -> Decimal:
        resp = requests.get(COMPETITOR_API, params={"sku": sku, "seller": competitor}, timeout=5)
        return Decimal(str(resp.json()["price"]))

    def matched_price(self, ours: Decimal, theirs: Decimal) -> Decimal:
        floor = ours * (100 - self.tolerance_pct) / 100
        return max(theirs, floor).quantize(Decimal("0.01"))


matcher = PriceMatcher()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    timer = Stopwatch()  # error: DUR101
    ours = Decimal(str(event["our_price"]))
    theirs = context.step(lambda _: str(matcher.fetch_offer(event["sku"], event["competitor"])), name="fetch-offer")
    price = matcher.matched_price(ours, Decimal(theirs))
    took_ms = timer.elapsed_ms()  # error: DUR101
    return {"sku": event["sku"], "price": str(price), "decision_ms": took_ms}
