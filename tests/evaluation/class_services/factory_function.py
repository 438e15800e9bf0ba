"""Record a marketplace payout in the ledger once the payout settles."""

from __future__ import annotations

from durable_runtime import DurableContext, durable_execution

from billing.ledger import Ledger, make_ledger


class PayoutPolicy:
    FEE_BPS = 250

    def fee_cents(self, gross_cents: int) -> int:
        return gross_cents * self.FEE_BPS // 10_000

    def net_cents(self, gross_cents: int) -> int:
        return gross_cents - self.fee_cents(gross_cents)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    ledger = make_ledger()
    policy = PayoutPolicy()
    gross = int(event["gross_cents"])
    net = policy.net_cents(gross)

    settled = context.step(lambda _: event.get("settled", False), name="check-settled")
    if not settled:
        return {"status": "PENDING"}

    ledger.post_entry("seller-payable", net, event["payout_id"])  # error: DUR401
    context.step(
        lambda _: ledger.post_entry("fee-income", policy.fee_cents(gross), event["payout_id"]),
        name="book-fee",
    )
    return {"status": "BOOKED", "net": Ledger.format_amount(net)}
