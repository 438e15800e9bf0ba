"""Support ticket SLA: escalate if the ticket is not answered in time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.clock import Clock
from shop.notify import Notifier

SLA_HOURS = {"urgent": 1, "high": 4, "normal": 24}


@dataclass
class SlaTracker:
    priority: str
    clock: Clock = field(default_factory=Clock)

    @property
    def hours(self) -> int:
        return SLA_HOURS.get(self.priority, 24)

    def breach_at(self) -> datetime:
        return self.clock.now() + timedelta(hours=self.hours)


support = Notifier("arn:aws:sns:eu-west-1:123456789012:support-escalations")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    tracker = SlaTracker(priority=event.get("priority", "normal"))
    breach = tracker.breach_at()  # error: DUR101

    context.wait(Duration.from_hours(tracker.hours), name="sla-window")
    answered = context.step(lambda _: bool(event.get("answered_by")), name="check-answered")
    if not answered:
        text = Notifier.render("Ticket {t} breached SLA at {at}", t=event["ticket_id"], at=breach.isoformat())
        context.step(lambda _: support.publish("SLA breach", text), name="escalate")
    return {"ticket_id": event["ticket_id"], "breach_at": breach.isoformat()}
