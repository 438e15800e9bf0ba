"""The compatibility catalogue (DUR6xx): changes between two revisions of a handler that break
executions suspended on the old one. `durable-lint compat` reports them; one module per code."""

from __future__ import annotations

from durable_lint.rules.base import Rule
from durable_lint.rules.compat.dur601_operation_inserted import RULE as OPERATION_INSERTED
from durable_lint.rules.compat.dur602_operation_removed import RULE as OPERATION_REMOVED
from durable_lint.rules.compat.dur603_operation_renamed import RULE as OPERATION_RENAMED
from durable_lint.rules.compat.dur604_operation_kind_changed import RULE as KIND_CHANGED
from durable_lint.rules.compat.dur605_operations_reordered import RULE as OPERATIONS_REORDERED
from durable_lint.rules.compat.dur606_control_flow_changed import RULE as CONTROL_FLOW_CHANGED

COMPAT_RULES: tuple[Rule, ...] = (
    OPERATION_INSERTED,
    OPERATION_REMOVED,
    OPERATION_RENAMED,
    KIND_CHANGED,
    OPERATIONS_REORDERED,
    CONTROL_FLOW_CHANGED,
)
