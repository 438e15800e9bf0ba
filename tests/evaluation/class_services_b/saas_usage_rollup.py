"""Month-end usage roll-up across tenants."""
from __future__ import annotations

from decimal import Decimal

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from tessera.config import Settings
from tessera.messaging.publisher import EventPublisher
from tessera.platform.transport import HttpTransport

EVENTS = EventPublisher("https://sqs.eu-west-1.amazonaws.com/111122223333/usage", "metering")


class UsageRollup:
    def __init__(self, metering: HttpTransport, month: str) -> None:
        self.metering = metering
        self.month = month
        self.rows: list[dict] = []

    def collect(self, ctx: DurableContext, tenant_id: str, index: int, _tenants: list) -> dict:
        usage = ctx.step(
            lambda _: self.metering.fetch(f"/tenants/{tenant_id}/usage", month=self.month),
            name="fetch-usage",
        )
        return {"tenant_id": tenant_id, "api_calls": int(usage["api_calls"]),
                "storage_gb": str(Decimal(usage["storage_bytes"]) / Decimal(1024 ** 3))}

    def accept(self, rows: list[dict]) -> None:
        self.rows = sorted(rows, key=lambda r: r["tenant_id"])

    def report(self) -> dict:
        return {"month": self.month, "tenants": len(self.rows),
                "api_calls": sum(r["api_calls"] for r in self.rows), "rows": self.rows}

    def publish(self, child: DurableContext) -> dict:
        report = self.report()
        stored = child.step(lambda _: self.metering.send("/reports", report), name="store-report")
        child.step(lambda _: EVENTS.publish("usage.rolled_up", {"month": self.month}),
                   name="announce-report")
        return stored


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    settings = Settings.from_env()
    rollup = UsageRollup(HttpTransport(f"{settings.api_base}/metering"), event["month"])
    tenants = sorted(event["tenant_ids"])

    collected = context.map(tenants, rollup.collect, name="collect-usage")
    rollup.accept(collected.get_results())
    stored = context.run_in_child_context(rollup.publish, name="publish-report")
    context.logger.info("usage for %s rolled up over %d tenants", event["month"], len(tenants))
    return {"month": event["month"], "report": stored}
