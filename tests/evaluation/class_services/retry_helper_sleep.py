"""Poll a fulfilment partner until the shipment leaves the warehouse."""

from __future__ import annotations

import os
import time

import requests
from aws_durable_execution_sdk_python import DurableContext, durable_execution

PARTNER_URL = os.environ.get("PARTNER_URL", "https://3pl.example.com")


class Backoff:
    def __init__(self, base: float = 2.0, cap: float = 60.0) -> None:
        self.base = base
        self.cap = cap

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.base**attempt)

    def pause(self, attempt: int) -> None:
        time.sleep(self.delay(attempt))


class PartnerApi:
    def shipment_status(self, shipment_id: str) -> str:
        resp = requests.get(f"{PARTNER_URL}/shipments/{shipment_id}", timeout=5)
        resp.raise_for_status()
        return resp.json()["status"]


backoff = Backoff()
partner = PartnerApi()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    shipment_id = event["shipment_id"]
    status = "UNKNOWN"
    for attempt in range(6):
        status = context.step(
            lambda _: partner.shipment_status(shipment_id), name=f"status-{attempt}"
        )
        if status in ("DISPATCHED", "CANCELLED"):
            break
        backoff.pause(attempt)  # error: DUR502
    return {"shipment_id": shipment_id, "status": status}
