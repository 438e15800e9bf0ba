"""JSON-over-HTTP transport used by every outbound integration."""
from __future__ import annotations

import logging

import requests

logger = logging.getLogger(__name__)


class HttpTransport:
    def __init__(self, base_url: str, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def send(self, path: str, payload: dict) -> dict:
        response = requests.post(self.url(path), json=payload, timeout=self.timeout)
        response.raise_for_status()
        return response.json()

    def fetch(self, path: str, **params: str) -> dict:
        response = requests.get(self.url(path), params=params, timeout=self.timeout)
        response.raise_for_status()
        return response.json()


class TracedTransport(HttpTransport):
    """Transport that logs every outbound request before sending it."""

    def send(self, path: str, payload: dict) -> dict:
        logger.info("POST %s keys=%s", path, sorted(payload))
        return super().send(path, payload)
