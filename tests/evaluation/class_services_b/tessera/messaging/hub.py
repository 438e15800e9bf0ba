"""Fan-out of operational messages to the team's log channels."""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class NotificationHub:
    __slots__ = ("_channels",)

    def __init__(self, channels: tuple[str, ...] = ("ops", "finance")) -> None:
        self._channels = channels

    def render(self, template: str, **fields: object) -> str:
        return template.format(**fields)

    def broadcast(self, message: str) -> None:
        for channel in self._channels:
            logger.info("[%s] %s", channel, message)
