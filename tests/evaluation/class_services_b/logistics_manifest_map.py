"""Book every parcel of a manifest with the carrier, one map item per parcel."""
from __future__ import annotations

import logging

from aws_durable_execution_sdk_python.config import MapConfig
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from fleetops.carriers import DhlCarrier
from tessera.platform.transport import HttpTransport

logger = logging.getLogger(__name__)

CARRIER_API = "https://express.carrier.example/api"


class ManifestProcessor:
    def __init__(self, carrier: DhlCarrier, depot: str) -> None:
        self.carrier = carrier
        self.depot = depot

    def _check(self, parcel: dict) -> None:
        if parcel["weight_g"] <= 0:
            raise ValueError(f"parcel {parcel['parcel_id']} has no weight")

    def process(self, ctx: DurableContext, parcel: dict, index: int, _parcels: list) -> dict:
        self._check(parcel)
        booking = ctx.step(lambda _: self.carrier.book(parcel), name="book-parcel")
        logger.info("parcel %s booked as %s", parcel["parcel_id"], booking["tracking_number"])  # error: DUR404
        return {
            "parcel_id": parcel["parcel_id"],
            "position": index,
            "tracking_number": booking["tracking_number"],
            "label": self.carrier.label_path(booking["tracking_number"]),
        }

    @staticmethod
    def summarise(results: list[dict]) -> dict:
        return {"booked": len(results),
                "tracking_numbers": [r["tracking_number"] for r in results]}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    carrier = DhlCarrier(HttpTransport(CARRIER_API), account=event["account"])
    processor = ManifestProcessor(carrier, depot=event["depot"])
    batch = context.map(
        event["parcels"],
        processor.process,
        name="book-parcels",
        config=MapConfig(max_concurrency=8),
    )
    return processor.summarise(batch.get_results())
