"""Apply discount rules supplied by a third-party plugin package.

The registry, the rules and the audit sink come from an external library whose
types are not visible here: their methods must not be guessed from their names.
"""

from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from cachetools import LRUCache
from pricing_plugins import audit_sink, load_registry
from pydantic import BaseModel

from shop.repo import OrderRepository

orders = OrderRepository()
_rule_cache = LRUCache(maxsize=128)


class CheckoutPayload(BaseModel):
    order_id: str
    customer_id: str
    amount_cents: int
    coupon: str | None = None


def apply_rules(amount_cents: int, rules) -> int:
    for rule in rules:
        amount_cents = rule.apply(amount_cents)
    return amount_cents


def remember(outcome, sink) -> None:
    sink.save(outcome)


class CheckoutPricer:
    def __init__(self, registry, sink) -> None:
        self.registry = registry
        self.sink = sink

    def rules_for(self, coupon):
        cached = _rule_cache.get(coupon)
        if cached is not None:
            return cached
        return self.registry.lookup(coupon)

    def price(self, payload: CheckoutPayload) -> int:
        amount = apply_rules(payload.amount_cents, self.rules_for(payload.coupon))
        remember({"order_id": payload.order_id, "amount": amount}, self.sink)
        return amount


pricer = CheckoutPricer(load_registry(), audit_sink())


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    payload = CheckoutPayload.model_validate(event)
    amount = pricer.price(payload)
    snapshot = payload.model_dump()

    context.step(lambda _: orders.mark_status(payload.order_id, "PRICED"), name="mark-priced")
    return {**snapshot, "amount_cents": amount}
