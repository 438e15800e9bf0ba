"""Buy a shipping label and record the tracking number on the order."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.clients import ShippingClient
from shop.repo import OrderRepository

shipping = ShippingClient(
    base_url=os.environ.get("CARRIER_URL", "https://carrier.example.com"),
    token=os.environ.get("CARRIER_TOKEN", ""),
)
orders = OrderRepository()


class AddressNormaliser:
    def normalise(self, address: dict) -> dict:
        return {
            "name": address["name"].strip(),
            "line1": address["line1"].strip(),
            "postcode": address["postcode"].replace(" ", "").upper(),
            "country": address.get("country", "GB").upper(),
        }


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    weight = ShippingClient.parcel_weight(event["items"])
    address = AddressNormaliser().normalise(event["address"])
    label = shipping.create_label(event["order_id"], address, weight)  # error: DUR401

    context.step(
        lambda _: orders.mark_status(event["order_id"], "LABELLED"),
        name="mark-labelled",
    )
    return {"tracking_number": label["tracking_number"], "weight": weight}
