"""The service container: one object graph per sandbox."""
from __future__ import annotations

from tessera.billing.gateways import CardGateway
from tessera.billing.orders import OrderService
from tessera.config import Settings
from tessera.messaging.notifiers import ChatNotifier
from tessera.platform.transport import HttpTransport
from tessera.storage.dynamo import BookingStore
from tessera.storage.memory import InMemoryOrders
from voyage.bookings import BookingService


class Container:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.transport = HttpTransport(settings.api_base)
        self.gateway = CardGateway(self.transport)
        self.orders = OrderService(self.gateway)
        self.bookings = BookingService(self.orders, BookingStore("bookings"))
        self.notifier = ChatNotifier(settings.chat_webhook)
        self.scratch = InMemoryOrders()


container = Container(Settings.from_env())
