"""Restock alert: checks availability and publishes Powertools metrics."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration
from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from shop.notify import Notifier
from stock.inventory import InventoryService

metrics = Metrics(namespace="Inventory", service="restock")
inventory = InventoryService(os.environ.get("INVENTORY_TABLE", "inventory"))
buyers = Notifier(os.environ.get("BUYERS_TOPIC", "arn:aws:sns:eu-west-1:1:buyers"))

REORDER_LEVEL = 25


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    sku = event["sku"]
    available = inventory.available(sku)  # error: DUR401
    metrics.add_metric(name="RestockChecks", unit=MetricUnit.Count, value=1)  # uncertain: DUR401, DUR404

    if available < REORDER_LEVEL:
        message = Notifier.render("SKU {sku} is down to {n} units", sku=sku, n=str(available))
        context.step(lambda _: buyers.publish("restock needed", message), name="alert-buyers")
        context.wait(Duration.from_days(1), name="supplier-lead-time")

    metrics.flush_metrics()  # uncertain: DUR401, DUR404
    return {"sku": sku, "available": available}
