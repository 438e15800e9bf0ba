"""Point-of-sale batch close on the store's edge device (SQLite ledger)."""

from __future__ import annotations

import sqlite3

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

DB_PATH = "/mnt/efs/pos/ledger.db"


class LocalLedger:
    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def append(self, register_id: str, amount_cents: int) -> None:
        self.conn.execute(
            "INSERT INTO takings (register_id, amount_cents) VALUES (?, ?)", (register_id, amount_cents)
        )
        self.conn.commit()

    @staticmethod
    def summarise(takings: list[dict]) -> int:
        return sum(int(t["amount_cents"]) for t in takings)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    total = LocalLedger.summarise(event["takings"])
    ledger = LocalLedger(DB_PATH)  # error: DUR401
    ledger.append(event["register_id"], total)  # error: DUR401

    context.wait(Duration.from_hours(1), name="bank-deposit-window")
    return {"register_id": event["register_id"], "total_cents": total}
