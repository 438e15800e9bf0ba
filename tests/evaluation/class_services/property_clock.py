"""Accept a freight quote if it is still valid, otherwise request a new one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

import requests
from durable_runtime import DurableContext, durable_execution

QUOTES_URL = "https://freight.example.com/api/quotes"


@dataclass(frozen=True)
class FreightQuote:
    quote_id: str
    net: Decimal
    tax_rate: Decimal
    expires_at: datetime

    @classmethod
    def from_api(cls, raw: dict) -> "FreightQuote":
        return cls(
            quote_id=raw["id"],
            net=Decimal(raw["net"]),
            tax_rate=Decimal(raw.get("tax_rate", "0.2")),
            expires_at=datetime.fromisoformat(raw["expires_at"]),
        )

    @property
    def gross(self) -> Decimal:
        return (self.net * (1 + self.tax_rate)).quantize(Decimal("0.01"))

    @property
    def is_expired(self) -> bool:
        return datetime.now(timezone.utc) >= self.expires_at


def request_quote(shipment: dict) -> dict:
    return requests.post(QUOTES_URL, json=shipment, timeout=10).json()


def accept_quote(quote_id: str) -> dict:
    return requests.post(f"{QUOTES_URL}/{quote_id}/accept", timeout=10).json()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    quote = FreightQuote.from_api(event["quote"])
    if quote.is_expired:  # error: DUR101
        raw = context.step(lambda _: request_quote(event["shipment"]), name="requote")
        quote = FreightQuote.from_api(raw)

    accepted = context.step(lambda _: accept_quote(quote.quote_id), name="accept-quote")
    return {"quote_id": quote.quote_id, "gross": str(quote.gross), "booking": accepted["booking"]}
