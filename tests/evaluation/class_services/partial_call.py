"""Emit order lifecycle events to the partner webhook."""

from __future__ import annotations

import functools
import os

import requests
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

WEBHOOK_URL = os.environ.get("PARTNER_WEBHOOK", "https://partner.example.com/hooks/orders")


class WebhookClient:
    def __init__(self, url: str, secret: str) -> None:
        self.url = url
        self.secret = secret

    def post_event(self, event_type: str, payload: dict) -> int:
        resp = requests.post(
            self.url, json={"type": event_type, "data": payload},
            headers={"X-Signature": self.secret}, timeout=5,
        )
        return resp.status_code

    def envelope(self, event_type: str, payload: dict) -> dict:
        return {"type": event_type, "data": payload}


webhooks = WebhookClient(WEBHOOK_URL, os.environ.get("WEBHOOK_SECRET", ""))


def deliver(event_type: str, payload: dict, _step_context) -> int:
    return webhooks.post_event(event_type, payload)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    payload = {"order_id": event["order_id"], "total": event["total"]}
    preview = webhooks.envelope("order.created", payload)

    context.step(functools.partial(deliver, "order.created", payload), name="notify-created")
    context.wait(Duration.from_hours(2), name="cooling-off")

    notify_confirmed = functools.partial(webhooks.post_event, "order.confirmed")
    status = notify_confirmed(payload)  # error: DUR401
    return {"preview": preview, "status": status}
