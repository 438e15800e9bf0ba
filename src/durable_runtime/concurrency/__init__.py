"""Results of `parallel` and `map`."""
