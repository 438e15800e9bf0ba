"""Reading operation payloads as AWS's example tests do."""

from __future__ import annotations

import json
from typing import Any

from aws_durable_execution_sdk_python.serdes import ExtendedTypeSerDes


def deserialize_operation_payload(payload: str | None, serdes: Any = None) -> Any:
    """Decode an operation payload (a step, context or callback result) as the SDK wrote it.

    Payloads are strings: the SDK's extended-type envelope for dicts and other rich values,
    plain JSON for primitives. Falls back to plain JSON for payloads the serdes rejects.
    """
    if not payload:
        return None
    if serdes is None:
        serdes = ExtendedTypeSerDes()
    try:
        return serdes.deserialize(payload)
    except Exception:
        return json.loads(payload)
