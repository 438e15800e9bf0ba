"""Reserve every order line in parallel with context.map."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from stock.inventory import InventoryService

inventory = InventoryService(os.environ.get("INVENTORY_TABLE", "inventory"))


class LineValidator:
    MAX_QTY = 50

    def check(self, line: dict) -> dict:
        qty = int(line["qty"])
        if not 0 < qty <= self.MAX_QTY:
            raise ValueError(f"bad quantity {qty} for {line['sku']}")
        return {"sku": line["sku"], "qty": qty, "order_id": line["order_id"]}


validator = LineValidator()


def reserve_line(ctx: DurableContext, line: dict, index: int, lines: list) -> dict:
    valid = validator.check(line)
    key = InventoryService.reservation_key(valid["order_id"], valid["sku"])
    inventory.reserve(valid["order_id"], valid["sku"], valid["qty"])  # error: DUR401
    confirmed = ctx.step(lambda _: inventory.available(valid["sku"]), name="available-after")
    return {"key": key, "remaining": confirmed}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    lines = [{**line, "order_id": event["order_id"]} for line in event["lines"]]
    results = context.map(lines, reserve_line, name="reserve-lines")
    return {"order_id": event["order_id"], "results": results.get_results()}
