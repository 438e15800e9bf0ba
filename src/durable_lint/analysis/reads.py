"""What one file's analysis depended on besides its own text.

A handler's findings also depend on the project modules its replayed code reached and on the
file-system lookups that decided which modules those were (a new `orders/ids.py` can change
what `from orders.ids import new_id` means). The result cache stores this record with each
file's findings and reuses them only while every part of it still holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def digest(data: bytes) -> str:
    """The content key of a file's bytes."""
    import hashlib  # loaded by runs that keep a cache only: it costs a tenth of start-up

    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Reads:
    # project module path -> digest of its bytes, or None when it could not be read
    modules: dict[str, str | None] = field(default_factory=dict)
    # path -> whether os.path.isfile was true (module candidates, package __init__ files)
    files: dict[str, bool] = field(default_factory=dict)
    # path -> whether os.path.exists was true (project root markers)
    paths: dict[str, bool] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.modules or self.files or self.paths)

    def update(self, other: Reads) -> None:
        self.modules.update(other.modules)
        self.files.update(other.files)
        self.paths.update(other.paths)

    def as_json(self) -> dict[str, dict[str, object]]:
        return {"modules": self.modules, "files": self.files, "paths": self.paths}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, object]]) -> Reads:
        """The record `as_json` wrote; a malformed one raises ValueError, TypeError or KeyError."""
        modules = data["modules"]
        files = data["files"]
        paths = data["paths"]
        if not all(isinstance(v, str) or v is None for v in modules.values()):
            raise ValueError("module digests must be strings or null")
        if not all(isinstance(v, bool) for v in (*files.values(), *paths.values())):
            raise ValueError("lookups must be true or false")
        return cls(dict(modules), dict(files), dict(paths))  # type: ignore[arg-type]
