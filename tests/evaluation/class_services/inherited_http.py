"""Sync a new customer to the CRM and the marketing platform."""

from __future__ import annotations

import os

import requests
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution


class ApiBase:
    base_url = ""

    def __init__(self, token: str) -> None:
        self.token = token

    def _send(self, method: str, path: str, body: dict | None = None) -> dict:
        resp = requests.request(
            method, f"{self.base_url}{path}", json=body,
            headers={"Authorization": f"Bearer {self.token}"}, timeout=8,
        )
        resp.raise_for_status()
        return resp.json() if resp.content else {}


class CrmClient(ApiBase):
    base_url = "https://crm.example.com/api"

    @staticmethod
    def contact_key(email: str) -> str:
        return email.strip().lower()

    def upsert_contact(self, email: str, fields: dict) -> dict:
        return self._send("PUT", f"/contacts/{self.contact_key(email)}", fields)


class MarketingClient(ApiBase):
    base_url = "https://marketing.example.com/v3"

    def subscribe(self, email: str, list_id: str) -> dict:
        return self._send("POST", f"/lists/{list_id}/members", {"email": email})


crm = CrmClient(os.environ.get("CRM_TOKEN", ""))
marketing = MarketingClient(os.environ.get("MARKETING_TOKEN", ""))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    email = CrmClient.contact_key(event["email"])
    contact = crm.upsert_contact(email, {"name": event["name"], "source": "signup"})  # error: DUR401

    context.wait(Duration.from_days(1), name="double-opt-in-grace")
    if event.get("marketing_opt_in"):
        context.step(lambda _: marketing.subscribe(email, "newsletter"), name="subscribe")
    return {"contact_id": contact.get("id"), "email": email}
