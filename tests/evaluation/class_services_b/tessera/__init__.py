"""Tessera platform: shared services for the team's durable workflows."""
