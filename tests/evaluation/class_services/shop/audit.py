"""Local audit trail written to the Lambda's /tmp."""

from __future__ import annotations

import json
from pathlib import Path


class AuditLog:
    def __init__(self, path: str = "/tmp/audit.jsonl") -> None:
        self.path = Path(path)

    def record(self, event_type: str, payload: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"type": event_type, **payload}) + "\n")

    def snapshot(self, name: str, data: dict) -> Path:
        target = self.path.parent / f"{name}.json"
        target.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return target

    def clear(self) -> None:
        if self.path.exists():
            self.path.unlink()

    @staticmethod
    def redact(payload: dict, fields: tuple[str, ...] = ("email", "phone")) -> dict:
        return {k: ("***" if k in fields else v) for k, v in payload.items()}

    @staticmethod
    def describe(event_type: str, payload: dict) -> str:
        return f"{event_type}: " + ", ".join(f"{k}={v}" for k, v in sorted(payload.items()))
