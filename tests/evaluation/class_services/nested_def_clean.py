"""Split a marketplace payout between sellers; nested defs run as steps."""

from __future__ import annotations

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from billing.ledger import Ledger, make_ledger
from shop.clock import IdFactory

ledger = make_ledger()


class Split:
    def __init__(self, seller_id: str, share_bps: int) -> None:
        self.seller_id = seller_id
        self.share_bps = share_bps

    def amount(self, gross_cents: int) -> int:
        return gross_cents * self.share_bps // 10_000


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    gross = int(event["gross_cents"])
    splits = [Split(s["seller_id"], int(s["share_bps"])) for s in event["splits"]]

    def allocation() -> dict:
        return {s.seller_id: s.amount(gross) for s in splits}

    def book_all(_step_context) -> int:
        reference = IdFactory.stable_id(event["payout_id"])
        for seller_id, cents in sorted(allocation().items()):
            ledger.post_entry(f"seller:{seller_id}", cents, reference)
        return len(splits)

    shares = allocation()
    booked = context.step(book_all, name="book-splits")
    context.wait(Duration.from_days(2), name="payout-delay")
    return {"booked": booked, "shares": {k: Ledger.format_amount(v) for k, v in shares.items()}}
