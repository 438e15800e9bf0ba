"""Notification channels behind one structural interface."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Protocol

import requests

from tessera.config import Settings


class Notifier(Protocol):
    def notify(self, recipient: str, message: str) -> None: ...


class EmailNotifier:
    def __init__(self, smtp_host: str, sender: str = "no-reply@tessera.example") -> None:
        self.smtp_host = smtp_host
        self.sender = sender

    def notify(self, recipient: str, message: str) -> None:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, recipient, "Update"
        mail.set_content(message)
        with smtplib.SMTP(self.smtp_host) as smtp:
            smtp.send_message(mail)


class ChatNotifier:
    def __init__(self, webhook_url: str) -> None:
        self.webhook_url = webhook_url

    def notify(self, recipient: str, message: str) -> None:
        requests.post(self.webhook_url, json={"channel": recipient, "text": message}, timeout=5)


class RecordingNotifier:
    """Keeps messages in a list; used in sandboxes and dry runs."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def notify(self, recipient: str, message: str) -> None:
        self.sent.append((recipient, message))


def notifier_for(channel: str, settings: Settings) -> Notifier:
    if channel == "email":
        return EmailNotifier(settings.smtp_host)
    if channel == "chat":
        return ChatNotifier(settings.chat_webhook)
    return RecordingNotifier()
