"""Subscription renewal, written as a workflow object around the context."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext

from tessera.billing.gateways import CardGateway
from tessera.messaging.publisher import EventPublisher


class RenewalWorkflow:
    GRACE = Duration.from_days(3)

    def __init__(self, context: DurableContext, gateway: CardGateway,
                 publisher: EventPublisher) -> None:
        self.context = context
        self.gateway = gateway
        self.publisher = publisher

    @staticmethod
    def prorated_cents(monthly: Decimal, period_start: date, renew_on: date) -> int:
        days_used = (renew_on - period_start).days
        remaining = max(30 - days_used, 0)
        return int((monthly * remaining / 30 * 100).to_integral_value())

    def next_period(self, renew_on: date) -> dict:
        return {"start": renew_on.isoformat(), "end": (renew_on + timedelta(days=30)).isoformat()}

    def run(self, event: dict) -> dict:
        sub_id = event["subscription_id"]
        renew_on = date.fromisoformat(event["renew_on"])
        credit = self.prorated_cents(Decimal(event["monthly_price"]),
                                     date.fromisoformat(event["period_start"]), renew_on)
        self.context.logger.info("renewing %s with credit %s", sub_id, credit)

        capture = self.context.step(
            lambda _: self.gateway.capture(f"renew-{sub_id}", int(event["amount_cents"]) - credit),
            name="capture-renewal",
        )
        if capture.get("status") != "succeeded":
            self.context.wait(self.GRACE, name="grace-period")
            capture = self.context.step(
                lambda _: self.gateway.capture(f"renew-{sub_id}-retry", int(event["amount_cents"])),
                name="capture-retry",
            )
        period = self.next_period(renew_on)
        self.context.step(
            lambda _: self.publisher.publish("subscription.renewed", {"id": sub_id, **period}),
            name="publish-renewed",
        )
        return {"subscription_id": sub_id, "period": period, "capture": capture}
