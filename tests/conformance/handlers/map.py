"""Handlers for the map suite (9-x), written from each requirement's description."""

from __future__ import annotations

from durable_runtime import CompletionConfig, DurableContext, Duration, MapConfig
from durable_runtime.concurrency.models import BatchResult
from durable_runtime.serdes import SerDes

SEQUENTIAL = MapConfig(max_concurrency=1)
LARGE_RESULT_CHARS = 70 * 1024

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


def sequential(completion: CompletionConfig) -> MapConfig:
    return MapConfig(max_concurrency=1, completion_config=completion)


def same_item(context: DurableContext, item, index, items):
    """Returns the item itself, with no operation inside."""
    return item


def item_or_failure(context: DurableContext, item, index, items):
    """Returns the item, except that an item "fail" raises."""
    if item == "fail":
        raise RuntimeError(f"item {index} failed")
    return item


def uppercase(context: DurableContext, item, index, items):
    return item.upper()


def double(context: DurableContext, item, index, items):
    return item * 2


def add_index(context: DurableContext, item, index, items):
    return item + index


def times_ten(context: DurableContext, item, index, items):
    return item * 10


def greet_in_step(context: DurableContext, item, index, items):
    return context.step(lambda _: f"Hello, {item}!")


def greet_each(event, context: DurableContext):
    """9-1: each item runs one step returning a greeting; the results in item order."""
    return context.map(event, greet_in_step, name="map", config=SEQUENTIAL).get_results()


def without_name(event, context: DurableContext):
    """9-2: map called with items and function only, no name; each item is doubled."""
    return context.map(event, double, config=SEQUENTIAL).get_results()


def item_plus_index(event, context: DurableContext):
    """9-3: the map function adds each item's index to the item."""
    return context.map(event, add_index, name="indexed", config=SEQUENTIAL).get_results()


def no_items(event, context: DurableContext):
    """9-4: an empty items list completes at once with no results."""
    return context.map(event, same_item, name="empty").get_results()


def fail_fast(event, context: DurableContext):
    """9-5: tolerated-failure-count=0 stops after item 1 fails; item 2 never starts."""
    config = sequential(CompletionConfig(tolerated_failure_count=0))
    result = context.map(["ok", "fail", "ok"], item_or_failure, name="failfast", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


def rethrow_item_failure(event, context: DurableContext):
    """9-6: fail-fast stops after item 0 fails; rethrowing it fails the execution."""
    config = sequential(CompletionConfig(tolerated_failure_count=0))
    result = context.map(["fail", "ok"], item_or_failure, name="throwing", config=config)
    result.throw_if_error()
    return result.get_results()


def min_successful_reached(event, context: DurableContext):
    """9-7: min-successful=2 completes after two items; the other two never start."""
    config = sequential(CompletionConfig(min_successful=2))
    items = ["i0", "i1", "i2", "i3"]
    result = context.map(items, same_item, name="min-successful", config=config)
    return project(result, "completionReason", "successCount", "totalCount")


def failure_within_tolerance(event, context: DurableContext):
    """9-8: one failure tolerated: every item runs, and the status is FAILED."""
    config = sequential(CompletionConfig(tolerated_failure_count=1))
    result = context.map(["ok", "fail", "ok"], item_or_failure, name="tolerated", config=config)
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


def failure_count_exceeded(event, context: DurableContext):
    """9-9: a second failure exceeds tolerated-failure-count=1; item 2 never starts."""
    config = sequential(CompletionConfig(tolerated_failure_count=1))
    items = ["fail", "fail", "ok"]
    result = context.map(items, item_or_failure, name="tolerated-exceeded", config=config)
    return project(result, "completionReason", "successCount", "failureCount", "totalCount")


def failure_percentage_exceeded(event, context: DurableContext):
    """9-10: 2 failures of 4 items exceed 25%; items 2 and 3 never start."""
    config = sequential(CompletionConfig(tolerated_failure_percentage=25))
    items = ["fail", "fail", "ok", "ok"]
    result = context.map(items, item_or_failure, name="tolerated-pct", config=config)
    return project(result, "completionReason", "successCount", "failureCount", "totalCount")


def concurrent_items(event, context: DurableContext):
    """9-11: up to two items at once; the results still come in item order."""
    config = MapConfig(max_concurrency=2)
    return context.map(
        ["r0", "r1", "r2"], same_item, name="concurrent", config=config
    ).get_results()


def item_in_step(context: DurableContext, item, index, items):
    return context.step(lambda _: item)


def flat_nesting(event, context: DurableContext):
    """9-12: FLAT nesting: no iteration contexts, each step sits under the map itself."""
    from durable_runtime.config import NestingType

    config = MapConfig(max_concurrency=1, nesting_type=NestingType.FLAT)
    return context.map(["fa", "fb"], item_in_step, name="flat", config=config).get_results()


def named_iterations(event, context: DurableContext):
    """9-13: an item namer names the iterations "item-1" and "item-2"."""
    config = MapConfig(max_concurrency=1, item_namer=lambda item, index: f"item-{item}")
    return context.map(event, times_ten, name="named-items", config=config).get_results()


class PrefixSerDes(SerDes):
    """Stores a string as "wrapped:<string>" and reads it back without the prefix."""

    def serialize(self, value, serdes_context=None) -> str:
        return f"wrapped:{value}"

    def deserialize(self, data: str, serdes_context=None):
        return data.removeprefix("wrapped:")


def custom_item_serdes(event, context: DurableContext):
    """9-14: each iteration result goes through a prefixing per-item serdes."""
    config = MapConfig(max_concurrency=1, item_serdes=PrefixSerDes())
    return context.map(["x", "y"], uppercase, name="serdes", config=config).get_results()


def step_after_wait_in_second(context: DurableContext, item, index, items):
    """Item 1 first waits a second; every item then runs a step returning the item."""
    if index == 1:
        context.wait(Duration.from_seconds(1))
    return context.step(lambda _: item)


def iteration_suspends_on_wait(event, context: DurableContext):
    """9-15: iteration 1 waits a second; on replay iteration 0 is not run again."""
    items = ["r0", "r1"]
    result = context.map(items, step_after_wait_in_second, name="suspend", config=SEQUENTIAL)
    return result.get_results()


def large_string(context: DurableContext, item, index, items):
    """Returns a string of about 70KB."""
    return item * LARGE_RESULT_CHARS


def large_map_result(event, context: DurableContext):
    """9-16: four ~70KB results together exceed the checkpoint limit; still succeeds."""
    result = context.map(["a", "b", "c", "d"], large_string, name="large", config=SEQUENTIAL)
    return project(result, "successCount", "totalCount")


def wait_after_map(event, context: DurableContext):
    """9-17: a wait after a successful map; on replay the map is not run again."""
    result = context.map(["a", "b"], uppercase, name="then-wait", config=SEQUENTIAL)
    context.wait(Duration.from_seconds(1))
    return result.get_results()


def wait_after_map_with_failure(event, context: DurableContext):
    """9-18: a wait after a map with one tolerated failure, which is not rethrown."""
    config = sequential(CompletionConfig(tolerated_failure_count=1))
    result = context.map(["ok", "fail"], item_or_failure, name="fail-then-wait", config=config)
    context.wait(Duration.from_seconds(1))
    return project(
        result, "completionReason", "status", "successCount", "failureCount", "totalCount"
    )


class JoinedResultsSerDes(SerDes):
    """Stores a successful map result as "OPSERDE:" and its comma-joined results."""

    def serialize(self, value, serdes_context=None) -> str:
        return "OPSERDE:" + ",".join(value.get_results())

    def deserialize(self, data: str, serdes_context=None):
        results = data.removeprefix("OPSERDE:").split(",")
        items = [
            {"index": index, "status": "SUCCEEDED", "result": result, "error": None}
            for index, result in enumerate(results)
        ]
        return BatchResult.from_dict({"all": items, "completionReason": "ALL_COMPLETED"})


def custom_result_serdes(event, context: DurableContext):
    """9-19: the whole map result goes through an operation-level serdes."""
    config = MapConfig(max_concurrency=1, serdes=JoinedResultsSerDes())
    return context.map(["x", "y"], uppercase, name="op-serde", config=config).get_results()


def custom_result_serdes_replayed(event, context: DurableContext):
    """9-20: as 9-19, then a wait: on replay the map result is read back through the serdes."""
    config = MapConfig(max_concurrency=1, serdes=JoinedResultsSerDes())
    result = context.map(["x", "y"], uppercase, name="op-serde-replay", config=config)
    context.wait(Duration.from_seconds(1))
    return result.get_results()


HANDLERS = {
    "9-1": greet_each,
    "9-2": without_name,
    "9-3": item_plus_index,
    "9-4": no_items,
    "9-5": fail_fast,
    "9-6": rethrow_item_failure,
    "9-7": min_successful_reached,
    "9-8": failure_within_tolerance,
    "9-9": failure_count_exceeded,
    "9-10": failure_percentage_exceeded,
    "9-11": concurrent_items,
    "9-12": flat_nesting,
    "9-13": named_iterations,
    "9-14": custom_item_serdes,
    "9-15": iteration_suspends_on_wait,
    "9-16": large_map_result,
    "9-17": wait_after_map,
    "9-18": wait_after_map_with_failure,
    "9-19": custom_result_serdes,
    "9-20": custom_result_serdes_replayed,
}
