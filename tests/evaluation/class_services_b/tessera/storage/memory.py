"""Dictionary-backed stores with the same method names as the real ones."""
from __future__ import annotations

import copy


class InMemoryOrders:
    def __init__(self) -> None:
        self._rows: dict[str, dict] = {}

    def save(self, order: dict) -> str:
        self._rows[order["order_id"]] = copy.deepcopy(order)
        return order["order_id"]

    def put_item(self, Item: dict) -> None:  # noqa: N803 - mirrors the DynamoDB table API
        self._rows[Item["pk"]] = dict(Item)

    def get_item(self, Key: dict) -> dict:  # noqa: N803
        return {"Item": self._rows.get(Key["pk"])}

    def get(self, order_id: str) -> dict | None:
        return self._rows.get(order_id)

    def __len__(self) -> int:
        return len(self._rows)


class InMemoryCatalog:
    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[str, dict] = {}

    def upsert(self, sku: str, fields: dict) -> dict:
        merged = {**self._items.get(sku, {}), **fields, "sku": sku}
        self._items[sku] = merged
        return merged

    def post(self, listing: dict) -> None:
        self._items[listing["sku"]] = listing

    def snapshot(self) -> list[dict]:
        return [self._items[k] for k in sorted(self._items)]
