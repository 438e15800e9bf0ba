"""Currency conversion with a retrying rates client called from a step only."""

from __future__ import annotations

from decimal import Decimal

import requests
from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step

from shop.retry import retrying


class RatesClient:
    url = "https://rates.example.com/latest"

    @retrying(attempts=5, base_delay=0.2)
    def fetch(self, base: str) -> dict:
        resp = requests.get(self.url, params={"base": base}, timeout=3)
        resp.raise_for_status()
        return resp.json()["rates"]


class Converter:
    def __init__(self, rates: dict) -> None:
        self.rates = rates

    def convert(self, amount: Decimal, target: str) -> Decimal:
        return (amount * Decimal(str(self.rates[target]))).quantize(Decimal("0.01"))


rates_client = RatesClient()


@durable_step
def load_rates(_step_context, base: str) -> dict:
    return rates_client.fetch(base)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    rates = context.step(load_rates(event.get("base", "EUR")), name="load-rates")
    converter = Converter(rates)
    amount = Decimal(str(event["amount"]))
    return {target: str(converter.convert(amount, target)) for target in event["targets"]}
