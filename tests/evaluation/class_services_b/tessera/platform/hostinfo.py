"""Information about the sandbox the code happens to run in."""
from __future__ import annotations

import os


class WorkerTag:
    __slots__ = ()

    @staticmethod
    def current() -> str:
        return f"worker-{os.getpid()}"

    @staticmethod
    def normalise(tag: str) -> str:
        return tag.strip().lower().replace(" ", "-")
