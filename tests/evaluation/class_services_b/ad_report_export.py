"""Export a campaign's daily report to the shared reports volume."""
from __future__ import annotations

import csv
import io
import tempfile

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from adsuite.api import AdsApi
from tessera.messaging.audit import AuditTrail, ReportArchive
from tessera.messaging.publisher import EventPublisher

API = AdsApi("https://ads.platform.example/v3", advertiser_id="adv-7781")
PUBLISHER = EventPublisher("https://sqs.eu-west-1.amazonaws.com/111122223333/reports", "adsuite")


class ReportRenderer:
    __slots__ = ("columns",)

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns

    def render(self, rows: list[dict]) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(self.columns), extrasaction="ignore")
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r["hour"]):
            writer.writerow(row)
        return buffer.getvalue()


def write_scratch(text: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        fh.write(text)
        return fh.name


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    campaign_id, day = event["campaign_id"], event["day"]
    stats = context.step(lambda _: API.stats(campaign_id, day), name="fetch-stats")
    text = ReportRenderer(("hour", "impressions", "clicks", "spend")).render(stats["hours"])
    scratch = context.step(lambda _: write_scratch(text), name="write-scratch")

    archive = ReportArchive("/mnt/reports/campaigns")
    stored = archive.store(scratch, f"{campaign_id}-{day}")  # error: DUR402
    packed = archive.compress(stored)  # error: DUR402
    AuditTrail("/mnt/reports/audit.log").record({"campaign": campaign_id, "day": day})  # error: DUR402

    context.step(
        lambda _: PUBLISHER.publish("report.ready", {"campaign_id": campaign_id, "path": packed}),
        name="announce-report",
    )
    return {"path": packed, "rows": len(stats["hours"])}
