"""Domain events onto SQS."""
from __future__ import annotations

import json
from functools import cached_property

import boto3


class EventPublisher:
    def __init__(self, queue_url: str, source: str) -> None:
        self.queue_url = queue_url
        self.source = source

    @cached_property
    def sqs(self):
        return boto3.client("sqs")

    def envelope(self, event_type: str, detail: dict) -> dict:
        return {"source": self.source, "type": event_type, "detail": detail}

    def publish(self, event_type: str, detail: dict) -> str:
        body = json.dumps(self.envelope(event_type, detail), sort_keys=True)
        return self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=body)["MessageId"]
