"""Schedule a candidate's interview loop: panel, hiring manager, take-home."""
from __future__ import annotations

from datetime import date, timedelta

from durable_runtime import DurableContext, durable_execution

from tessera.messaging.notifiers import EmailNotifier
from tessera.platform.transport import HttpTransport

CALENDAR_API = "https://calendar.hr.example/v2"
MAILER = EmailNotifier("smtp.internal.example", sender="talent@tessera.example")


class CalendarApi:
    def __init__(self, transport: HttpTransport) -> None:
        self.transport = transport

    def free_busy(self, people: list[str]) -> dict:
        return self.transport.send("/freebusy", {"people": people})

    def book(self, attendees: list[str], slot: str, title: str) -> dict:
        return self.transport.send("/events", {"attendees": attendees, "start": slot, "title": title})


class InterviewLoop:
    def __init__(self, calendar: CalendarApi, candidate: dict) -> None:
        self.calendar = calendar
        self.candidate = candidate

    @staticmethod
    def _first_common_slot(busy: dict, proposals: list[str]) -> str:
        taken = {slot for slots in busy.values() for slot in slots}
        return next(slot for slot in proposals if slot not in taken)

    def schedule_panel(self, ctx):
        busy = self.calendar.free_busy(self.candidate["panel"])  # error: DUR401
        slot = self._first_common_slot(busy, self.candidate["proposed_slots"])
        return ctx.step(
            lambda _: self.calendar.book(self.candidate["panel"], slot, "Panel interview"),
            name="book-panel",
        )

    def schedule_hiring_manager(self, ctx):
        return ctx.step(
            lambda _: self.calendar.book([self.candidate["hiring_manager"]],
                                         self.candidate["hm_slot"], "Hiring manager chat"),
            name="book-hiring-manager",
        )

    def send_take_home(self, ctx):
        deadline = date.fromisoformat(self.candidate["applied_on"]) + timedelta(days=7)
        return ctx.step(
            lambda _: MAILER.notify(self.candidate["email"], f"Take-home due {deadline:%d %B}"),
            name="send-take-home",
        )


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    loop = InterviewLoop(CalendarApi(HttpTransport(CALENDAR_API)), event["candidate"])
    outcome = context.parallel(
        [loop.schedule_panel, loop.schedule_hiring_manager, loop.send_take_home],
        name="schedule-loop",
    )
    return {"candidate": event["candidate"]["id"], "scheduled": outcome.get_results()}
