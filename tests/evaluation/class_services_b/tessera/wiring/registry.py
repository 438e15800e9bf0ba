"""Module-level singletons shared by handlers in the same sandbox."""
from __future__ import annotations

from tessera.billing.gateways import CardGateway
from tessera.billing.invoices import InvoiceBuilder, InvoiceService
from tessera.billing.payouts import PaymentsFacade
from tessera.config import Settings
from tessera.messaging.hub import NotificationHub
from tessera.platform.transport import HttpTransport

_settings = Settings.from_env()

payments = PaymentsFacade(CardGateway(HttpTransport(_settings.api_base)))
notifications = NotificationHub()
invoice_builder = InvoiceBuilder(payment_terms_days=14)
invoice_service = InvoiceService(HttpTransport(_settings.api_base))
