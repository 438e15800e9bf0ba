"""Ingest a batch of vehicle telemetry and raise anomalies."""
from __future__ import annotations

import statistics

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.messaging.publisher import EventPublisher
from tessera.platform.clock import StopWatch
from tessera.platform.hostinfo import WorkerTag
from tessera.platform.transport import HttpTransport

STORE = HttpTransport("https://telemetry-store.internal.example")
ALERTS = EventPublisher("https://sqs.eu-west-1.amazonaws.com/111122223333/fleet-alerts", "fleet")


class TelemetryBatch:
    __slots__ = ("vehicle_id", "readings")

    def __init__(self, vehicle_id: str, readings: list[dict]) -> None:
        self.vehicle_id = vehicle_id
        self.readings = readings

    @classmethod
    def parse(cls, event: dict) -> "TelemetryBatch":
        readings = sorted(event["readings"], key=lambda r: r["seq"])
        return cls(event["vehicle_id"], readings)

    def anomalies(self, field: str, sigmas: float) -> list[dict]:
        values = [r[field] for r in self.readings]
        if len(values) < 3:
            return []
        mean, stdev = statistics.fmean(values), statistics.pstdev(values)
        return [r for r in self.readings if stdev and abs(r[field] - mean) > sigmas * stdev]


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    batch = TelemetryBatch.parse(event)
    with StopWatch() as watch:  # uncertain: DUR101
        hot = batch.anomalies("coolant_c", sigmas=3.0)
        shaky = batch.anomalies("vibration_g", sigmas=4.0)
    analysis_ms = int(watch.elapsed * 1000)  # error: DUR101
    worker = WorkerTag.current()  # error: DUR104

    context.step(
        lambda _: STORE.send(f"/vehicles/{batch.vehicle_id}/readings", {"readings": batch.readings}),
        name="store-readings",
    )
    if hot or shaky:
        context.step(
            lambda _: ALERTS.publish("fleet.anomaly", {"vehicle_id": batch.vehicle_id,
                                                       "coolant": hot, "vibration": shaky}),
            name="raise-anomaly",
        )
    return {"vehicle_id": batch.vehicle_id, "anomalies": len(hot) + len(shaky),
            "analysis_ms": analysis_ms, "worker": worker}
