"""Onboard a new business customer: KYC checks, then account creation."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from kyc.providers import SanctionsScreening, VerifyHubProvider
from kyc.workflow import screen_applicant

provider = VerifyHubProvider(os.environ.get("VERIFYHUB_KEY", ""))
screening = SanctionsScreening(os.environ.get("SANCTIONS_URL", "https://sanctions.example.com/screen"))
accounts = boto3.resource("dynamodb").Table(os.environ.get("ACCOUNTS_TABLE", "accounts"))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    applicant = event["applicant"]
    liveness = provider.liveness(applicant["applicant_id"], applicant["selfie_url"])  # error: DUR401
    if liveness.get("score", 0) < 0.8:
        return {"status": "REJECTED", "reason": "liveness"}

    outcome = screen_applicant(context, applicant, provider, screening)  # uncertain: DUR401, DUR404
    if not outcome["approved"]:
        return {"status": "REJECTED", "reason": outcome["reason"]}

    context.wait(Duration.from_hours(24), name="four-eyes-review")
    context.step(
        lambda _: accounts.put_item(Item={"pk": applicant["applicant_id"], "status": "ACTIVE"}),
        name="open-account",
    )
    return {"status": "ACTIVE"}
