"""Low-level plumbing: clocks, ids, HTTP transport, host information."""
