"""Periodic KYC refresh with all provider calls checkpointed."""

from __future__ import annotations

import os

from durable_runtime import DurableContext, durable_execution, durable_step

from kyc.providers import KycDecision, KycProvider, SanctionsScreening, VerifyHubProvider

provider = VerifyHubProvider(os.environ.get("VERIFYHUB_KEY", ""))
screening = SanctionsScreening(os.environ.get("SANCTIONS_URL", "https://sanctions.example.com/screen"))


@durable_step
def screen(_step_context, name: str, country: str) -> int:
    return len(screening.screen(name, country).get("matches", []))


class RefreshPolicy:
    def __init__(self, months: int = 12) -> None:
        self.months = months

    def due(self, months_since_check: int) -> bool:
        return months_since_check >= self.months


policy = RefreshPolicy()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    customer = event["customer"]
    if not policy.due(int(customer["months_since_check"])):
        return {"refreshed": False}

    name = KycProvider.normalise_name(customer["full_name"])
    document = context.step(
        lambda _: provider.verify_document(customer["applicant_id"], customer["document"]),
        name="verify-document",
    )
    hits = context.step(screen(name, customer["country"]), name="screen")
    decision = KycDecision.from_scores(document["score"], 1.0, hits)
    return {"refreshed": True, "approved": decision.approved, "reason": decision.reason}
