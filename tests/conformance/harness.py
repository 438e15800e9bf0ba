"""Running one of AWS's conformance requirements on the runtime, as AWS's own validator would.

A requirement (`requirements/<suite>/<id>.yaml`, beside this file) names its input, the callback
answers an outside system sends (`CallbackActions`, each after its `Delay`), the expected
result, history and logs. The driver starts the handler on a `DurableRunner`, then plays the
outside world on a simulated clock: a timer fires when the clock reaches it, a callback answer
`Delay` seconds after its callback appeared, whichever comes first. History is matched with
AWS's rules: events by `EventId`, expected keys only, `{}` and `'*'` match anything, `${X}`
binds once, `${/re/}` searches, `{"${JSON}": spec}` decodes a JSON string, `${ABSENT}` asserts a
missing key.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from durable_runtime.store import SUSPENDED, CheckpointStore, SqliteStore
from durable_runtime.testing import DurableRunner, ExecutionResult

CONFORMANCE = Path(__file__).resolve().parent / "requirements"
_WHOLE = re.compile(r"^\$\{([^}]+)\}$")
_REGEX = re.compile(r"^\$\{/(.+)/\}$")
_EMBEDDED = re.compile(r"\$\{([A-Za-z0-9_]+)\}")
_JSON, _ABSENT = "${JSON}", "${ABSENT}"
MAX_INVOCATIONS = 200


def requirement_paths() -> list[Path]:
    return sorted(CONFORMANCE.glob("*/*.yaml"), key=lambda p: [int(n) for n in p.stem.split("-")])


@dataclass
class Requirement:
    id: str
    suite: str
    spec: dict[str, Any]
    values: dict[str, Any]  # `Variables`, generated, and placeholders bound while matching

    @classmethod
    def load(cls, path: Path) -> Requirement:
        """The requirement with fresh values for its variables, as AWS generates them."""
        spec = yaml.safe_load(path.read_text())
        generator = random.SystemRandom()
        values = {}
        for name, template in (spec.get("Variables") or {}).items():
            values[name] = _generate(str(template), generator)
        return cls(path.stem, path.parent.name, spec, values)

    def substitute(self, value: Any) -> Any:
        """`value` with every known `${NAME}` replaced, in strings and nested containers."""
        if isinstance(value, str):
            whole = _WHOLE.match(value)
            if whole and whole.group(1) in self.values:
                return self.values[whole.group(1)]
            return _EMBEDDED.sub(lambda m: str(self.values.get(m.group(1), m.group(0))), value)
        if isinstance(value, list):
            return [self.substitute(item) for item in value]
        if isinstance(value, dict):
            return {key: self.substitute(item) for key, item in value.items()}
        return value


def _generate(template: str, generator: random.Random) -> str:
    generated = re.fullmatch(r"\$\{GEN_STR:(\d+)\}", template)
    if generated is None:
        raise ValueError(f"unknown variable generator {template!r}")
    alphabet = string.ascii_lowercase + string.digits
    return "".join(generator.choice(alphabet) for _ in range(int(generated.group(1))))


# -- matching --------------------------------------------------------------------------------


@dataclass
class Matcher:
    requirement: Requirement
    errors: list[str] = field(default_factory=list)

    def history(self, expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> None:
        by_id = {event.get("EventId"): event for event in actual}
        for want in expected:
            got = by_id.get(want.get("EventId"))
            if got is None:
                self.errors.append(f"no event {want.get('EventId')}: expected {want}")
                continue
            self.value(want, got, f"event {want['EventId']}")

    def value(self, expected: Any, actual: Any, where: str) -> None:
        if expected == "*" or expected == {}:
            return
        if isinstance(expected, str):
            regex = _REGEX.match(expected)
            if regex:
                if not re.search(regex.group(1), str(actual)):
                    self.errors.append(f"{where}: {actual!r} does not match /{regex.group(1)}/")
                return
            whole = _WHOLE.match(expected)
            if whole and expected not in (_JSON, _ABSENT):
                name = whole.group(1)
                bound = self.requirement.values.setdefault(name, actual)
                if bound != actual:
                    self.errors.append(f"{where}: ${{{name}}} is {bound!r}, here {actual!r}")
                return
        if isinstance(expected, dict) and set(expected) == {_JSON}:
            try:
                decoded = json.loads(actual)
            except (TypeError, ValueError):
                self.errors.append(f"{where}: {actual!r} is not a JSON string")
                return
            self.value(expected[_JSON], decoded, f"{where}<json>")
            return
        if isinstance(expected, dict) and isinstance(actual, dict):
            for key, want in expected.items():
                if want == _ABSENT:
                    if key in actual:
                        self.errors.append(f"{where}.{key}: should be absent, is {actual[key]!r}")
                elif key not in actual:
                    self.errors.append(f"{where}.{key}: missing in {actual!r}")
                else:
                    self.value(want, actual[key], f"{where}.{key}")
            return
        if isinstance(expected, list) and isinstance(actual, list):
            if len(expected) != len(actual):
                self.errors.append(f"{where}: {len(expected)} items expected, got {actual!r}")
                return
            for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
                self.value(want, got, f"{where}[{index}]")
            return
        resolved = self.requirement.substitute(expected)
        if resolved != actual:
            self.errors.append(f"{where}: expected {resolved!r}, got {actual!r}")


# -- driving ---------------------------------------------------------------------------------


@dataclass
class _Action:
    callback_name: str
    operation: str  # success, failure, heartbeat
    payload: Any
    delay: float


def run(
    requirement: Requirement,
    handler: Any,
    targets: dict[str, Any],
    store: CheckpointStore | None = None,
) -> ExecutionResult:
    """Run the handler to its end (or until nothing more can happen), answering callbacks.
    With a `SqliteStore`, each invocation runs in a process of its own, which may crash."""
    spec = requirement.spec
    actions = [
        _Action(
            str(requirement.substitute(raw["CallbackName"])),
            str(raw["Operation"]).lower(),
            requirement.substitute(raw.get("Payload")),
            float(raw.get("Delay", 0)),
        )
        for raw in spec.get("CallbackActions") or []
    ]
    used: set[int] = set()
    handled: set[str] = set()
    due: list[tuple[float, int, str, _Action]] = []  # (when, order, callback id, action)
    isolated = isinstance(store, SqliteStore)
    runner = DurableRunner(handler, store, skip_time=False, handlers=targets, isolated=isolated)
    executor, clock = runner.executor, runner.clock
    result = runner.run(requirement.substitute(spec.get("Input")))
    for _ in range(MAX_INVOCATIONS):
        if result.status != SUSPENDED:
            return result
        name = result.execution_name
        for callback_id, (callback_name, _) in executor.pending_callbacks(name):
            if callback_id in handled:
                continue
            chosen = next(
                (
                    (index, action)
                    for index, action in enumerate(actions)
                    if index not in used and action.callback_name in ("*", callback_name)
                ),
                None,
            )
            handled.add(callback_id)
            if chosen is not None:
                index, action = chosen
                used.add(index)
                due.append((clock.now() + action.delay, index, callback_id, action))
        timer = executor.next_wake(name)
        due.sort(key=lambda entry: (entry[0], entry[1]))
        if due and (timer is None or due[0][0] <= timer):
            moment, _, callback_id, action = due.pop(0)
            clock.advance_to(moment)
            if _answer(executor, callback_id, action):
                handled.discard(callback_id)  # a heartbeat leaves it open for the next answer
                continue
        elif timer is not None:
            clock.advance_to(timer)
        else:
            return result  # waiting for an answer nobody sends
        result = runner.resume()
    raise AssertionError(f"{requirement.id}: still running after {MAX_INVOCATIONS} invocations")


def _answer(executor: Any, callback_id: str, action: _Action) -> bool:
    """Deliver the answer; true for a heartbeat, which does not wake the execution."""
    if action.operation == "heartbeat":
        executor.heartbeat_callback(callback_id)
        return True
    if action.operation == "success":
        payload = None if action.payload is None else json.dumps(action.payload)
        executor.complete_callback(callback_id, payload=payload)
    else:
        error = action.payload or {}
        executor.complete_callback(
            callback_id,
            error={
                "type": error.get("ErrorType"),
                "message": error.get("ErrorMessage"),
                "data": error.get("ErrorData"),
                "stack_trace": error.get("StackTrace"),
            },
        )
    return False


@contextlib.contextmanager
def captured_logs(path: Path) -> Iterator[Path]:
    """The runtime's log records as `[LEVEL] message` lines in `path`; a file, so that
    invocations in other processes write there too."""
    logger = logging.getLogger("durable_runtime")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()


def check_logs(requirement: Requirement, lines: list[str]) -> list[str]:
    """`ExpectedLogs`: how many log lines match each `/regex/`."""
    errors = []
    for expectation in requirement.spec.get("ExpectedLogs") or []:
        pattern = str(requirement.substitute(expectation["match"]["message"])).strip("/")
        count = sum(bool(re.search(pattern, line)) for line in lines)
        if count != expectation["count"]:
            errors.append(f"logs: {count} lines match /{pattern}/, expected {expectation['count']}")
    return errors


def check(requirement: Requirement, result: ExecutionResult) -> list[str]:
    """Differences between the requirement and what the run produced (empty: it conforms)."""
    spec = requirement.spec
    matcher = Matcher(requirement)
    matcher.history(spec["ExpectedExecutionHistory"], result.history)
    expected = spec.get("ExpectedResult") or {}
    status = expected.get("ExecutionStatus")
    if status and status != result.status:
        matcher.errors.append(f"status {result.status} ({result.error}), expected {status}")
    elif result.status == "SUCCEEDED" and "Result" in expected:
        want = requirement.substitute(expected["Result"])
        if want != result.result:
            matcher.errors.append(f"result {result.result!r}, expected {want!r}")
    return matcher.errors
