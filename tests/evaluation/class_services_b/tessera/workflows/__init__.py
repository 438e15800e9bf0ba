"""Workflow objects that drive a DurableContext."""
