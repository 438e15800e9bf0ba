"""Durable handlers under test, written against AWS's `aws_durable_execution_sdk_python`.

One module per business domain; each handler is decorated with `@durable_execution` and is
driven from the tests by AWS's `DurableFunctionTestRunner`.
"""
