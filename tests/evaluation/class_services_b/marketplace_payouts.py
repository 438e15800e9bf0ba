"""Weekly seller payouts in the seller's currency."""
from __future__ import annotations

import uuid
from decimal import Decimal

from durable_runtime import DurableContext, durable_execution

from tessera.billing.fx import FxRates, RateLimiter
from tessera.wiring.registry import payments


class Payout:
    __slots__ = ("payout_id", "seller_id", "amount", "currency")

    def __init__(self, payout_id: str, seller_id: str, amount: Decimal, currency: str) -> None:
        self.payout_id = payout_id
        self.seller_id = seller_id
        self.amount = amount
        self.currency = currency

    @classmethod
    def new(cls, seller_id: str, amount: Decimal, currency: str) -> "Payout":
        return cls(f"po_{uuid.uuid4().hex}", seller_id, amount, currency)


class PayoutBatch:
    __slots__ = ("minimum",)

    def __init__(self, minimum: Decimal) -> None:
        self.minimum = minimum

    def eligible(self, sellers: list[dict]) -> list[dict]:
        return sorted((s for s in sellers if Decimal(s["balance"]) >= self.minimum),
                      key=lambda s: s["seller_id"])


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    limiter = RateLimiter(min_interval=0.5)
    batch = PayoutBatch(minimum=Decimal(event.get("minimum", "10.00")))
    rates = FxRates.latest("EUR")  # error: DUR401

    results = []
    for seller in batch.eligible(event["sellers"]):
        payout = Payout.new(seller["seller_id"], Decimal(seller["balance"]), seller["currency"])  # error: DUR103
        rate = Decimal(rates.get(payout.currency, "1"))
        converted = FxRates.convert(payout.amount, rate)
        results.append(context.step(
            lambda _, p=payout, c=converted: payments.settle(p.payout_id, int(c * 100)),
            name=f"settle-{seller['seller_id']}",
        ))
        limiter.throttle()  # error: DUR502
    return {"paid": len(results), "results": results}
