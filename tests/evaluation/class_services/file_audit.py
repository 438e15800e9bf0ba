"""Close a customer account and keep a local audit trail."""

from __future__ import annotations

import os

import boto3
from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from shop.audit import AuditLog

cognito = boto3.client("cognito-idp")
USER_POOL = os.environ.get("USER_POOL_ID", "eu-west-1_pool")
audit = AuditLog()


class ClosureRequest:
    def __init__(self, event: dict) -> None:
        self.username = event["username"]
        self.reason = event.get("reason", "customer-request")

    def summary(self) -> dict:
        return {"username": self.username, "reason": self.reason}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    request = ClosureRequest(event)
    audit.record("closure-requested", request.summary())  # error: DUR402

    context.step(
        lambda _: cognito.admin_disable_user(UserPoolId=USER_POOL, Username=request.username),
        name="disable-login",
    )
    context.wait(Duration.from_days(30), name="grace-period")
    context.step(
        lambda _: cognito.admin_delete_user(UserPoolId=USER_POOL, Username=request.username),
        name="delete-user",
    )
    context.step(lambda _: str(audit.snapshot(f"closed-{request.username}", request.summary())), name="snapshot")
    return {"closed": request.username, "note": AuditLog.describe("closed", request.summary())}
