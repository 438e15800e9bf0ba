"""Carrier integrations sharing one HTTP client base class."""
from __future__ import annotations

from tessera.platform.transport import HttpTransport


class CarrierClient:
    def __init__(self, transport: HttpTransport, account: str) -> None:
        self.transport = transport
        self.account = account

    def label_path(self, tracking_number: str) -> str:
        return f"labels/{self.account}/{tracking_number}.pdf"

    def track(self, tracking_number: str) -> dict:
        return self.transport.fetch(f"/tracking/{tracking_number}")


class DhlCarrier(CarrierClient):
    service_code = "DHL-EXP"

    def _payload(self, parcel: dict) -> dict:
        return {
            "account": self.account,
            "service": self.service_code,
            "weight_g": parcel["weight_g"],
            "to": parcel["address"],
        }

    def book(self, parcel: dict) -> dict:
        return self.transport.send("/shipments", self._payload(parcel))
