"""Monthly interest accrual, booked through the ledger in steps."""

from __future__ import annotations

from aws_durable_execution_sdk_python.config import Duration
from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from billing.ledger import Ledger

ledger = Ledger("postgresql://ledger.internal/ledger", tenant="savings")


class InterestCalculator:
    def __init__(self, annual_rate_bps: int) -> None:
        self.annual_rate_bps = annual_rate_bps

    def monthly_interest(self, balance_cents: int) -> int:
        return balance_cents * self.annual_rate_bps // (10_000 * 12)


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    account = event["account"]
    calculator = InterestCalculator(int(event.get("rate_bps", 325)))

    balance = context.step(lambda _: ledger.balance(account), name="read-balance")
    interest = calculator.monthly_interest(balance)
    context.step(lambda _: ledger.post_entry(account, interest, f"interest-{event['period']}"), name="book")
    context.wait(Duration.from_days(1), name="statement-delay")
    return {"account": account, "interest": Ledger.format_amount(interest), "scoped": ledger.scoped(account)}
