"""Common base for billing services."""

from __future__ import annotations

import logging


class BaseService:
    """Tenant-scoped service with a shared billing logger.

    Subclasses call ``trace``/``warn`` for structured log lines.
    """

    log = logging.getLogger("billing")

    def __init__(self, tenant: str) -> None:
        self.tenant = tenant

    def trace(self, message: str, **fields: object) -> None:
        self.log.info(message, extra={"tenant": self.tenant, **fields})

    def scoped(self, key: str) -> str:
        return f"{self.tenant}:{key}"

    def warn(self, message: str, **fields: object) -> None:
        self.log.warning(message, extra={"tenant": self.tenant, **fields})

    @classmethod
    def for_tenant(cls, tenant: str) -> "BaseService":
        return cls(tenant)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(tenant={self.tenant!r})"
