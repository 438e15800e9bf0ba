"""Export a customer's invoices to the data lake in one batch."""

from __future__ import annotations

import json
import os

import boto3
from durable_runtime import DurableContext, durable_execution

from shop.clock import IdFactory

s3 = boto3.client("s3")
BUCKET = os.environ.get("EXPORT_BUCKET", "invoice-exports")


class InvoiceExporter:
    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    def build_payload(self, invoices: list[dict]) -> bytes:
        return "\n".join(json.dumps(i, sort_keys=True) for i in invoices).encode()

    def upload(self, key: str, body: bytes) -> str:
        s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        return f"s3://{self.bucket}/{key}"


ids = IdFactory(prefix="batch-")
exporter = InvoiceExporter(BUCKET)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    payload = exporter.build_payload(event["invoices"])
    key = f"customers/{event['customer_id']}/invoices.jsonl"
    location = context.step(lambda _: exporter.upload(key, payload), name=f"export-{ids.new_id()}")  # error: DUR301, DUR103
    return {"location": location, "count": len(event["invoices"])}
