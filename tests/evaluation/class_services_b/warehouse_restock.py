"""Reorder stock for a depot: low-stock SKUs plus the ones a planner asked for."""
from __future__ import annotations

import sqlite3

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.platform.transport import HttpTransport

INVENTORY_DB = "/mnt/efs/depots/inventory.db"
SUPPLIER = HttpTransport("https://supplier.example/edi")


class DepotInventory:
    def __init__(self, conn: sqlite3.Connection, depot_id: str) -> None:
        self._conn = conn
        self.depot_id = depot_id

    def low_stock(self, threshold: int) -> list[str]:
        cursor = self._conn.cursor()
        cursor.execute(
            "SELECT sku FROM stock WHERE depot_id = ? AND on_hand < ? ORDER BY sku",
            (self.depot_id, threshold),
        )
        return [row[0] for row in cursor.fetchall()]


class RestockPlanner:
    __slots__ = ("pack_sizes", "default_pack")

    def __init__(self, pack_sizes: dict[str, int], default_pack: int = 12) -> None:
        self.pack_sizes = pack_sizes
        self.default_pack = default_pack

    def quantity(self, sku: str, shortfall: int = 0) -> int:
        pack = self.pack_sizes.get(sku, self.default_pack)
        packs = max(1, -(-shortfall // pack))
        return packs * pack


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    planner = RestockPlanner(event.get("pack_sizes", {}))
    conn = sqlite3.connect(INVENTORY_DB)  # error: DUR401
    inventory = DepotInventory(conn, event["depot_id"])
    low = inventory.low_stock(int(event.get("threshold", 10)))  # error: DUR401

    orders = {}
    for sku in set(event["requested_skus"]) | set(low):  # error: DUR104
        orders[sku] = context.step(
            lambda _, s=sku: SUPPLIER.send("/orders", {"sku": s, "qty": planner.quantity(s)}),
            name=f"reorder-{sku}",
        )
    return {"depot_id": event["depot_id"], "orders": orders}
