"""`python -m durable_lint` runs the command line."""

from durable_lint.cli import main

main()
