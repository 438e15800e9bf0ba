"""Double-entry ledger in PostgreSQL."""

from __future__ import annotations

import os

import psycopg2

from .base import BaseService


class Ledger(BaseService):
    def __init__(self, dsn: str, tenant: str = "default") -> None:
        super().__init__(tenant)
        self.dsn = dsn
        self._conn = None

    def _connection(self):
        if self._conn is None:
            self._conn = psycopg2.connect(self.dsn)
        return self._conn

    def post_entry(self, account: str, amount_cents: int, reference: str) -> None:
        conn = self._connection()
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO entries (tenant, account, amount_cents, reference) VALUES (%s, %s, %s, %s)",
                (self.tenant, account, amount_cents, reference),
            )
        conn.commit()

    def balance(self, account: str) -> int:
        conn = self._connection()
        with conn.cursor() as cur:
            cur.execute("SELECT coalesce(sum(amount_cents), 0) FROM entries WHERE account = %s", (account,))
            return int(cur.fetchone()[0])

    @staticmethod
    def format_amount(amount_cents: int, currency: str = "EUR") -> str:
        return f"{amount_cents / 100:.2f} {currency}"


def make_ledger() -> Ledger:
    return Ledger(os.environ.get("LEDGER_DSN", "postgresql://ledger"))
