"""One file's findings: the selected rules run over its model, then `# noqa` filters them.
What the flake8 and pylint plugins run."""
