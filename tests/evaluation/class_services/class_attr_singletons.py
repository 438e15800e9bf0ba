"""Start a checkout session; collaborators are class attributes."""

from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.clock import Clock, IdFactory
from shop.repo import OrderRepository


class Checkout:
    clock = Clock()
    ids = IdFactory(prefix="chk-")
    repo = OrderRepository()
    SESSION_MINUTES = 20

    def __init__(self, session_id: str, customer_id: str, started_at: str) -> None:
        self.session_id = session_id
        self.customer_id = customer_id
        self.started_at = started_at

    @classmethod
    def start(cls, customer_id: str) -> "Checkout":
        return cls(cls.ids.new_id(), customer_id, cls.clock.now().isoformat())

    @classmethod
    def resume(cls, session: dict) -> "Checkout":
        return cls(session["session_id"], session["customer_id"], session["started_at"])

    def as_dict(self) -> dict:
        return {"session_id": self.session_id, "customer_id": self.customer_id, "started_at": self.started_at}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    if "session" in event:
        checkout = Checkout.resume(event["session"])
    else:
        checkout = Checkout.start(event["customer_id"])  # error: DUR103, DUR101

    context.wait(Duration.from_minutes(Checkout.SESSION_MINUTES), name="session-timeout")
    context.step(lambda _: Checkout.repo.mark_status(checkout.session_id, "EXPIRED"), name="expire")
    return checkout.as_dict()
