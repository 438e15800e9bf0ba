"""Local audit files and report archives."""
from __future__ import annotations

import json
import shutil
import subprocess


class AuditTrail:
    def __init__(self, path: str) -> None:
        self.path = path

    def format(self, entry: dict) -> str:
        return json.dumps(entry, sort_keys=True)

    def record(self, entry: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(self.format(entry) + "\n")


class ArchiveBase:
    def __init__(self, root: str) -> None:
        self.root = root.rstrip("/")

    def destination(self, name: str) -> str:
        return f"{self.root}/{name}"

    def store(self, source: str, name: str) -> str:
        target = self.destination(name)
        shutil.copyfile(source, target)
        return target

    def compress(self, path: str) -> str:
        subprocess.run(["gzip", "-f", path], check=True)
        return path + ".gz"


class ReportArchive(ArchiveBase):
    def store(self, source: str, name: str) -> str:
        if not name.endswith(".csv"):
            name = name + ".csv"
        return super().store(source, name)
