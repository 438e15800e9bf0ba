"""Travel booking services."""
