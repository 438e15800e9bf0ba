"""Remind a customer about an abandoned cart after a day."""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


class Mailer:
    def __init__(self, host: str, port: int = 587, sender: str = "shop@example.com") -> None:
        self.host = host
        self.port = port
        self.sender = sender

    def compose(self, to: str, subject: str, body: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, to, subject
        msg.set_content(body)
        return msg

    def send(self, to: str, subject: str, body: str) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            smtp.starttls()
            smtp.send_message(self.compose(to, subject, body))


mailer = Mailer(os.environ.get("SMTP_HOST", "smtp.example.com"))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    context.wait(Duration.from_hours(24), name="abandonment-delay")
    still_open = context.step(lambda _: not event.get("checked_out", False), name="check-cart")
    if not still_open:
        return {"reminded": False}

    body = f"You left {len(event['items'])} items in your cart."
    mailer.send(event["email"], "Still thinking it over?", body)  # error: DUR401
    return {"reminded": True}
