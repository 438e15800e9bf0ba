"""Quote an annual energy tariff for a prospective customer."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from durable_runtime import DurableContext, durable_execution

from tessera.platform.ids import IdFactory
from tessera.platform.transport import HttpTransport

PRICING = HttpTransport("https://pricing.energy.example")
CRM = HttpTransport("https://crm.energy.example")


@dataclass(frozen=True)
class TariffSettings:
    standing_charge_daily: Decimal = Decimal("0.53")
    margin: Decimal = Decimal("0.08")
    vat: Decimal = Decimal("0.05")
    validity_days: int = 14

    def with_vat(self, vat: str | None) -> "TariffSettings":
        return self if vat is None else replace(self, vat=Decimal(vat))


class QuoteCalculator:
    __slots__ = ("settings",)

    def __init__(self, settings: TariffSettings) -> None:
        self.settings = settings

    def unit_rate(self, wholesale: Decimal) -> Decimal:
        return (wholesale * (1 + self.settings.margin)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    def annual(self, annual_kwh: Decimal, wholesale: Decimal) -> Decimal:
        energy = annual_kwh * self.unit_rate(wholesale)
        standing = self.settings.standing_charge_daily * 365
        return ((energy + standing) * (1 + self.settings.vat)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    settings = TariffSettings().with_vat(event.get("vat"))
    calculator = QuoteCalculator(settings)
    wholesale = context.step(lambda _: PRICING.fetch("/wholesale", region=event["region"]),
                             name="wholesale-price")

    total = calculator.annual(Decimal(event["annual_kwh"]), Decimal(wholesale["unit_rate"]))
    valid_until = date.fromisoformat(event["quoted_on"]) + timedelta(days=settings.validity_days)
    quote_id = IdFactory.stable("quote", event["prospect_id"], event["quoted_on"])

    context.step(
        lambda _: CRM.send("/quotes", {"quote_id": quote_id, "annual": str(total),
                                       "valid_until": valid_until.isoformat()}),
        name="store-quote",
    )
    return {"quote_id": quote_id, "annual": str(total), "valid_until": valid_until.isoformat()}
