"""Typed, immutable runtime settings shared by every service."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Settings:
    api_base: str
    chat_webhook: str
    db_path: str
    smtp_host: str = "localhost"
    region: str = "eu-west-1"
    feature_flags: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            api_base=os.environ.get("TESSERA_API_BASE", "https://api.internal.example"),
            chat_webhook=os.environ.get("TESSERA_CHAT_WEBHOOK", "https://chat.example/hooks/ops"),
            db_path=os.environ.get("TESSERA_DB_PATH", "/tmp/tessera.db"),
            smtp_host=os.environ.get("TESSERA_SMTP_HOST", "localhost"),
            region=os.environ.get("AWS_REGION", "eu-west-1"),
            feature_flags=tuple(
                flag for flag in os.environ.get("TESSERA_FLAGS", "").split(",") if flag
            ),
        )

    def with_region(self, region: str) -> "Settings":
        return replace(self, region=region)

    def enabled(self, flag: str) -> bool:
        return flag in self.feature_flags
