"""Assign a checkout experiment variant and record the exposure."""

from __future__ import annotations

import hashlib
import os
import random

import boto3
from durable_runtime import DurableContext, durable_execution

exposures = boto3.resource("dynamodb").Table(os.environ.get("EXPOSURES_TABLE", "exposures"))


class Experiment:
    def __init__(self, name: str, variants: list[str]) -> None:
        self.name = name
        self.variants = variants

    def pick_variant(self) -> str:
        return random.choice(self.variants)

    def bucket_for(self, customer_id: str) -> str:
        digest = hashlib.sha256(f"{self.name}:{customer_id}".encode()).hexdigest()
        return self.variants[int(digest, 16) % len(self.variants)]

    def shuffled(self, seed: str) -> list[str]:
        rng = random.Random(seed)
        order = list(self.variants)
        rng.shuffle(order)
        return order


checkout_test = Experiment("one-page-checkout", ["control", "one-page", "express"])


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    customer_id = event["customer_id"]
    sticky = checkout_test.bucket_for(customer_id)
    display_order = checkout_test.shuffled(customer_id)
    variant = checkout_test.pick_variant() if event.get("random_assignment") else sticky  # error: DUR102

    context.step(
        lambda _: exposures.put_item(Item={"pk": customer_id, "variant": variant}),
        name="record-exposure",
    )
    return {"variant": variant, "display_order": display_order}
