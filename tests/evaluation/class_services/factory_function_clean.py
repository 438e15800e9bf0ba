"""Archive delivered orders; repositories come from a factory."""

from __future__ import annotations

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from shop.repo import OrderRepository, make_repo


class ArchivePolicy:
    RETURN_DAYS = 30

    def __init__(self, prefix: str = "archive") -> None:
        self.prefix = prefix

    def key(self, order_id: str, year: int) -> str:
        return f"{self.prefix}/{year}/{order_id}.json"


def load_and_archive(repo: OrderRepository, order_id: str) -> str:
    item = repo.get(order_id)
    repo.mark_status(order_id, "ARCHIVED")
    return (item or {}).get("status", "UNKNOWN")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    repo = make_repo()
    key = repo.key_for(event["order_id"])
    policy = ArchivePolicy()
    target = policy.key(event["order_id"], int(event["year"]))

    context.wait(Duration.from_days(ArchivePolicy.RETURN_DAYS), name="return-period")
    previous = context.step(lambda _: load_and_archive(repo, event["order_id"]), name="archive")
    return {"pk": key["pk"], "target": target, "previous_status": previous}
