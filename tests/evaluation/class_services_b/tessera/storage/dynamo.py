"""DynamoDB-backed stores."""
from __future__ import annotations

from functools import cached_property

import boto3

HOLDS_TABLE = boto3.resource("dynamodb").Table("seat-holds")


class HoldTable:
    __slots__ = ()

    @staticmethod
    def key(seat_id: str) -> dict:
        return {"pk": f"SEAT#{seat_id}"}

    def put_hold(self, seat_id: str, holder: str, expires_epoch: int) -> None:
        HOLDS_TABLE.put_item(
            Item={**self.key(seat_id), "holder": holder, "expires": expires_epoch},
            ConditionExpression="attribute_not_exists(pk)",
        )

    def release(self, seat_id: str) -> None:
        HOLDS_TABLE.delete_item(Key=self.key(seat_id))


class BookingStore:
    def __init__(self, table_name: str) -> None:
        self.table_name = table_name

    @cached_property
    def table(self):
        return boto3.resource("dynamodb").Table(self.table_name)

    def key_for(self, booking_id: str) -> dict:
        return {"pk": f"BOOKING#{booking_id}", "sk": "META"}

    def save(self, booking: dict) -> None:
        self.table.put_item(Item={**self.key_for(booking["booking_id"]), **booking})
