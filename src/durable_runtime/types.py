"""The small context objects user functions receive, with the AWS SDK's names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class OperationContext:
    """What a step, submitter or check function gets: a logger (replay-aware) and its id."""

    logger: Any
    operation_id: str = ""
    attempt: int = 1


class StepContext(OperationContext):
    pass


class WaitForCallbackContext(OperationContext):
    pass


class WaitForConditionCheckContext(OperationContext):
    pass
