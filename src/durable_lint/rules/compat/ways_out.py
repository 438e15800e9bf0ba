"""What to do instead of a change that breaks executions in flight: every DUR6xx page says it."""

WAYS_OUT = (
    "keep the old handler version for executions already started (publish the new code as a "
    "new Lambda version and move the alias only for new executions), add operations only "
    "after the last point where the old code can be suspended, or make the change keep each "
    "operation's position, kind and name."
)
