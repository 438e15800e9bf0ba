"""Safe deploys: the changes between two revisions of a handler that executions suspended on
the old one would not survive (`durable-lint compat`, rules DUR601-DUR606)."""
