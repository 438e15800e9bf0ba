"""Reusable KYC sub-workflow: runs inside the caller's durable execution."""

from __future__ import annotations

import logging

from aws_durable_execution_sdk_python import DurableContext

from .providers import KycDecision, KycProvider, SanctionsScreening, VerifyHubProvider

log = logging.getLogger(__name__)

HIGH_RISK_COUNTRIES = ("IR", "KP", "SY")


def risk_flags(applicant: dict) -> list[str]:
    flags = []
    if applicant.get("country") in HIGH_RISK_COUNTRIES:
        flags.append("high-risk-country")
    if applicant.get("pep"):
        flags.append("politically-exposed")
    return flags


def screen_applicant(
    context: DurableContext,
    applicant: dict,
    provider: VerifyHubProvider,
    screening: SanctionsScreening,
) -> dict:
    name = KycProvider.normalise_name(applicant["full_name"])
    log.info("screening applicant %s", applicant["applicant_id"])  # error: DUR404
    document = context.step(
        lambda _: provider.verify_document(applicant["applicant_id"], applicant["document"]),
        name="verify-document",
    )
    hits = screening.screen(name, applicant["country"])  # error: DUR401
    decision = KycDecision.from_scores(document["score"], 1.0, len(hits.get("matches", [])))
    flags = risk_flags(applicant)
    return {"approved": decision.approved and not flags, "reason": decision.reason, "flags": flags}
