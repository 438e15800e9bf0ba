"""Comparing a handler's plan in two revisions: the changes that an execution suspended on the
old code would not survive when it resumes on the new one.

An execution can be suspended at any operation: at a wait or callback by design, at a step
while it waits to retry or when its invocation was cut short. On resume the new code replays
against the old checkpoints, position by position within each context. So a change breaks
in-flight executions when the old code has an operation at or after it (where an execution
may be suspended) and the new code has one at or after it too (which replay then meets in
the wrong place). Appending at the end of a context, or cutting its end, is compatible; so is
any change inside a context that has completed before the suspension, since a completed
child context, map or parallel returns its checkpointed result without running again.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from durable_lint.compat.plan import Block, Control, HandlerPlan, Item, Operation, Span, operations
from durable_lint.rules.compat import (
    CONTROL_FLOW_CHANGED,
    KIND_CHANGED,
    OPERATION_INSERTED,
    OPERATION_REMOVED,
    OPERATION_RENAMED,
    OPERATIONS_REORDERED,
)


@dataclass(frozen=True)
class Change:
    """A breaking change, located in the new code."""

    code: str
    span: Span
    what: str  # fills the rule's message


def compare(old: HandlerPlan, new: HandlerPlan) -> list[Change]:
    """Every breaking change between two plans of one handler, in the new code's order."""
    changes = _blocks(old.block, new.block, None, None)
    return sorted(changes, key=lambda change: (change.span.line, change.span.column, change.code))


def _first(items: Block | list[Item]) -> Operation | None:
    return next(operations(tuple(items)), None)


def _blocks(
    old: Block, new: Block, old_after: Operation | None, new_after: Operation | None
) -> list[Change]:
    """Changes between two blocks of one context; `*_after` is the first operation the code
    runs once the block is done (None: the context ends)."""
    old_keys, new_keys = [item.key for item in old], [item.key for item in new]
    if old_keys != new_keys and Counter(old_keys) == Counter(new_keys):
        return _reordered(old, new, old_after, new_after)
    groups = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False).get_opcodes()
    removed = {key for tag, i1, i2, _, _ in groups if tag != "equal" for key in old_keys[i1:i2]}
    added = {key for tag, _, _, j1, j2 in groups if tag != "equal" for key in new_keys[j1:j2]}
    moved = removed & added
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in groups:
        old_next = _first(old[i1:]) or old_after
        new_next = _first(new[j1:]) or new_after
        if tag == "equal":
            for offset in range(i2 - i1):
                i, j = i1 + offset, j1 + offset
                changes += _same(
                    old[i],
                    new[j],
                    _first(old[i + 1 :]) or old_after,
                    _first(new[j + 1 :]) or new_after,
                )
            continue
        if old_next is None or new_next is None:
            continue  # only added after the old end, or cut from the end: nothing replays into it
        old_later = _first(old[i2:]) or old_after
        new_later = _first(new[j2:]) or new_after
        if _handlers_only(old[i1:i2]) and _handlers_only(new[j1:j2]):
            continue  # exception handlers added or removed: replay never raises into them
        if _loop_bound_only(old[i1:i2], new[j1:j2]):
            changes += _loop_bound(old[i1], new[j1], old_later, new_later)
            continue
        changes += _group(old[i1:i2], new[j1:j2], old_next, new_next, old_later, moved)
    return changes


def _reordered(
    old: Block, new: Block, old_after: Operation | None, new_after: Operation | None
) -> list[Change]:
    """The same items in another order: each position that now holds another item."""
    changes: list[Change] = []
    for position, (old_item, new_item) in enumerate(zip(old, new, strict=True)):
        old_later = _first(old[position + 1 :]) or old_after
        new_later = _first(new[position + 1 :]) or new_after
        if old_item.key == new_item.key:
            changes += _same(old_item, new_item, old_later, new_later)
            continue
        if (_first(old[position:]) or old_after) is None or (
            _first(new[position:]) or new_after
        ) is None:
            continue
        was = f"{_describe(old_item)} (line {old_item.span.line} before)"
        what = f"{_describe(new_item)} now runs where {was} ran"
        changes.append(Change(OPERATIONS_REORDERED.code, new_item.span, what))
    return changes


def _same(
    old: Item, new: Item, old_after: Operation | None, new_after: Operation | None
) -> list[Change]:
    """Changes inside two items that match: a context's operations, a branch's arms."""
    if isinstance(old, Operation) and isinstance(new, Operation):
        changes: list[Change] = []
        if old.inputs != new.inputs and any(old.contexts) and any(new.contexts):
            # Item contexts go by index: other inputs put other items at each position.
            what = f"{old.describe()} maps over `{new.inputs}` where it mapped over `{old.inputs}`"
            changes.append(Change(CONTROL_FLOW_CHANGED.code, new.span, what))
        for old_context, new_context in zip(old.contexts, new.contexts, strict=False):
            changes += _blocks(old_context, new_context, None, None)
        return changes
    assert isinstance(old, Control) and isinstance(new, Control)
    if len(old.arms) != len(new.arms):
        if old_after is None and _first(old.arms[0]) is None:
            return []
        what = f"{new.describe()} has {len(new.arms)} paths where it had {len(old.arms)}"
        return [Change(CONTROL_FLOW_CHANGED.code, new.span, what)]
    changes = []
    for index, (old_arm, new_arm) in enumerate(zip(old.arms, new.arms, strict=True)):
        # A loop's body runs again after itself: its next iteration follows it. An arm that
        # ends in `return` or `raise` is followed by nothing.
        old_tail = None if _exits(old, index) else old_after
        new_tail = None if _exits(new, index) else new_after
        old_next = (_first(old_arm) if old.loops else None) or old_tail
        new_next = (_first(new_arm) if new.loops else None) or new_tail
        changes += _blocks(old_arm, new_arm, old_next, new_next)
    return changes


def _exits(control: Control, arm: int) -> bool:
    return arm < len(control.exits) and control.exits[arm]


def _handlers_only(items: Block) -> bool:
    return all(isinstance(item, Control) and item.kind == "except" for item in items)


def _loop_bound_only(old: Block, new: Block) -> bool:
    """One loop whose header changed, the same kind of loop on both sides."""
    return (
        len(old) == len(new) == 1
        and isinstance(old[0], Control)
        and isinstance(new[0], Control)
        and old[0].loops
        and old[0].kind == new[0].kind
    )


def _loop_bound(
    old: Item, new: Item, old_later: Operation | None, new_later: Operation | None
) -> list[Change]:
    """A loop that runs another number of times only breaks what comes after it: more
    iterations append, fewer cut the end, unless operations follow the loop on both sides."""
    assert isinstance(old, Control) and isinstance(new, Control)
    changes = _same(old, new, old_later, new_later)  # its body, compared as ever
    if old_later is not None and new_later is not None:
        what = f"{old.describe()} (line {old.span.line} before) became {new.describe()}"
        # Fewer iterations break at the operation after the loop: the span reaches it.
        span = new.span
        if new_later.span.path == span.path and new_later.span.line > span.end_line:
            span = Span(
                span.path,
                span.line,
                span.column,
                new_later.span.end_line,
                new_later.span.end_column,
            )
        changes.append(Change(CONTROL_FLOW_CHANGED.code, span, what))
    return changes


def _group(
    old: Block,
    new: Block,
    old_next: Operation,
    new_next: Operation,
    old_later: Operation | None,
    moved: set[tuple[str, str, str | None]],
) -> list[Change]:
    """One run of differing items, which replay meets: classified, located in the new code."""
    suspended = f"{old_next.describe()} (line {old_next.span.line} before)"
    if any(item.key in moved for item in (*old, *new)):
        first = new[0] if new else new_next
        what = f"{_describe(first)} now runs where {_describe(old[0]) if old else suspended} ran"
        return [Change(OPERATIONS_REORDERED.code, first.span, what)]
    if not old:
        extra = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
        what = f"{_describe(new[0])}{extra} inserted before {suspended}"
        return [Change(OPERATION_INSERTED.code, new[0].span, what)]
    if not new:
        extra = f" (and {len(old) - 1} more)" if len(old) > 1 else ""
        removed = f"{_describe(old[0])}{extra} (line {old[0].span.line} before)"
        what = f"{removed} removed before {new_next.describe()}"
        return [Change(OPERATION_REMOVED.code, new_next.span, what)]
    changes = []
    for old_item, new_item in zip(old, new, strict=False):
        changes.append(_replaced(old_item, new_item))
    if len(new) > len(old):
        following = (
            f"{old_later.describe()} (line {old_later.span.line} before)"
            if old_later is not None
            else "the end of its context"
        )
        what = f"{_describe(new[len(old)])} inserted before {following}"
        changes.append(Change(OPERATION_INSERTED.code, new[len(old)].span, what))
    elif len(old) > len(new):
        what = f"{_describe(old[len(new)])} (line {old[len(new)].span.line} before) removed"
        changes.append(Change(OPERATION_REMOVED.code, new_next.span, what))
    return changes


def _replaced(old: Item, new: Item) -> Change:
    before = f"(line {old.span.line} before)"
    if isinstance(old, Operation) and isinstance(new, Operation):
        if old.kind == new.kind:
            old_name = old.written if old.written is not None else old.name
            new_name = new.written if new.written is not None else new.name
            if old_name == new_name:  # spelled alike, valued apart: a constant changed
                old_name, new_name = old.name, new.name
            what = f"{old.kind} renamed from {old_name!r} {before} to {new_name!r}"
            return Change(OPERATION_RENAMED.code, new.span, what)
        what = f"{_describe(old)} {before} became {_describe(new)}"
        return Change(KIND_CHANGED.code, new.span, what)
    if isinstance(old, Control) and isinstance(new, Control):
        what = f"{old.describe()} {before} became {new.describe()}, around operations"
        return Change(CONTROL_FLOW_CHANGED.code, new.span, what)
    what = f"{_describe(old)} {before} became {_describe(new)}"
    return Change(KIND_CHANGED.code, new.span, what)


def _describe(item: Item) -> str:
    if isinstance(item, Operation):
        return item.describe()
    first = _first(item.arms[0]) if item.arms else None
    inside = f" of {first.describe()}" if first else ""
    return f"a {item.describe()} loop{inside}" if item.loops else f"{item.describe()}{inside}"
