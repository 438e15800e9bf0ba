"""Powertools singletons shared by every function in the service."""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "shop")
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "Shop")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
tracer = Tracer(service=SERVICE)


def default_dimensions(stage: str) -> dict[str, str]:
    """Dimensions every metric in the service should carry."""
    return {"service": SERVICE, "stage": stage}


def configure(stage: str) -> None:
    """Called once at import time by the functions that want stage dimensions."""
    metrics.set_default_dimensions(**default_dimensions(stage))
    logger.append_keys(stage=stage)


class MetricNames:
    ORDERS_PLACED = "OrdersPlaced"
    GIFT_CARDS_ACTIVATED = "GiftCardsActivated"
    POINTS_CREDITED = "PointsCredited"
    RESTOCK_CHECKS = "RestockChecks"

    @classmethod
    def all(cls) -> list[str]:
        return [v for k, v in vars(cls).items() if k.isupper()]
