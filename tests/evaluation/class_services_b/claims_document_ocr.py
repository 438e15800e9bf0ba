"""Extract text from claim documents and classify them."""
from __future__ import annotations

import boto3
from aws_durable_execution_sdk_python import durable_step
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

BUCKET = "claims-documents-prod"

KEYWORDS = {
    "invoice": ("invoice", "amount due", "vat"),
    "police_report": ("incident number", "officer"),
    "medical": ("diagnosis", "patient", "physician"),
}


class OcrPipeline:
    """Holds the AWS clients; building it makes no request."""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket
        self.textract = boto3.client("textract")
        self.s3 = boto3.client("s3")

    def document_key(self, claim_id: str, filename: str) -> str:
        return f"claims/{claim_id}/{filename.lower()}"

    def extract(self, key: str) -> str:
        response = self.textract.detect_document_text(
            Document={"S3Object": {"Bucket": self.bucket, "Name": key}}
        )
        return "\n".join(b["Text"] for b in response["Blocks"] if b["BlockType"] == "LINE")

    def tag(self, key: str, kind: str) -> None:
        self.s3.put_object_tagging(Bucket=self.bucket, Key=key,
                                   Tagging={"TagSet": [{"Key": "kind", "Value": kind}]})


@durable_step
def classify(step_context, text: str) -> str:
    lowered = text.lower()
    for kind, words in KEYWORDS.items():
        if any(word in lowered for word in words):
            return kind
    return "other"


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    pipeline = OcrPipeline(BUCKET)
    keys = [pipeline.document_key(event["claim_id"], name) for name in event["documents"]]

    kinds = {}
    for position, key in enumerate(keys):
        text = context.step(lambda _, k=key: pipeline.extract(k), name=f"ocr-{position}")
        kinds[key] = context.step(classify(text), name=f"classify-{position}")
        context.step(lambda _, k=key: pipeline.tag(k, kinds[k]), name=f"tag-{position}")
    return {"claim_id": event["claim_id"], "kinds": kinds}
