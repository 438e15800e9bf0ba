"""Ship an order inside a child context."""

from __future__ import annotations

import os

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext, durable_with_child_context
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.clients import ShippingClient
from shop.repo import OrderRepository

shipping = ShippingClient(os.environ.get("CARRIER_URL", "https://carrier.example.com"), os.environ.get("CARRIER_TOKEN", ""))
orders = OrderRepository()


class Packer:
    BOX_SIZES = ((2000, "S"), (10000, "M"), (30000, "L"))

    def box_for(self, weight_grams: int) -> str:
        for limit, size in self.BOX_SIZES:
            if weight_grams <= limit:
                return size
        return "PALLET"


packer = Packer()


@durable_with_child_context
def ship_order(ctx: DurableContext, order: dict) -> dict:
    weight = ShippingClient.parcel_weight(order["items"])
    box = packer.box_for(weight)
    label = shipping.create_label(order["order_id"], order["address"], weight)  # error: DUR401
    ctx.step(lambda _: orders.mark_status(order["order_id"], "SHIPPED"), name="mark-shipped")
    return {"box": box, "tracking": label["tracking_number"]}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    context.wait(Duration.from_minutes(30), name="cancellation-window")
    shipment = context.run_in_child_context(ship_order(event), name="ship")  # uncertain: DUR401
    return {"order_id": event["order_id"], **shipment}
