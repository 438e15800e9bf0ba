"""Render a product feed; a worker tag and scratch directory come from helpers."""

from __future__ import annotations

import os
import socket

import boto3
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

s3 = boto3.client("s3")
FEED_BUCKET = os.environ.get("FEED_BUCKET", "product-feeds")


class Workspace:
    def __init__(self, root: str = "/tmp/feeds") -> None:
        self.root = root

    def worker_tag(self) -> str:
        return f"{socket.gethostname()}-{os.getpid()}"

    def ensure(self, feed_id: str) -> str:
        path = os.path.join(self.root, feed_id)
        os.makedirs(path, exist_ok=True)
        return path

    def object_key(self, feed_id: str) -> str:
        return f"feeds/{feed_id}.xml"


class FeedRenderer:
    def render(self, products: list[dict]) -> str:
        rows = "".join(f"<item><id>{p['sku']}</id><price>{p['price']}</price></item>" for p in products)
        return f"<feed>{rows}</feed>"


workspace = Workspace()


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    feed_id = event["feed_id"]
    tag = workspace.worker_tag()  # error: DUR104
    scratch = workspace.ensure(feed_id)  # error: DUR402
    body = FeedRenderer().render(event["products"])
    key = workspace.object_key(feed_id)
    context.step(lambda _: s3.put_object(Bucket=FEED_BUCKET, Key=key, Body=body.encode()), name="upload-feed")
    return {"key": key, "rendered_by": tag, "scratch": scratch}
