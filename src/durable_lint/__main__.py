"""`python -m durable_lint` runs the command line, as the `durable-lint` executable does."""

from durable_lint.cli import entry

entry()
