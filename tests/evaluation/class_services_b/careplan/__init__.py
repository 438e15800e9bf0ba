"""Clinic scheduling, reminders and lab integrations."""
