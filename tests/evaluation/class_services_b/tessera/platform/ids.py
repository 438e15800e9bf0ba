"""Identifier helpers: random ids and name-based (stable) ids."""
from __future__ import annotations

import uuid

TESSERA_NS = uuid.UUID("6f1c2a3e-8b8d-4c1e-9f65-2d0f3b7a9c11")


class IdFactory:
    __slots__ = ()

    @classmethod
    def new(cls, prefix: str) -> str:
        """A fresh random id: different on every call."""
        return f"{prefix}_{uuid.uuid4().hex[:20]}"

    @staticmethod
    def stable(prefix: str, *parts: str) -> str:
        """The same id for the same parts, forever."""
        return f"{prefix}_{uuid.uuid5(TESSERA_NS, '/'.join(parts)).hex[:20]}"
