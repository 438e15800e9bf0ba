"""Daily pacing review of a running campaign, one map item per flight day."""
from __future__ import annotations

from decimal import Decimal

from durable_runtime import DurableContext, durable_execution

from adsuite.api import AdsApi
from adsuite.pacing import PacingCalculator, SplitAssigner

ADS_API = "https://ads.platform.example/v3"


class PacingReview:
    def __init__(self, api: AdsApi, calculator: PacingCalculator, campaign_id: str) -> None:
        self.api = api
        self.calculator = calculator
        self.campaign_id = campaign_id

    def review_day(self, ctx: DurableContext, day: dict, index: int, _days: list) -> dict:
        stats = ctx.step(lambda _: self.api.stats(self.campaign_id, day["date"]), name="stats")
        budget = self.calculator.daily_budget(Decimal(day["total"]), Decimal(stats["spent"]), index)
        overspending = self.calculator.is_overspending(Decimal(stats["spent_today"]), budget)
        if overspending:
            ctx.step(
                lambda _: self.api.set_daily_budget(self.campaign_id, int(budget * 100)),
                name="rebudget",
            )
        return {"date": day["date"], "budget": str(budget), "rebudgeted": overspending}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    campaign_id = event["campaign_id"]
    api = AdsApi(ADS_API, advertiser_id=event["advertiser_id"])
    review = PacingReview(api, PacingCalculator(flight_days=len(event["days"])), campaign_id)

    split = SplitAssigner(campaign_id, ["control", "variant-b"]).assign(event["segments"])
    context.logger.info("campaign %s split %s", campaign_id, split)

    outcome = context.map(event["days"], review.review_day, name="review-days")
    return {"campaign_id": campaign_id, "split": split, "days": outcome.get_results()}
