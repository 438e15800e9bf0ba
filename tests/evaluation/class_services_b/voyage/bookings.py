"""Travel itineraries: quoting (pure) and holding (charges a deposit)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from tessera.billing.orders import OrderService
from tessera.storage.dynamo import BookingStore


class BookingService:
    DEPOSIT_RATE = Decimal("0.15")

    def __init__(self, orders: OrderService, store: BookingStore) -> None:
        self.orders = orders
        self.store = store

    def quote(self, request: dict) -> dict:
        nights = (date.fromisoformat(request["check_out"]) - date.fromisoformat(request["check_in"])).days
        lodging = Decimal(str(request["nightly_rate"])) * nights
        fares = sum((Decimal(str(leg["fare"])) for leg in request["legs"]), Decimal("0"))
        total = lodging + fares
        return {
            "itinerary_id": request["itinerary_id"],
            "nights": nights,
            "total": str(total),
            "deposit": str((total * self.DEPOSIT_RATE).quantize(Decimal("0.01"))),
        }

    def hold(self, itinerary: dict) -> dict:
        order = {
            "order_id": f"dep-{itinerary['itinerary_id']}",
            "lines": [{"unit_price": itinerary["deposit"], "qty": 1}],
        }
        return self.orders.place(order)

    def confirm(self, itinerary: dict, deposit: dict) -> None:
        self.store.save({"booking_id": itinerary["itinerary_id"], "deposit": deposit})
