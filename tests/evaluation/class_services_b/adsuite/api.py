"""Client for the ad platform's campaign API."""
from __future__ import annotations

from tessera.platform.transport import TracedTransport


class AdsApi:
    def __init__(self, base_url: str, advertiser_id: str) -> None:
        self.transport = TracedTransport(base_url)
        self.advertiser_id = advertiser_id

    def create_campaign(self, spec: dict) -> dict:
        return self.transport.send(f"/advertisers/{self.advertiser_id}/campaigns", spec)

    def set_daily_budget(self, campaign_id: str, budget_cents: int) -> dict:
        return self.transport.send(f"/campaigns/{campaign_id}/budget", {"daily": budget_cents})

    def stats(self, campaign_id: str, day: str) -> dict:
        return self.transport.fetch(f"/campaigns/{campaign_id}/stats", day=day)
