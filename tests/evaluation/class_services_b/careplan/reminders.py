"""SMS reminders through SNS."""
from __future__ import annotations

from functools import cached_property

import boto3

from careplan.scheduling import Appointment


class ReminderService:
    def __init__(self, sender_id: str = "CLINIC") -> None:
        self.sender_id = sender_id

    @cached_property
    def sns(self):
        return boto3.client("sns")

    def message_for(self, appointment: Appointment) -> str:
        when = appointment.starts_at.strftime("%d %b %H:%M")
        return f"Reminder: appointment with {appointment.clinician} on {when}."

    def send(self, appointment: Appointment, phone: str) -> str:
        response = self.sns.publish(
            PhoneNumber=phone,
            Message=self.message_for(appointment),
            MessageAttributes={"AWS.SNS.SMS.SenderID": {"DataType": "String",
                                                        "StringValue": self.sender_id}},
        )
        return response["MessageId"]
