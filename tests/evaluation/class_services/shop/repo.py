"""DynamoDB persistence for orders."""

from __future__ import annotations

import os

import boto3

from .models import Order

_ORDERS_TABLE = boto3.resource("dynamodb").Table(os.environ.get("ORDERS_TABLE", "orders"))


class OrderRepository:
    table = _ORDERS_TABLE

    @classmethod
    def create(cls) -> "OrderRepository":
        return cls()

    @staticmethod
    def key_for(order_id: str) -> dict:
        return {"pk": f"ORDER#{order_id}", "sk": "META"}

    def save(self, order: Order) -> None:
        self.table.put_item(Item=order.to_item())

    def get(self, order_id: str) -> dict | None:
        resp = self.table.get_item(Key=self.key_for(order_id))
        return resp.get("Item")

    def mark_status(self, order_id: str, status: str) -> None:
        self.table.update_item(
            Key=self.key_for(order_id),
            UpdateExpression="SET #s = :s",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": status},
        )


def make_repo() -> OrderRepository:
    return OrderRepository()
