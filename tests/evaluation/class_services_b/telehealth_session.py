"""Video consultation: open a room, send the link, close the room afterwards."""
from __future__ import annotations

import time

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

from tessera.messaging.notifiers import EmailNotifier
from tessera.platform.transport import HttpTransport

VIDEO_API = "https://video.telehealth.example/v1"


class VideoRooms:
    def __init__(self, transport: HttpTransport) -> None:
        self.transport = transport

    @staticmethod
    def room_name(appointment_id: str) -> str:
        return f"consult-{appointment_id}"

    def create_room(self, appointment_id: str) -> dict:
        return self.transport.send("/rooms", {"name": self.room_name(appointment_id)})

    def close_room(self, room_id: str) -> dict:
        return self.transport.send(f"/rooms/{room_id}/close", {})


class TelehealthWorkflow:
    def __init__(self, context: DurableContext, rooms: VideoRooms, mailer: EmailNotifier) -> None:
        self.context = context
        self.rooms = rooms
        self.mailer = mailer
        self.opened_at = time.time()  # error: DUR101

    def run(self, event: dict) -> dict:
        room = self.rooms.create_room(event["appointment_id"])
        self.context.step(
            lambda _: self.mailer.notify(event["patient_email"], f"Join: {room['join_url']}"),
            name="send-join-link",
        )
        self.context.wait(Duration.from_minutes(int(event.get("length_minutes", 30)) + 15),
                          name="session-window")
        closed = self.context.step(lambda _: self.rooms.close_room(room["id"]), name="close-room")
        return {"room": room["id"], "closed": closed, "opened_at": self.opened_at}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    workflow = TelehealthWorkflow(context, VideoRooms(HttpTransport(VIDEO_API)),  # uncertain: DUR101
                                  EmailNotifier("smtp.internal.example"))
    return workflow.run(event)  # error: DUR401
