"""Month-end invoice for one customer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from durable_runtime import DurableContext, durable_execution

from tessera.messaging.publisher import EventPublisher
from tessera.wiring.registry import invoice_builder, invoice_service

PUBLISHER = EventPublisher("https://sqs.eu-west-1.amazonaws.com/111122223333/invoices", "billing")


@dataclass(frozen=True)
class BillingPeriod:
    start: date
    end: date

    @classmethod
    def from_event(cls, event: dict) -> "BillingPeriod":
        period = cls(date.fromisoformat(event["period_start"]), date.fromisoformat(event["period_end"]))
        if period.end < period.start:
            raise ValueError("period ends before it starts")
        return period

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    period = BillingPeriod.from_event(event)
    invoice = invoice_builder.build(event["customer_id"], period.label, event["lines"], period.end)

    issued = context.step(lambda _: invoice_service.issue(invoice), name="issue-invoice")
    context.step(
        lambda _: PUBLISHER.publish("invoice.issued", {"number": invoice["number"],
                                                      "customer_id": event["customer_id"]}),
        name="publish-issued",
    )
    context.logger.info("invoice %s issued for %d days", invoice["number"], period.days)
    return {"invoice": invoice["number"], "due_on": invoice["due_on"], "issued": issued}
