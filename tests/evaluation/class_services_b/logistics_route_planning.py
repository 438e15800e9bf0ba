"""Plan a delivery route and tell each stop its window."""
from __future__ import annotations

from datetime import datetime, timedelta

from durable_runtime import DurableContext, durable_execution

from fleetops.routing import RoutePlanner
from tessera.messaging.notifiers import ChatNotifier

DISPATCH = ChatNotifier("https://chat.example/hooks/dispatch")


class StopNotifier:
    """Sends each stop its delivery window; the send itself is a step."""

    def __init__(self, notifier: ChatNotifier, windows: dict[str, str]) -> None:
        self.notifier = notifier
        self.windows = windows

    def notify_stop(self, ctx: DurableContext, stop: dict, index: int, _stops: list) -> str:
        window = self.windows[stop["stop_id"]]
        text = f"Stop {index + 1}: your delivery window starts {window}"
        ctx.step(lambda _: self.notifier.notify(stop["contact"], text), name="notify-stop")
        return window


class WindowCalculator:
    __slots__ = ("planner", "service_minutes")

    def __init__(self, planner: RoutePlanner, service_minutes: int) -> None:
        self.planner = planner
        self.service_minutes = service_minutes

    def windows(self, departure: datetime, stops: list[dict]) -> dict[str, str]:
        result: dict[str, str] = {}
        cursor = departure
        for stop in stops:
            cursor = self.planner.eta(cursor, stop["distance_km"])
            result[stop["stop_id"]] = cursor.isoformat(timespec="minutes")
            cursor += timedelta(minutes=self.service_minutes)
        return result


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    planner = RoutePlanner(event["route_id"], avg_speed_kmh=float(event.get("speed", 48)))
    ordered = planner.order_stops(event["stops"])
    departure = datetime.fromisoformat(event["departure"])
    windows = WindowCalculator(planner, service_minutes=6).windows(departure, ordered)

    notifier = StopNotifier(DISPATCH, windows)
    context.map(ordered, notifier.notify_stop, name="notify-stops")
    context.step(
        lambda _: DISPATCH.notify("#dispatch", f"route {event['route_id']}: {len(ordered)} stops"),
        name="announce-route",
    )
    return {"route_id": event["route_id"], "order": [s["stop_id"] for s in ordered],
            "windows": windows}
