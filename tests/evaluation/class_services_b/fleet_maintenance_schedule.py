"""Schedule the next workshop visit from mileage and the last service date."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.messaging.notifiers import ChatNotifier
from tessera.platform.clock import FixedClock
from tessera.platform.transport import HttpTransport

WORKSHOP = HttpTransport("https://workshops.fleet.example/api")
FLEET_CHAT = ChatNotifier("https://chat.example/hooks/fleet")


@dataclass(frozen=True)
class MaintenanceRules:
    interval_km: int = 20_000
    interval_days: int = 365
    heavy_duty_factor: float = 0.6

    def for_vehicle(self, heavy_duty: bool) -> "MaintenanceRules":
        if not heavy_duty:
            return self
        return replace(self, interval_km=int(self.interval_km * self.heavy_duty_factor),
                       interval_days=int(self.interval_days * self.heavy_duty_factor))


class ServiceCalendar:
    __slots__ = ("rules",)

    def __init__(self, rules: MaintenanceRules) -> None:
        self.rules = rules

    def next_due(self, last_service: date, km_since: int, km_per_day: float) -> date:
        by_date = last_service + timedelta(days=self.rules.interval_days)
        km_left = max(self.rules.interval_km - km_since, 0)
        by_km = last_service + timedelta(days=int(km_left / max(km_per_day, 1.0)))
        return min(by_date, by_km)


@durable_execution
def handler(event, context):
    clock = FixedClock(datetime.fromisoformat(event["as_of"]))
    today = clock.utcnow().date()
    rules = MaintenanceRules().for_vehicle(bool(event.get("heavy_duty")))
    due = ServiceCalendar(rules).next_due(
        date.fromisoformat(event["last_service"]), int(event["km_since_service"]),
        float(event["km_per_day"]),
    )
    if (due - today).days > 21:
        return {"vehicle_id": event["vehicle_id"], "due": due.isoformat(), "booked": None}

    slot = context.step(
        lambda _: WORKSHOP.send("/bookings", {"vehicle_id": event["vehicle_id"], "not_after": due.isoformat()}),
        name="book-workshop",
    )
    context.step(lambda _: FLEET_CHAT.notify("#fleet", f"{event['vehicle_id']} booked {slot['date']}"),
                 name="tell-fleet-team")
    return {"vehicle_id": event["vehicle_id"], "due": due.isoformat(), "booked": slot}


def health_check(event, context):
    """Plain Lambda handler used by the load balancer; not durable."""
    print("maintenance scheduler healthy")
    return {"ok": True}
