"""Object graphs built once per Lambda sandbox."""
