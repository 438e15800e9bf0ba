"""Retry decorator used by the HTTP clients."""

from __future__ import annotations

import functools
import time

import requests

RETRYABLE = (requests.ConnectionError, requests.Timeout)


def retrying(attempts: int = 3, base_delay: float = 0.5):
    """Retry a call on connection errors with exponential back-off."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return fn(*args, **kwargs)
                except RETRYABLE:
                    if attempt == attempts:
                        raise
                    time.sleep(base_delay * 2**attempt)
            raise RuntimeError("unreachable")

        return wrapper

    return decorate
