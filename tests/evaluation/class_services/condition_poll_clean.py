"""Wait until the carrier reports delivery, polling inside wait_for_condition."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.waits import WaitForConditionConfig, WaitForConditionDecision

from shop.clients import ShippingClient
from shop.repo import OrderRepository

carrier = ShippingClient(os.environ.get("CARRIER_URL", "https://carrier.example.com"), os.environ.get("CARRIER_TOKEN", ""))
orders = OrderRepository()

TERMINAL = ("DELIVERED", "RETURNED", "LOST")


class DeliveryTracker:
    def __init__(self, client: ShippingClient) -> None:
        self.client = client

    def check(self, state: dict, _check_context) -> dict:
        info = self.client.track(state["tracking_number"])
        return {**state, "status": info["status"]}

    @staticmethod
    def strategy(state: dict, attempt: int) -> WaitForConditionDecision:
        if state.get("status") in TERMINAL or attempt >= 96:
            return WaitForConditionDecision.stop_polling()
        return WaitForConditionDecision.continue_waiting(Duration.from_minutes(30))


tracker = DeliveryTracker(carrier)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    final = context.wait_for_condition(
        tracker.check,
        config=WaitForConditionConfig(
            initial_state={"tracking_number": event["tracking_number"], "status": "IN_TRANSIT"},
            wait_strategy=DeliveryTracker.strategy,
        ),
        name="await-delivery",
    )
    context.step(lambda _: orders.mark_status(event["order_id"], final["status"]), name="record-delivery")
    return {"order_id": event["order_id"], "status": final["status"]}
