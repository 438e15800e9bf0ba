"""Payments, orders, invoices and FX."""
