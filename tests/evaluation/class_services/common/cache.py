"""Small in-process caches and buffers (no I/O)."""

from __future__ import annotations

from collections import OrderedDict


class MemoryTable:
    """Dict-backed stand-in with the DynamoDB Table call shape, used to batch rows."""

    def __init__(self) -> None:
        self._rows: dict[str, dict] = {}

    def put_item(self, Item: dict) -> None:
        self._rows[Item["pk"]] = dict(Item)

    def get_item(self, Key: dict) -> dict:
        row = self._rows.get(Key["pk"])
        return {"Item": row} if row is not None else {}

    def rows(self) -> list[dict]:
        return [self._rows[k] for k in sorted(self._rows)]


class LruCache:
    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._data: OrderedDict[str, object] = OrderedDict()

    def get(self, key: str, default: object = None) -> object:
        if key not in self._data:
            return default
        self._data.move_to_end(key)
        return self._data[key]

    def put(self, key: str, value: object) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.capacity:
            self._data.popitem(last=False)
