"""Repositories backed by sqlite3 connections kept on the instance."""
from __future__ import annotations

import sqlite3


class SubscriptionRepository:
    """Opens its connection as soon as it is built."""

    __slots__ = ("_conn",)

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path)

    def failed_attempts(self, subscription_id: str) -> int:
        row = self._conn.execute(
            "SELECT COUNT(*) FROM charge_attempts WHERE subscription_id = ? AND ok = 0",
            (subscription_id,),
        ).fetchone()
        return int(row[0])

    def record_attempt(self, subscription_id: str, ok: bool) -> None:
        self._conn.execute(
            "INSERT INTO charge_attempts (subscription_id, ok) VALUES (?, ?)",
            (subscription_id, int(ok)),
        )
        self._conn.commit()


class LedgerRepository:
    """Works on a connection owned by the caller."""

    __slots__ = ("_conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def post_entry(self, account: str, amount_cents: int, memo: str) -> int:
        cursor = self._conn.cursor()
        cursor.execute(
            "INSERT INTO ledger (account, amount_cents, memo) VALUES (?, ?, ?)",
            (account, amount_cents, memo),
        )
        self._conn.commit()
        return int(cursor.lastrowid or 0)

    def balance(self, account: str) -> int:
        cursor = self._conn.cursor()
        cursor.execute("SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE account = ?", (account,))
        return int(cursor.fetchone()[0])


class LazyClaimRepository:
    """Opens its connection on first use, so building one costs nothing."""

    __slots__ = ("_path", "_conn")

    def __init__(self, path: str) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(self._path)
        return self._conn

    def load(self, claim_id: str) -> dict | None:
        row = self._connection().execute(
            "SELECT claim_id, policy_id, amount_cents, status FROM claims WHERE claim_id = ?",
            (claim_id,),
        ).fetchone()
        return self.row_to_claim(row) if row else None

    def store(self, claim: dict) -> None:
        conn = self._connection()
        conn.execute(
            "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?)",
            (claim["claim_id"], claim["policy_id"], claim["amount_cents"], claim["status"]),
        )
        conn.commit()

    @staticmethod
    def row_to_claim(row: tuple) -> dict:
        claim_id, policy_id, amount_cents, status = row
        return {"claim_id": claim_id, "policy_id": policy_id,
                "amount_cents": amount_cents, "status": status}
