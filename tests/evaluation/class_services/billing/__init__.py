"""Billing: ledger, invoices and the base service class."""
