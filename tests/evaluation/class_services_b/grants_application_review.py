"""Research grant applications: eligibility, peer review period, decision."""
from __future__ import annotations

from decimal import Decimal
from statistics import median

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.platform.transport import HttpTransport

PORTAL = HttpTransport("https://grants.portal.example/api")


class EligibilityRules:
    __slots__ = ("max_amount", "min_score")

    def __init__(self, max_amount: Decimal, min_score: float) -> None:
        self.max_amount = max_amount
        self.min_score = min_score

    def eligible(self, application: dict) -> bool:
        return Decimal(application["amount"]) <= self.max_amount and bool(application.get("ethics_ok"))

    def decide(self, scores: list[float]) -> str:
        if len(scores) < 2:
            return "deferred"
        return "funded" if median(scores) >= self.min_score else "declined"


class GrantReviewWorkflow:
    def __init__(self, context, portal: HttpTransport, rules: EligibilityRules) -> None:
        self.context = context
        self.portal = portal
        self.rules = rules

    def run(self, application: dict) -> dict:
        app_id = application["application_id"]
        if not self.rules.eligible(application):
            self.context.step(lambda _: self.portal.send(f"/applications/{app_id}/ineligible", {}),
                              name="mark-ineligible")
            return {"application_id": app_id, "decision": "ineligible"}

        self.context.step(lambda _: self.portal.send(f"/applications/{app_id}/reviewers", {"count": 3}),
                          name="assign-reviewers")
        self.context.wait(Duration.from_days(14), name="review-period")
        scores = self.context.step(lambda _: self.portal.fetch(f"/applications/{app_id}/scores"),
                                   name="collect-scores")
        decision = self.rules.decide([float(s) for s in scores["scores"]])
        self.context.step(lambda _: self.portal.send(f"/applications/{app_id}/decision",
                                                     {"decision": decision}),
                          name="record-decision")
        return {"application_id": app_id, "decision": decision}


@durable_execution
def handler(event, context):
    rules = EligibilityRules(max_amount=Decimal("250000"), min_score=3.5)
    return GrantReviewWorkflow(context, PORTAL, rules).run(event["application"])
