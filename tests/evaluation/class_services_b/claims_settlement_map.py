"""Settle a batch of approved claims: pay out and post to the ledger."""
from __future__ import annotations

import sqlite3

from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.billing.gateways import CardGateway, make_card_gateway
from tessera.storage.sqlite_repos import LedgerRepository

LEDGER_DB = "/mnt/efs/claims/ledger.db"


class Settler:
    def __init__(self, ledger: LedgerRepository, gateway: CardGateway) -> None:
        self.ledger = ledger
        self.gateway = gateway

    @staticmethod
    def reference(claim: dict) -> str:
        return f"claim-{claim['claim_id']}"

    def settle_one(self, ctx, claim, index, claims):
        payout = ctx.step(
            lambda _: self.gateway.capture(self.reference(claim), claim["amount_cents"]),
            name="pay-claim",
        )
        self.ledger.post_entry("claims-payable", -claim["amount_cents"], self.reference(claim))  # error: DUR401
        print(f"settled {claim['claim_id']} ({index + 1}/{len(claims)})")  # error: DUR404
        return {"claim_id": claim["claim_id"], "payout": payout}


SETTLER = Settler(LedgerRepository(sqlite3.connect(LEDGER_DB)),
                  make_card_gateway("https://payouts.acquirer.example"))


class BatchSummary:
    __slots__ = ("results",)

    def __init__(self, results: list[dict]) -> None:
        self.results = results

    def total_cents(self, claims: list[dict]) -> int:
        return sum(c["amount_cents"] for c in claims)


@durable_execution
def handler(event, context):
    approved = [c for c in event["claims"] if c.get("status") == "approved"]
    outcome = context.map(approved, SETTLER.settle_one, name="settle-claims")
    summary = BatchSummary(outcome.get_results())
    return {"settled": len(summary.results), "total_cents": summary.total_cents(approved)}
