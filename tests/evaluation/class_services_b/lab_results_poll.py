"""Poll the lab portal until a result is final, then tell the clinician."""
from __future__ import annotations

import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.waits import WaitForConditionConfig, WaitForConditionDecision

from careplan.labs import LabPortal
from tessera.messaging.notifiers import EmailNotifier

PORTAL = LabPortal("https://labs.partner.example/v1", api_key=os.environ.get("LAB_API_KEY", ""))
MAILER = EmailNotifier("smtp.internal.example", sender="results@clinic.example")


class PollingPolicy:
    __slots__ = ("max_polls", "interval_s")

    TERMINAL = ("final", "cancelled", "rejected")

    def __init__(self, max_polls: int, interval_s: int) -> None:
        self.max_polls = max_polls
        self.interval_s = interval_s

    def decide(self, state: dict, attempt: int) -> WaitForConditionDecision:
        if state["status"] in self.TERMINAL or state["polls"] >= self.max_polls:
            return WaitForConditionDecision.stop_polling()
        backoff = self.interval_s * min(attempt, 6)
        return WaitForConditionDecision.continue_waiting(Duration.from_seconds(backoff))

    def initial_state(self, order_id: str) -> dict:
        return {"order_id": order_id, "status": "pending", "polls": 0, "result_url": None}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    policy = PollingPolicy(max_polls=48, interval_s=300)
    final = context.wait_for_condition(
        PORTAL.check_status,
        config=WaitForConditionConfig(
            initial_state=policy.initial_state(event["lab_order_id"]),
            wait_strategy=policy.decide,
        ),
        name="await-lab-result",
    )
    context.logger.info("lab order %s ended as %s", event["lab_order_id"], final["status"])

    if final["status"] == "final":
        context.step(
            lambda _: MAILER.notify(event["clinician_email"], f"Result ready: {final['result_url']}"),
            name="notify-clinician",
        )
    return {"order_id": event["lab_order_id"], "status": final["status"], "polls": final["polls"]}
