"""Powertools singletons shared by every function in the service."""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger(service="shop")
metrics = Metrics(namespace="Shop", service="shop")
tracer = Tracer(service="shop")
