"""Reserve stock with compensation; the service is built in the handler."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from stock.inventory import InventoryService


class ReservationPlan:
    def __init__(self, order_id: str, lines: list[dict]) -> None:
        self.order_id = order_id
        self.lines = sorted(lines, key=lambda line: line["sku"])

    def keys(self) -> list[str]:
        return [InventoryService.reservation_key(self.order_id, line["sku"]) for line in self.lines]


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    inventory = InventoryService(os.environ.get("INVENTORY_TABLE", "inventory"))
    plan = ReservationPlan(event["order_id"], event["lines"])

    reserved = 0
    try:
        for line in plan.lines:
            context.step(
                lambda _, sku=line["sku"], qty=int(line["qty"]): inventory.reserve(plan.order_id, sku, qty),
                name=f"reserve-{line['sku']}",
            )
            reserved += 1
    except Exception:
        for line in plan.lines[:reserved]:
            context.step(
                lambda _, sku=line["sku"]: inventory.release(plan.order_id, sku),
                name=f"release-{line['sku']}",
            )
        raise

    context.wait(Duration.from_minutes(20), name="payment-window")
    return {"order_id": plan.order_id, "keys": plan.keys()}
