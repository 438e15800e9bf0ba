"""Order and line-item value objects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal


@dataclass(frozen=True)
class LineItem:
    sku: str
    quantity: int
    unit_price: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity

    @classmethod
    def from_dict(cls, raw: dict) -> "LineItem":
        return cls(
            sku=raw["sku"],
            quantity=int(raw.get("quantity", 1)),
            unit_price=Decimal(str(raw["unit_price"])),
        )


@dataclass
class Order:
    order_id: str
    customer_id: str
    items: list[LineItem] = field(default_factory=list)
    currency: str = "EUR"
    created_at: str | None = None
    status: str = "NEW"

    @classmethod
    def from_event(cls, event: dict) -> "Order":
        return cls(
            order_id=event["order_id"],
            customer_id=event["customer_id"],
            items=[LineItem.from_dict(i) for i in event.get("items", [])],
            currency=event.get("currency", "EUR"),
            created_at=event.get("created_at"),
        )

    @classmethod
    def new(cls, customer_id: str, items: list[LineItem]) -> "Order":
        """Build a brand-new order with a fresh id and creation time."""
        return cls(
            order_id=str(uuid.uuid4()),
            customer_id=customer_id,
            items=items,
            created_at=datetime.now(timezone.utc).isoformat(),
        )

    @property
    def total(self) -> Decimal:
        return sum((i.subtotal for i in self.items), Decimal("0"))

    @property
    def total_cents(self) -> int:
        return int(self.total * 100)

    @property
    def age_seconds(self) -> float:
        """Seconds since the order was created (wall clock)."""
        created = datetime.fromisoformat(self.created_at or "1970-01-01T00:00:00+00:00")
        return (datetime.now(timezone.utc) - created).total_seconds()

    def to_item(self) -> dict:
        return {
            "pk": f"ORDER#{self.order_id}",
            "sk": "META",
            "customer_id": self.customer_id,
            "currency": self.currency,
            "total": str(self.total),
            "status": self.status,
            "items": [
                {"sku": i.sku, "quantity": i.quantity, "unit_price": str(i.unit_price)}
                for i in self.items
            ],
        }
