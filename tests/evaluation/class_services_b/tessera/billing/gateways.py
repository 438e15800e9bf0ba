"""Payment gateway interface and its implementations."""
from __future__ import annotations

from abc import ABC, abstractmethod

from tessera.platform.transport import HttpTransport


class PaymentGateway(ABC):
    @abstractmethod
    def capture(self, reference: str, amount_cents: int) -> dict:
        """Take money; returns the capture record."""

    @abstractmethod
    def refund(self, capture_id: str, amount_cents: int) -> dict:
        """Give money back."""

    def describe(self) -> str:
        return type(self).__name__.replace("Gateway", "").lower()


class CardGateway(PaymentGateway):
    """Card acquirer reached over HTTP."""

    def __init__(self, transport: HttpTransport) -> None:
        self.transport = transport

    def capture(self, reference: str, amount_cents: int) -> dict:
        return self.transport.send(
            "/v2/captures", {"reference": reference, "amount": amount_cents}
        )

    def refund(self, capture_id: str, amount_cents: int) -> dict:
        return self.transport.send(
            f"/v2/captures/{capture_id}/refunds", {"amount": amount_cents}
        )


class LedgerOnlyGateway(PaymentGateway):
    """Sandbox gateway: keeps entries in memory, talks to nobody."""

    def __init__(self) -> None:
        self._entries: list[dict] = []

    def capture(self, reference: str, amount_cents: int) -> dict:
        entry = {"capture_id": f"sbx-{len(self._entries) + 1}", "reference": reference,
                 "amount_cents": amount_cents}
        self._entries.append(entry)
        return entry

    def refund(self, capture_id: str, amount_cents: int) -> dict:
        entry = {"refund_of": capture_id, "amount_cents": -amount_cents}
        self._entries.append(entry)
        return entry


def make_card_gateway(base_url: str) -> CardGateway:
    return CardGateway(HttpTransport(base_url))


def make_gateway(mode: str, base_url: str) -> PaymentGateway:
    if mode == "live":
        return CardGateway(HttpTransport(base_url))
    return LedgerOnlyGateway()
