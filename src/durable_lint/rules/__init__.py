"""The rule catalogue: one module per code, registered here in code order."""

from __future__ import annotations

from durable_lint.rules import (
    dur101_clock_outside_step,
    dur102_random_outside_step,
    dur103_uuid_outside_step,
    dur104_host_state_outside_step,
    dur201_step_mutates_outer_state,
    dur202_step_mutates_argument,
    dur203_late_bound_loop_variable,
    dur301_nondeterministic_operation_name,
    dur302_dynamic_operation_name,
    dur401_remote_call_outside_step,
    dur402_local_side_effect_outside_step,
    dur404_print_outside_step,
    dur501_durable_op_inside_step,
    dur502_blocking_sleep,
    dur503_unmanaged_concurrency,
    dur504_suspension_swallowed,
    dur505_callback_without_timeout,
    dur506_parent_context_in_child,
    dur507_durable_step_call_shape,
    dur508_async_durable_code,
)
from durable_lint.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = tuple(
    module.RULE
    for module in (
        dur101_clock_outside_step,
        dur102_random_outside_step,
        dur103_uuid_outside_step,
        dur104_host_state_outside_step,
        dur201_step_mutates_outer_state,
        dur202_step_mutates_argument,
        dur203_late_bound_loop_variable,
        dur301_nondeterministic_operation_name,
        dur302_dynamic_operation_name,
        dur401_remote_call_outside_step,
        dur402_local_side_effect_outside_step,
        dur404_print_outside_step,
        dur501_durable_op_inside_step,
        dur502_blocking_sleep,
        dur503_unmanaged_concurrency,
        dur504_suspension_swallowed,
        dur505_callback_without_timeout,
        dur506_parent_context_in_child,
        dur507_durable_step_call_shape,
        dur508_async_durable_code,
    )
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
