"""Know-your-customer checks."""
