"""Know-your-customer checks when a new account is opened."""
from __future__ import annotations

from datetime import date
from functools import cached_property

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step
from aws_durable_execution_sdk_python.config import CallbackConfig, Duration

from tessera.platform.transport import HttpTransport

DOCUMENT_BUCKET = "kyc-uploads-prod"
ACCOUNTS = HttpTransport("https://accounts.internal.example")


class Applicant:
    __slots__ = ("applicant_id", "birth_date", "selfie_key", "document_key")

    def __init__(self, applicant_id: str, birth_date: date, selfie_key: str, document_key: str) -> None:
        self.applicant_id = applicant_id
        self.birth_date = birth_date
        self.selfie_key = selfie_key
        self.document_key = document_key

    @classmethod
    def from_event(cls, event: dict) -> "Applicant":
        return cls(event["applicant_id"], date.fromisoformat(event["birth_date"]),
                   event["selfie_key"], event["document_key"])

    def age_on(self, day: date) -> int:
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


class FaceMatchProvider:
    def __init__(self, bucket: str, threshold: float = 90.0) -> None:
        self.bucket = bucket
        self.threshold = threshold

    @cached_property
    def rekognition(self):
        return boto3.client("rekognition")

    def verify(self, selfie_key: str, document_key: str) -> dict:
        response = self.rekognition.compare_faces(
            SourceImage={"S3Object": {"Bucket": self.bucket, "Name": selfie_key}},
            TargetImage={"S3Object": {"Bucket": self.bucket, "Name": document_key}},
            SimilarityThreshold=self.threshold,
        )
        best = max((m["Similarity"] for m in response["FaceMatches"]), default=0.0)
        return {"similarity": best, "matched": best >= self.threshold}


@durable_step
def activate(step_context, applicant_id: str) -> dict:
    return ACCOUNTS.send(f"/accounts/{applicant_id}/activate", {})


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    applicant = Applicant.from_event(event)
    if applicant.age_on(date.fromisoformat(event["application_date"])) < 18:
        return {"applicant_id": applicant.applicant_id, "status": "rejected-age"}

    provider = FaceMatchProvider(DOCUMENT_BUCKET)
    match = provider.verify(applicant.selfie_key, applicant.document_key)  # error: DUR401
    if not match["matched"]:
        review = context.create_callback(name="manual-kyc-review",
                                         config=CallbackConfig(timeout=Duration.from_days(3)))
        context.step(lambda _: ACCOUNTS.send("/kyc/reviews", {"callback_id": review.callback_id,
                                                              "applicant_id": applicant.applicant_id}),
                     name="request-review")
        if not review.result().get("approved"):
            return {"applicant_id": applicant.applicant_id, "status": "rejected-review"}

    context.step(activate(applicant.applicant_id), name="activate-account")
    return {"applicant_id": applicant.applicant_id, "status": "active", "similarity": match["similarity"]}
