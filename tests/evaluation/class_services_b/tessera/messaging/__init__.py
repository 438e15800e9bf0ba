"""Notifications, audit trails, archives and event publishing."""
