"""Book a clinic appointment, wait for the patient to confirm, then remind them."""
from __future__ import annotations

from datetime import datetime

from aws_durable_execution_sdk_python.config import Duration, WaitForCallbackConfig
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from careplan.reminders import ReminderService
from careplan.scheduling import Appointment, SlotFinder
from tessera.platform.transport import HttpTransport

PATIENT_PORTAL = "https://portal.clinic.example/api"


class ConfirmationDesk:
    """Asks the patient portal to collect a confirmation for one appointment."""

    def __init__(self, portal: HttpTransport, reminders: ReminderService,
                 appointment: Appointment) -> None:
        self.portal = portal
        self.reminders = reminders
        self.appointment = appointment

    def request_confirmation(self, callback_id: str, _callback_context: object = None) -> None:
        self.portal.send(
            "/confirmations",
            {"callback_id": callback_id, "appointment_id": self.appointment.appointment_id,
             "patient_id": self.appointment.patient_id},
        )


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    appointment = Appointment.from_event(event)
    day_start = datetime.fromisoformat(event["clinic_day"]["opens"])
    day_end = datetime.fromisoformat(event["clinic_day"]["closes"])
    booked = [datetime.fromisoformat(b) for b in event["clinic_day"]["booked"]]
    alternatives = SlotFinder(slot_minutes=20).free_slots(day_start, day_end, booked)[:3]

    desk = ConfirmationDesk(HttpTransport(PATIENT_PORTAL), ReminderService("NORTHCLINIC"), appointment)
    preview = desk.reminders.message_for(appointment)

    answer = context.wait_for_callback(
        desk.request_confirmation,
        name="patient-confirmation",
        config=WaitForCallbackConfig(timeout=Duration.from_hours(24)),
    )
    if answer.get("confirmed") is not True:
        return {"status": "released", "alternatives": [a.isoformat() for a in alternatives]}

    booked_at = datetime.fromisoformat(event["booked_at"])
    delay = appointment.seconds_between(booked_at)
    if delay > 0:
        context.wait(Duration.from_seconds(delay), name="until-reminder")
    message_id = context.step(
        lambda _: desk.reminders.send(appointment, event["phone"]),
        name="send-reminder",
    )
    return {"status": "confirmed", "reminder": message_id, "preview": preview,
            "reminder_at": appointment.reminder_at.isoformat()}
