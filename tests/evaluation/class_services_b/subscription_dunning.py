"""Dunning: retry a failed subscription charge before suspending the account."""
from __future__ import annotations

import logging

from durable_runtime import DurableContext, durable_execution

from tessera.billing.gateways import CardGateway
from tessera.platform.transport import HttpTransport
from tessera.storage.sqlite_repos import SubscriptionRepository

logger = logging.getLogger(__name__)

DB_PATH = "/mnt/efs/billing/subscriptions.db"
MAX_RETRIES = 4
SUSPEND_AFTER = 6


class DunningPolicy:
    __slots__ = ("max_retries", "suspend_after")

    def __init__(self, max_retries: int, suspend_after: int) -> None:
        self.max_retries = max_retries
        self.suspend_after = suspend_after

    def next_action(self, failures: int) -> str:
        if failures >= self.suspend_after:
            return "suspend"
        if failures >= self.max_retries:
            return "notify"
        return "retry"


class DunningRun:
    def __init__(self, repo: SubscriptionRepository, gateway: CardGateway,
                 policy: DunningPolicy) -> None:
        self.repo = repo
        self.gateway = gateway
        self.policy = policy

    def charge(self, subscription_id: str, amount_cents: int) -> dict:
        capture = self.gateway.capture(f"dunning-{subscription_id}", amount_cents)
        self.repo.record_attempt(subscription_id, capture.get("status") == "succeeded")
        return capture

    def log_outcome(self, subscription_id: str, action: str) -> None:
        logger.info("dunning %s -> %s", subscription_id, action)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    subscription_id = event["subscription_id"]
    repo = SubscriptionRepository(DB_PATH)  # error: DUR401
    run = DunningRun(repo, CardGateway(HttpTransport(event["gateway_url"])),
                     DunningPolicy(MAX_RETRIES, SUSPEND_AFTER))

    failures = repo.failed_attempts(subscription_id)  # error: DUR401
    action = run.policy.next_action(failures)
    capture = None
    if action == "retry":
        capture = context.step(
            lambda _: run.charge(subscription_id, int(event["amount_cents"])),
            name="retry-charge",
        )
    elif action == "suspend":
        context.step(lambda _: run.repo.record_attempt(subscription_id, False), name="mark-suspended")

    run.log_outcome(subscription_id, action)  # error: DUR404
    return {"subscription_id": subscription_id, "action": action, "capture": capture}
