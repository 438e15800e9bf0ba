"""Two-factor check before a high-value withdrawal."""

from __future__ import annotations

import os
import secrets

import boto3
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration, WaitForCallbackConfig


class OtpService:
    DIGITS = 6

    def __init__(self, sender_id: str) -> None:
        self.sender_id = sender_id
        self.sns = boto3.client("sns")

    def generate(self) -> str:
        return f"{secrets.randbelow(10**self.DIGITS):0{self.DIGITS}d}"

    def send(self, phone: str, code: str, callback_id: str) -> None:
        self.sns.publish(
            PhoneNumber=phone,
            Message=f"Your code is {code}. Ref {callback_id[:8]}",
            MessageAttributes={"AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": self.sender_id}},
        )


otp = OtpService(os.environ.get("SMS_SENDER", "BANK"))


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    code = otp.generate()  # error: DUR102

    def submit(callback_id: str) -> None:
        otp.send(event["phone"], code, callback_id)

    answer = context.wait_for_callback(
        submit,
        name="otp-confirmation",
        config=WaitForCallbackConfig(timeout=Duration.from_minutes(5)),
    )
    return {"approved": answer == code, "withdrawal_id": event["withdrawal_id"]}
