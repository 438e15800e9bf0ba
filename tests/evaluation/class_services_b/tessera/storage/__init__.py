"""Repositories over sqlite, DynamoDB and in-process dictionaries."""
