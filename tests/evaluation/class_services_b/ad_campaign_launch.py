"""Launch an ad campaign and set its first daily budget."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from aws_durable_execution_sdk_python.execution import durable_execution

from adsuite.api import AdsApi
from adsuite.pacing import PacingCalculator
from tessera.platform.ids import IdFactory

ADS_API = "https://ads.platform.example/v3"


class LaunchPlan:
    __slots__ = ("name", "total", "starts", "ends", "audiences")

    def __init__(self, name: str, total: Decimal, starts: date, ends: date,
                 audiences: list[str]) -> None:
        self.name = name
        self.total = total
        self.starts = starts
        self.ends = ends
        self.audiences = audiences

    @classmethod
    def from_event(cls, event: dict) -> "LaunchPlan":
        return cls(
            name=event["name"].strip(),
            total=Decimal(event["total_budget"]),
            starts=date.fromisoformat(event["starts"]),
            ends=date.fromisoformat(event["ends"]),
            audiences=sorted(event["audiences"]),
        )

    @property
    def flight_days(self) -> int:
        return (self.ends - self.starts).days + 1

    def spec(self) -> dict:
        return {"name": self.name, "start_date": self.starts.isoformat(),
                "end_date": self.ends.isoformat(), "audiences": self.audiences}


@durable_execution
def handler(event, context):
    plan = LaunchPlan.from_event(event)
    api = AdsApi(ADS_API, advertiser_id=event["advertiser_id"])

    launch_id = IdFactory.new("launch")  # error: DUR103
    campaign = api.create_campaign(plan.spec())  # error: DUR401, DUR404

    budget = PacingCalculator(plan.flight_days).daily_budget(plan.total, Decimal("0"), 0)
    context.step(lambda _: api.set_daily_budget(campaign["id"], int(budget * 100)), name=f"budget-{launch_id}")  # error: DUR301
    return {"launch_id": launch_id, "campaign_id": campaign["id"], "daily_budget": str(budget)}
