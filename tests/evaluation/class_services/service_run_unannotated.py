"""Class-based entry point whose run() is a plain helper of the handler."""

from __future__ import annotations

import logging
import os

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.audit import AuditLog
from stock.inventory import InventoryService


class ReservationService:
    def __init__(self) -> None:
        self.log = logging.getLogger(__name__)
        self.inventory = InventoryService(os.environ.get("INVENTORY_TABLE", "inventory"))
        self.audit = AuditLog()

    def run(self, event, context):
        order_id = event["order_id"]
        self.log.info("reserving stock for %s", order_id)
        for line in event["lines"]:
            context.step(
                lambda _, sku=line["sku"], qty=line["qty"]: self.inventory.reserve(order_id, sku, qty),
                name=f"reserve-{line['sku']}",
            )
        self.audit.record("reserved", {"order_id": order_id, "lines": len(event["lines"])})
        context.wait(Duration.from_minutes(30), name="payment-window")
        return {"order_id": order_id, "reserved": len(event["lines"])}


service = ReservationService()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    return service.run(event, context)  # error: DUR404, DUR402
