"""Handlers for the parallel suite (8-x), written from each requirement's description."""

from __future__ import annotations

import json

from durable_runtime import (
    CompletionConfig,
    DurableContext,
    Duration,
    ParallelBranch,
    ParallelConfig,
)
from durable_runtime.serdes import SerDes

SEQUENTIAL = ParallelConfig(max_concurrency=1)

_FIELDS = {
    "completionReason": lambda result: result.completion_reason.value,
    "status": lambda result: result.status.value,
    "successCount": lambda result: result.success_count,
    "failureCount": lambda result: result.failure_count,
    "totalCount": lambda result: result.total_count,
}


def project(result, *fields: str) -> dict:
    """The named fields of a batch result, as the requirements spell them."""
    return {field: _FIELDS[field](result) for field in fields}


def sequential(completion: CompletionConfig) -> ParallelConfig:
    return ParallelConfig(max_concurrency=1, completion_config=completion)


def returns(value):
    """A branch that returns `value` directly, with no operation inside."""
    return lambda branch_context: value


def step_returning(value):
    """A branch that runs one step returning `value`."""
    return lambda branch_context: branch_context.step(lambda _: value)


def fails(branch_context: DurableContext):
    raise RuntimeError("branch failed")


def two_step_branches(event, context: DurableContext):
    """8-1: two branches of one step each, run one at a time; the results in order."""
    branches = [step_returning("task-1"), step_returning("task-2")]
    return context.parallel(branches, name="parallel", config=SEQUENTIAL).get_results()


def without_name(event, context: DurableContext):
    """8-2: parallel called with branches only, no name."""
    branches = [returns("alpha"), returns("beta")]
    return context.parallel(branches, config=SEQUENTIAL).get_results()


def named_branches(event, context: DurableContext):
    """8-3: branches given as named-branch objects "first" and "second"."""
    branches = [
        ParallelBranch(func=returns("one"), name="first"),
        ParallelBranch(func=returns("two"), name="second"),
    ]
    return context.parallel(branches, name="named", config=SEQUENTIAL).get_results()


def mixed_result_types(event, context: DurableContext):
    """8-4: branches return a string, a number and an object, each keeping its type."""
    branches = [returns("hello"), returns(42), returns({"k": "v"})]
    return context.parallel(branches, name="hetero", config=SEQUENTIAL).get_results()


def no_branches(event, context: DurableContext):
    """8-5: an empty branches list completes at once with no results."""
    return context.parallel([], name="empty").get_results()


def fail_fast(event, context: DurableContext):
    """8-6: tolerated-failure-count=0 stops after branch 1 fails; branch 2 never starts."""
    branches = [returns("ok"), fails, returns("never")]
    config = sequential(CompletionConfig(tolerated_failure_count=0))
    result = context.parallel(branches, name="failfast", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


def rethrow_branch_failure(event, context: DurableContext):
    """8-7: fail-fast stops after branch 0 fails; rethrowing it fails the execution."""
    branches = [fails, returns("never")]
    config = sequential(CompletionConfig(tolerated_failure_count=0))
    result = context.parallel(branches, name="throwing", config=config)
    result.throw_if_error()
    return result.get_results()


def min_successful_reached(event, context: DurableContext):
    """8-8: min-successful=2 completes after two branches; the other two never start."""
    branches = [returns("b0"), returns("b1"), returns("b2"), returns("b3")]
    config = sequential(CompletionConfig(min_successful=2))
    result = context.parallel(branches, name="min-successful", config=config)
    return project(result, "completionReason", "successCount", "totalCount")


def failure_within_tolerance(event, context: DurableContext):
    """8-9: one failure tolerated: every branch runs, and the status is FAILED."""
    branches = [returns("b0"), fails, returns("b2")]
    config = sequential(CompletionConfig(tolerated_failure_count=1))
    result = context.parallel(branches, name="tolerated", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


def failure_count_exceeded(event, context: DurableContext):
    """8-10: a second failure exceeds tolerated-failure-count=1; branch 2 never starts."""
    branches = [fails, fails, returns("never")]
    config = sequential(CompletionConfig(tolerated_failure_count=1))
    result = context.parallel(branches, name="tolerated-exceeded", config=config)
    return project(result, "completionReason", "successCount", "failureCount", "totalCount")


def concurrent_branches(event, context: DurableContext):
    """8-11: up to two branches at once; the results still come in branch order."""
    branches = [returns("r0"), returns("r1"), returns("r2")]
    config = ParallelConfig(max_concurrency=2)
    return context.parallel(branches, name="concurrent", config=config).get_results()


def flat_nesting(event, context: DurableContext):
    """8-12: FLAT nesting: no branch contexts, each step sits under the parallel itself."""
    from durable_runtime.config import NestingType

    branches = [step_returning("fa"), step_returning("fb")]
    config = ParallelConfig(max_concurrency=1, nesting_type=NestingType.FLAT)
    return context.parallel(branches, name="flat", config=config).get_results()


def failure_percentage_exceeded(event, context: DurableContext):
    """8-13: 2 failures of 4 branches exceed 25%; branches 2 and 3 never start."""
    branches = [fails, fails, returns("b2"), returns("b3")]
    config = sequential(CompletionConfig(tolerated_failure_percentage=25))
    result = context.parallel(branches, name="tolerated-pct", config=config)
    return project(result, "completionReason", "successCount", "failureCount", "totalCount")


def wait_then_return_b1(branch_context: DurableContext):
    branch_context.wait(Duration.from_seconds(2))
    return "b1"


def branch_suspends_on_wait(event, context: DurableContext):
    """8-14: branch 1 waits 2 seconds; on replay branch 0 is not run again."""
    branches = [step_returning("b0"), wait_then_return_b1]
    return context.parallel(branches, name="replay", config=SEQUENTIAL).get_results()


class WrappingSerDes(SerDes):
    """Stores a value as {"wrapped": value} and reads it back unwrapped."""

    def serialize(self, value, serdes_context=None) -> str:
        return json.dumps({"wrapped": value})

    def deserialize(self, data: str, serdes_context=None):
        return json.loads(data)["wrapped"]


def custom_branch_serdes(event, context: DurableContext):
    """8-15: each branch result goes through a wrapping per-branch serdes."""
    branches = [returns("x"), returns("y")]
    config = ParallelConfig(max_concurrency=1, item_serdes=WrappingSerDes())
    return context.parallel(branches, name="serde", config=config).get_results()


def every_branch_fails(event, context: DurableContext):
    """8-16: all three branches fail within tolerated-failure-count=3."""
    config = sequential(CompletionConfig(tolerated_failure_count=3))
    result = context.parallel([fails, fails, fails], name="all-fail", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


def min_successful_not_reached(event, context: DurableContext):
    """8-17: min-successful=3 is never reached, so every branch runs."""
    branches = [returns("b0"), fails, returns("b2")]
    config = sequential(CompletionConfig(min_successful=3))
    result = context.parallel(branches, name="min-not-reached", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


def tolerance_exceeded_before_min_successful(event, context: DurableContext):
    """8-18: min-successful=3 with tolerated-failure-count=1: two failures stop it first."""
    branches = [fails, fails, returns("b2"), returns("b3")]
    config = sequential(CompletionConfig(min_successful=3, tolerated_failure_count=1))
    result = context.parallel(branches, name="combined", config=config)
    return project(result, "completionReason", "successCount", "failureCount", "totalCount")


def zero_max_concurrency(event, context: DurableContext):
    """8-19: max-concurrency 0 is rejected before any branch runs."""
    branches = [returns("b0"), returns("b1")]
    config = ParallelConfig(max_concurrency=0)
    return context.parallel(branches, name="bad-concurrency", config=config).get_results()


def batch_result_accessors(event, context: DurableContext):
    """8-20: the projection comes from has_failure, succeeded(), failed() and get_errors()."""
    branches = [returns("b0"), fails, returns("b2")]
    config = sequential(CompletionConfig(tolerated_failure_count=1))
    result = context.parallel(branches, name="accessors", config=config)
    return {
        "hasFailure": result.has_failure,
        "successCount": len(result.succeeded()),
        "failureCount": len(result.failed()),
        "errorCount": len(result.get_errors()),
    }


def inner_parallel(branch_context: DurableContext):
    branches = [step_returning("i1"), step_returning("i2")]
    return branch_context.parallel(branches, name="inner", config=SEQUENTIAL).get_results()


def nested_parallel(event, context: DurableContext):
    """8-21: the outer parallel's one branch runs an inner parallel of two steps."""
    return context.parallel([inner_parallel], name="outer", config=SEQUENTIAL).get_results()


def failure_percentage_at_boundary(event, context: DurableContext):
    """8-22: 1 failure of 4 is exactly 25%, which does not exceed 25%: all branches run."""
    branches = [fails, returns("b1"), returns("b2"), returns("b3")]
    config = sequential(CompletionConfig(tolerated_failure_percentage=25))
    result = context.parallel(branches, name="pct-boundary", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


HANDLERS = {
    "8-1": two_step_branches,
    "8-2": without_name,
    "8-3": named_branches,
    "8-4": mixed_result_types,
    "8-5": no_branches,
    "8-6": fail_fast,
    "8-7": rethrow_branch_failure,
    "8-8": min_successful_reached,
    "8-9": failure_within_tolerance,
    "8-10": failure_count_exceeded,
    "8-11": concurrent_branches,
    "8-12": flat_nesting,
    "8-13": failure_percentage_exceeded,
    "8-14": branch_suspends_on_wait,
    "8-15": custom_branch_serdes,
    "8-16": every_branch_fails,
    "8-17": min_successful_not_reached,
    "8-18": tolerance_exceeded_before_min_successful,
    "8-19": zero_max_concurrency,
    "8-20": batch_result_accessors,
    "8-21": nested_parallel,
    "8-22": failure_percentage_at_boundary,
}
