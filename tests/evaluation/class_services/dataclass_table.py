"""Customer profile sync from the CRM webhook."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import boto3
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution


@dataclass
class CustomerStore:
    table: Any
    tenant: str = "eu"

    def key(self, customer_id: str) -> dict:
        return {"pk": f"{self.tenant}#CUSTOMER#{customer_id}"}

    def upsert(self, customer: dict) -> None:
        self.table.put_item(Item={**self.key(customer["id"]), **customer})

    def find(self, customer_id: str) -> dict | None:
        return self.table.get_item(Key=self.key(customer_id)).get("Item")


store = CustomerStore(table=boto3.resource("dynamodb").Table(os.environ.get("CUSTOMERS", "customers")))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    customer = {"id": event["customer_id"], "email": event["email"], "segment": event.get("segment")}
    key = store.key(customer["id"])

    previous = store.find(customer["id"])  # error: DUR401
    store.upsert(customer)  # error: DUR401

    context.wait(Duration.from_minutes(5), name="debounce")
    context.logger.info("customer synced", extra={"pk": key["pk"], "new": previous is None})
    return {"pk": key["pk"]}
