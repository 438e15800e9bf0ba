"""The records every layer passes on: findings, their fixes, the codes and `# noqa`."""
