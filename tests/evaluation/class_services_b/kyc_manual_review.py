"""Manual KYC review: a reviewer picks the case from a queue and answers by callback."""
from __future__ import annotations

import json

import boto3
from aws_durable_execution_sdk_python.config import Duration, WaitForCallbackConfig
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.platform.transport import HttpTransport

REVIEW_QUEUE = "https://sqs.eu-west-1.amazonaws.com/111122223333/kyc-manual-review"
ACCOUNTS = HttpTransport("https://accounts.internal.example")


class ReviewerQueue:
    """Puts review requests on SQS; the client is created here but used in the submitter."""

    def __init__(self, queue_url: str, applicant: dict) -> None:
        self.queue_url = queue_url
        self.applicant = applicant
        self.sqs = boto3.client("sqs")

    def submit(self, callback_id: str, _callback_context: object = None) -> None:
        self.sqs.send_message(
            QueueUrl=self.queue_url,
            MessageBody=json.dumps({"callback_id": callback_id, "applicant": self.applicant}),
        )


class ReviewOutcome:
    __slots__ = ("approved", "reviewer", "notes")

    def __init__(self, approved: bool, reviewer: str, notes: str) -> None:
        self.approved = approved
        self.reviewer = reviewer
        self.notes = notes

    @classmethod
    def from_payload(cls, payload: dict) -> "ReviewOutcome":
        return cls(bool(payload.get("approved")), payload.get("reviewer", "unknown"),
                   payload.get("notes", "")[:500])


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    queue = ReviewerQueue(REVIEW_QUEUE, event["applicant"])
    payload = context.wait_for_callback(
        queue.submit,
        name="manual-review",
        config=WaitForCallbackConfig(timeout=Duration.from_days(2)),
    )
    outcome = ReviewOutcome.from_payload(payload)
    context.logger.info("review of %s by %s", event["applicant"]["id"], outcome.reviewer)

    action = "activate" if outcome.approved else "decline"
    context.step(
        lambda _: ACCOUNTS.send(f"/accounts/{event['applicant']['id']}/{action}",
                                {"reviewer": outcome.reviewer, "notes": outcome.notes}),
        name="apply-review",
    )
    return {"applicant_id": event["applicant"]["id"], "approved": outcome.approved}
