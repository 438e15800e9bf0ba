"""Common base for billing services."""

from __future__ import annotations

import logging


class BaseService:
    log = logging.getLogger("billing")

    def __init__(self, tenant: str) -> None:
        self.tenant = tenant

    def trace(self, message: str, **fields: object) -> None:
        self.log.info(message, extra={"tenant": self.tenant, **fields})

    def scoped(self, key: str) -> str:
        return f"{self.tenant}:{key}"
