"""Generate a statement and upload it; the client is only built outside steps."""

from __future__ import annotations

import csv
import io
import os

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution

BUCKET = os.environ.get("STATEMENTS_BUCKET", "statements")


class StatementStorage:
    def __init__(self, bucket: str, region: str = "eu-west-1") -> None:
        self.bucket = bucket
        self.region = region

    def client(self):
        return boto3.client("s3", region_name=self.region)

    def key(self, account_id: str, period: str) -> str:
        return f"statements/{account_id}/{period}.csv"


class StatementWriter:
    COLUMNS = ("date", "description", "amount_cents")

    def render(self, rows: list[dict]) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=self.COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row[c] for c in self.COLUMNS})
        return buf.getvalue()


storage = StatementStorage(BUCKET)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    s3 = storage.client()
    key = storage.key(event["account_id"], event["period"])
    body = StatementWriter().render(event["transactions"])

    context.step(
        lambda _: s3.put_object(Bucket=BUCKET, Key=key, Body=body.encode()),
        name="upload-statement",
    )
    return {"key": key, "bytes": len(body)}
