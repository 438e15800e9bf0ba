"""HTTP clients for the payment and shipping providers."""

from __future__ import annotations

from decimal import Decimal

import httpx
import requests

from .retry import retrying


class BaseHttpClient:
    base_url: str = ""
    timeout: float = 5.0

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}

    def _post(self, path: str, payload: dict) -> dict:
        resp = requests.post(
            f"{self.base_url}{path}", json=payload, headers=self._headers(), timeout=self.timeout
        )
        resp.raise_for_status()
        return resp.json()

    def _get(self, path: str, params: dict | None = None) -> dict:
        resp = requests.get(
            f"{self.base_url}{path}", params=params, headers=self._headers(), timeout=self.timeout
        )
        resp.raise_for_status()
        return resp.json()


class PaymentsClient(BaseHttpClient):
    base_url = "https://api.payments.example.com/v2"

    def charge(self, customer_id: str, amount_cents: int, currency: str, idempotency_key: str) -> dict:
        return self._post(
            "/charges",
            {
                "customer": customer_id,
                "amount": amount_cents,
                "currency": currency,
                "idempotency_key": idempotency_key,
            },
        )

    def refund(self, charge_id: str, amount_cents: int) -> dict:
        return self._post(f"/charges/{charge_id}/refunds", {"amount": amount_cents})

    @retrying(attempts=4)
    def charge_status(self, charge_id: str) -> str:
        return self._get(f"/charges/{charge_id}")["status"]

    @staticmethod
    def amount_in_cents(amount: Decimal) -> int:
        return int((amount * 100).to_integral_value())


class ShippingClient:
    """Carrier API. Build it once per container: it holds a connection pool."""

    def __init__(self, base_url: str, token: str) -> None:
        self._http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Token {token}"}, timeout=10.0
        )

    def create_label(self, order_id: str, address: dict, weight_grams: int) -> dict:
        resp = self._http.post(
            "/labels", json={"reference": order_id, "to": address, "weight": weight_grams}
        )
        resp.raise_for_status()
        return resp.json()

    def track(self, tracking_number: str) -> dict:
        resp = self._http.get(f"/tracking/{tracking_number}")
        resp.raise_for_status()
        return resp.json()

    @staticmethod
    def parcel_weight(items: list[dict]) -> int:
        return sum(int(i.get("weight_grams", 250)) * int(i.get("quantity", 1)) for i in items)
