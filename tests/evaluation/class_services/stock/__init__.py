"""Inventory reservations."""
