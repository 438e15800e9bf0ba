"""Prescription refill requests."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from durable_runtime import DurableContext, durable_execution
from rxlink import RxSession


@dataclass(frozen=True)
class RefillRequest:
    prescription_id: str
    patient_id: str
    quantity: int
    requested_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def describe(self) -> str:
        return f"{self.prescription_id} x{self.quantity} for {self.patient_id}"


class RefillPolicy:
    __slots__ = ("max_refills", "max_quantity")

    def __init__(self, max_refills: int, max_quantity: int) -> None:
        self.max_refills = max_refills
        self.max_quantity = max_quantity

    def allowed(self, request: RefillRequest, refills_so_far: int) -> bool:
        return refills_so_far < self.max_refills and request.quantity <= self.max_quantity

    def report(self, request: RefillRequest, allowed: bool) -> None:
        print(f"refill {request.describe()}: {'approved' if allowed else 'denied'}")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    request = RefillRequest(event["prescription_id"], event["patient_id"], int(event["quantity"]))  # uncertain: DUR101
    session = RxSession.from_environment()
    history = session.post("/history", {"prescription_id": request.prescription_id})

    policy = RefillPolicy(max_refills=5, max_quantity=90)
    allowed = policy.allowed(request, len(history["refills"]))
    policy.report(request, allowed)  # error: DUR404

    if not allowed:
        return {"prescription_id": request.prescription_id, "status": "denied"}
    submission = context.step(
        lambda _: session.post("/refills", {"prescription_id": request.prescription_id,
                                            "quantity": request.quantity}),
        name="submit-refill",
    )
    return {"prescription_id": request.prescription_id, "status": "submitted",
            "submission": submission}
