"""Loyalty points accrual; Powertools only inside steps."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger(service="loyalty")
metrics = Metrics(namespace="Loyalty")
tracer = Tracer(service="loyalty")
ledger = boto3.resource("dynamodb").Table(os.environ.get("POINTS_TABLE", "points"))


class PointsCalculator:
    def __init__(self, rate_per_euro: int = 10, bonus_tiers: dict | None = None) -> None:
        self.rate = rate_per_euro
        self.bonus = bonus_tiers or {"gold": 2, "silver": 1}

    def points_for(self, amount_cents: int, tier: str) -> int:
        return (amount_cents // 100) * self.rate * (1 + self.bonus.get(tier, 0))


class PointsLedger:
    @tracer.capture_method
    def credit(self, member_id: str, points: int, reference: str) -> int:
        ledger.put_item(Item={"pk": f"{member_id}#{reference}", "points": points})
        logger.info("points credited", member_id=member_id, points=points)
        metrics.add_metric(name="PointsCredited", unit=MetricUnit.Count, value=points)
        return points


calculator = PointsCalculator()
points_ledger = PointsLedger()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    points = calculator.points_for(int(event["amount_cents"]), event.get("tier", "standard"))
    context.logger.info("accruing points", extra={"points": points})

    context.wait(Duration.from_days(14), name="return-window")
    credited = context.step(
        lambda _: points_ledger.credit(event["member_id"], points, event["order_id"]),
        name="credit-points",
    )
    return {"member_id": event["member_id"], "points": credited}
