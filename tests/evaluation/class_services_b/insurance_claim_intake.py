"""First notice of loss: a workflow object owns the context and the repository."""
from __future__ import annotations

import logging
from decimal import Decimal

from durable_runtime import DurableContext, durable_execution

from tessera.messaging.notifiers import EmailNotifier
from tessera.storage.sqlite_repos import LazyClaimRepository

logger = logging.getLogger("claims.intake")

DB_PATH = "/mnt/efs/claims/claims.db"
SMTP_HOST = "smtp.internal.example"


class ClaimIntakeWorkflow:
    FAST_TRACK_LIMIT = Decimal("1500.00")

    def __init__(self, context: DurableContext, repo: LazyClaimRepository,
                 notifier: EmailNotifier) -> None:
        self.context = context
        self.repo = repo
        self.notifier = notifier

    def _assess(self, claim: dict) -> str:
        amount = Decimal(claim["amount_cents"]) / 100
        if claim["injury"]:
            return "adjuster"
        return "fast-track" if amount <= self.FAST_TRACK_LIMIT else "adjuster"

    def run(self, event: dict) -> dict:
        existing = self.repo.load(event["claim_id"])
        logger.info("intake for claim %s", event["claim_id"])
        if existing is not None:
            return existing

        claim = {
            "claim_id": event["claim_id"],
            "policy_id": event["policy_id"],
            "amount_cents": int(event["amount_cents"]),
            "injury": bool(event.get("injury")),
        }
        decision = self._assess(claim)
        record = {**claim, "status": decision}
        self.context.step(lambda _: self.repo.store(record), name="store-claim")
        self.context.step(
            lambda _: self.notifier.notify(event["email"], f"Claim {claim['claim_id']}: {decision}"),
            name="acknowledge",
        )
        return record


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    repo = LazyClaimRepository(DB_PATH)
    workflow = ClaimIntakeWorkflow(context, repo, EmailNotifier(SMTP_HOST))
    return workflow.run(event)  # error: DUR401, DUR404
