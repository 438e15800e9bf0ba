"""Marketplace payouts facade over the card gateway."""
from __future__ import annotations

from tessera.billing.gateways import CardGateway


class PaymentsFacade:
    FEE_BASIS_POINTS = 290

    def __init__(self, gateway: CardGateway) -> None:
        self._gateway = gateway

    def fee_for(self, amount_cents: int) -> int:
        return (amount_cents * self.FEE_BASIS_POINTS + 5_000) // 10_000

    def settle(self, payout_id: str, amount_cents: int) -> dict:
        net = amount_cents - self.fee_for(amount_cents)
        return self._gateway.capture(payout_id, net)
