"""Order placement on top of a card gateway."""
from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal

from tessera.billing.gateways import CardGateway

logger = logging.getLogger(__name__)


class OrderService:
    def __init__(self, gateway: CardGateway, tax_rate: Decimal = Decimal("0.20")) -> None:
        self.gateway = gateway
        self.tax_rate = tax_rate

    def price(self, order: dict) -> int:
        subtotal = sum(
            (Decimal(str(line["unit_price"])) * line["qty"] for line in order["lines"]),
            Decimal("0"),
        )
        total = (subtotal * (1 + self.tax_rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return int(total * 100)

    def place(self, order: dict) -> dict:
        amount = self.price(order)
        capture = self.gateway.capture(order["order_id"], amount)
        return {"order_id": order["order_id"], "amount_cents": amount, "capture": capture}

    def cancel(self, order_id: str, capture: dict) -> dict:
        logger.warning("cancelling order %s", order_id)
        return self.gateway.refund(capture["capture_id"], capture["amount"])
