"""Inventory service backed by a low-level DynamoDB client."""

from __future__ import annotations

import boto3


class InventoryService:
    def __init__(self, table_name: str) -> None:
        self.table_name = table_name
        self.client = boto3.client("dynamodb")

    @staticmethod
    def reservation_key(order_id: str, sku: str) -> str:
        return f"RES#{order_id}#{sku}"

    def reserve(self, order_id: str, sku: str, quantity: int) -> None:
        self.client.put_item(
            TableName=self.table_name,
            Item={
                "pk": {"S": self.reservation_key(order_id, sku)},
                "sku": {"S": sku},
                "quantity": {"N": str(quantity)},
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    def release(self, order_id: str, sku: str) -> None:
        self.client.delete_item(
            TableName=self.table_name, Key={"pk": {"S": self.reservation_key(order_id, sku)}}
        )

    def available(self, sku: str) -> int:
        resp = self.client.get_item(TableName=self.table_name, Key={"pk": {"S": f"SKU#{sku}"}})
        return int(resp.get("Item", {}).get("available", {}).get("N", "0"))
