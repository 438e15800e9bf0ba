"""durable-lint: keeps durable execution handlers deterministic on replay."""

__version__ = "0.1.0"
