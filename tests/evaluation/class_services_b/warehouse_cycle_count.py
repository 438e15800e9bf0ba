"""Cycle count: compare scanned quantities with the books, bin by bin."""
from __future__ import annotations

import sqlite3

from aws_durable_execution_sdk_python import DurableContext
from aws_durable_execution_sdk_python import durable_execution as durable_handler

from tessera.storage.memory import InMemoryOrders
from tessera.storage.sqlite_repos import LedgerRepository

STOCK_DB = "/mnt/efs/depots/stock-ledger.db"


def post_adjustment(account: str, delta: int, memo: str) -> int:
    conn = sqlite3.connect(STOCK_DB)
    try:
        return LedgerRepository(conn).post_entry(account, delta, memo)
    finally:
        conn.close()


class CountSheet:
    __slots__ = ("booked", "scanned")

    def __init__(self, booked: dict[str, int], scanned: dict[str, int]) -> None:
        self.booked = booked
        self.scanned = scanned

    def variance(self, sku: str) -> int:
        return self.scanned.get(sku, 0) - self.booked.get(sku, 0)

    def bins(self) -> list[str]:
        return sorted(set(self.booked) | set(self.scanned))


class BinReconciler:
    def __init__(self, sheet: CountSheet, depot_id: str) -> None:
        self.sheet = sheet
        self.depot_id = depot_id

    def reconcile(self, ctx: DurableContext, sku: str, index: int, _skus: list) -> dict:
        delta = self.sheet.variance(sku)
        if delta == 0:
            return {"sku": sku, "delta": 0}
        entry = ctx.step(
            lambda _: post_adjustment(f"{self.depot_id}:{sku}", delta, "cycle count"),
            name="post-adjustment",
        )
        return {"sku": sku, "delta": delta, "entry": entry}


@durable_handler
def handler(event: dict, context: DurableContext) -> dict:
    sheet = CountSheet(event["booked"], event["scanned"])
    scratch = InMemoryOrders()
    for sku in sheet.bins():
        scratch.put_item(Item={"pk": sku, "variance": sheet.variance(sku)})

    skus = sorted(set(event["booked"]) | set(event["scanned"]))
    results = context.map(skus, BinReconciler(sheet, event["depot_id"]).reconcile,
                          name="reconcile-bins")
    context.logger.info("cycle count for %s: %d bins", event["depot_id"], len(scratch))
    return {"depot_id": event["depot_id"], "bins": results.get_results()}
