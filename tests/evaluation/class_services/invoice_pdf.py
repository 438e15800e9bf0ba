"""Issue a monthly invoice as a PDF and email it."""

from __future__ import annotations

import os

from durable_runtime import DurableContext, durable_execution

from billing.invoices import InvoiceNumberer, InvoiceRenderer
from shop.notify import EmailNotifier

renderer = InvoiceRenderer(tenant="eu")
numberer = InvoiceNumberer(prefix="EU")
mailer = EmailNotifier(os.environ.get("BILLING_TOPIC", "arn:aws:sns:eu-west-1:1:billing"), "billing@example.com")


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    number = numberer.next_number()  # error: DUR102
    stable_number = numberer.number_for(event["account_id"], int(event["year"]))
    invoice = {"number": number, "lines": event["lines"], "reference": stable_number}

    preview = renderer.render_html(invoice)
    pdf_path = renderer.render_pdf(invoice)  # error: DUR402

    context.step(
        lambda _: mailer.send_email(event["email"], f"Invoice {number}", f"{preview}\n{pdf_path}"),
        name="email-invoice",
    )
    return {"number": number, "pdf": pdf_path}
