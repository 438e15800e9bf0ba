"""Invoice construction (pure) and issuing (remote)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tessera.platform.transport import HttpTransport


class InvoiceBuilder:
    __slots__ = ("payment_terms_days", "currency")

    def __init__(self, payment_terms_days: int = 30, currency: str = "EUR") -> None:
        self.payment_terms_days = payment_terms_days
        self.currency = currency

    def number_for(self, customer_id: str, period: str) -> str:
        return f"INV-{period.replace('-', '')}-{customer_id.upper()}"

    def build(self, customer_id: str, period: str, lines: list[dict], issued_on: date) -> dict:
        total = sum((Decimal(str(l["amount"])) for l in lines), Decimal("0"))
        return {
            "number": self.number_for(customer_id, period),
            "customer_id": customer_id,
            "currency": self.currency,
            "total": str(total.quantize(Decimal("0.01"))),
            "issued_on": issued_on.isoformat(),
            "due_on": (issued_on + timedelta(days=self.payment_terms_days)).isoformat(),
            "lines": lines,
        }


class InvoiceService:
    def __init__(self, transport: HttpTransport) -> None:
        self.transport = transport

    def issue(self, invoice: dict) -> dict:
        return self.transport.send("/invoices", invoice)

    def void(self, number: str) -> dict:
        return self.transport.send(f"/invoices/{number}/void", {})
