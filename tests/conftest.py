"""Shared test setup.

Its presence is the point: pytest puts this folder on `sys.path` when it imports a conftest,
so `fixture_support` imports the same way from tests/ and from tests/runtime/.
"""
