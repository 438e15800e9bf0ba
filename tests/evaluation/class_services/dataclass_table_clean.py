"""Customer profile sync, with DynamoDB calls in steps."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


@dataclass
class ProfileStore:
    table: Any
    tenant: str = "eu"
    redact: tuple[str, ...] = field(default=("ssn", "dob"))

    def key(self, customer_id: str) -> dict:
        return {"pk": f"{self.tenant}#PROFILE#{customer_id}"}

    def sanitise(self, profile: dict) -> dict:
        return {k: v for k, v in profile.items() if k not in self.redact}

    def upsert(self, profile: dict) -> None:
        self.table.put_item(Item={**self.key(profile["id"]), **self.sanitise(profile)})


store = ProfileStore(table=boto3.resource("dynamodb").Table(os.environ.get("PROFILES", "profiles")))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    profile = store.sanitise(event["profile"])
    key = store.key(profile["id"])

    context.step(lambda _: store.upsert(profile), name="upsert-profile")
    context.wait(Duration.from_minutes(5), name="debounce")
    context.logger.info("profile synced", extra={"pk": key["pk"]})
    return {"pk": key["pk"], "fields": sorted(profile)}
