"""Stage catalogue rows in memory, then write them to DynamoDB in one step.

MemoryTable has the same method names as a boto3 Table but only touches a dict.
"""

from __future__ import annotations

import os

import boto3
from durable_runtime import DurableContext, durable_execution

from common.cache import LruCache, MemoryTable

catalogue = boto3.resource("dynamodb").Table(os.environ.get("CATALOGUE_TABLE", "catalogue"))
price_cache = LruCache(capacity=512)


class RowMapper:
    def __init__(self, currency: str) -> None:
        self.currency = currency

    def to_row(self, product: dict) -> dict:
        return {"pk": f"SKU#{product['sku']}", "title": product["title"], "currency": self.currency}


def write_rows(rows: list[dict]) -> int:
    with catalogue.batch_writer() as batch:
        for row in rows:
            batch.put_item(Item=row)
    return len(rows)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    mapper = RowMapper(event.get("currency", "EUR"))
    staging = MemoryTable()
    for product in event["products"]:
        staging.put_item(Item=mapper.to_row(product))
        price_cache.put(product["sku"], product.get("price"))

    first = staging.get_item(Key={"pk": f"SKU#{event['products'][0]['sku']}"})
    rows = staging.rows()
    written = context.step(lambda _: write_rows(rows), name="write-catalogue")
    return {"written": written, "first": first.get("Item"), "cached": price_cache.get("probe", 0)}
