"""Monthly subscription renewal.

The handler only validates the request and hands over to RenewalWorkflow, which
keeps every charge and publication inside a step of the context it is given.
"""
from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from tessera.billing.gateways import make_card_gateway
from tessera.config import Settings
from tessera.messaging.publisher import EventPublisher
from tessera.workflows.renewal import RenewalWorkflow

SETTINGS = Settings.from_env()
PUBLISHER = EventPublisher(
    "https://sqs.eu-west-1.amazonaws.com/111122223333/subscription-events", source="billing"
)


class RenewalRequest:
    __slots__ = ("subscription_id", "plan", "seats")

    REQUIRED = ("subscription_id", "renew_on", "period_start", "monthly_price", "amount_cents")

    def __init__(self, subscription_id: str, plan: str, seats: int) -> None:
        self.subscription_id = subscription_id
        self.plan = plan
        self.seats = seats

    @classmethod
    def parse(cls, event: dict) -> "RenewalRequest":
        missing = [key for key in cls.REQUIRED if key not in event]
        if missing:
            raise ValueError(f"renewal event is missing {', '.join(missing)}")
        seats = int(event.get("seats", 1))
        if seats < 1:
            raise ValueError("a subscription has at least one seat")
        return cls(event["subscription_id"], event.get("plan", "standard"), seats)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    request = RenewalRequest.parse(event)
    gateway = make_card_gateway(SETTINGS.api_base)
    workflow = RenewalWorkflow(context, gateway, PUBLISHER)
    outcome = workflow.run(event)
    return {**outcome, "plan": request.plan, "seats": request.seats}
