"""Record dispatch time; the dataclass's clock is only read inside a step."""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.clock import Clock, IdFactory
from shop.repo import OrderRepository


@dataclass
class DispatchRecorder:
    repo: OrderRepository = field(default_factory=OrderRepository)
    clock: Clock = field(default_factory=Clock)
    ids: IdFactory = field(default_factory=IdFactory)

    def stamp(self) -> str:
        return self.clock.now().isoformat()

    def record(self, order_id: str) -> None:
        self.repo.mark_status(order_id, "DISPATCHED")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    recorder = DispatchRecorder()
    dispatch_ref = IdFactory.stable_id(f"dispatch:{event['order_id']}")

    dispatched_at = context.step(lambda _: recorder.stamp(), name="dispatch-time")
    context.step(lambda _: recorder.record(event["order_id"]), name="record-dispatch")
    context.wait(Duration.from_days(1), name="delivery-estimate")
    return {"order_id": event["order_id"], "dispatched_at": dispatched_at, "ref": dispatch_ref}
