"""Appointments and slot search."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone


@dataclass(frozen=True)
class Appointment:
    appointment_id: str
    patient_id: str
    clinician: str
    starts_at: datetime

    @classmethod
    def from_event(cls, payload: dict) -> "Appointment":
        return cls(
            appointment_id=payload["appointment_id"],
            patient_id=payload["patient_id"],
            clinician=payload["clinician"],
            starts_at=datetime.fromisoformat(payload["starts_at"]),
        )

    @property
    def reminder_at(self) -> datetime:
        return self.starts_at - timedelta(hours=24)

    @property
    def is_due(self) -> bool:
        return datetime.now(timezone.utc) >= self.reminder_at

    def seconds_between(self, earlier: datetime) -> int:
        return max(int((self.reminder_at - earlier).total_seconds()), 0)


class SlotFinder:
    __slots__ = ("slot_minutes",)

    def __init__(self, slot_minutes: int = 20) -> None:
        self.slot_minutes = slot_minutes

    def free_slots(self, day_start: datetime, day_end: datetime,
                   booked: list[datetime]) -> list[datetime]:
        taken = {b.isoformat() for b in booked}
        slots, cursor = [], day_start
        while cursor + timedelta(minutes=self.slot_minutes) <= day_end:
            if cursor.isoformat() not in taken:
                slots.append(cursor)
            cursor += timedelta(minutes=self.slot_minutes)
        return slots
