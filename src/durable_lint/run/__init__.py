"""A run over many files: discovery, configuration, the result cache, fixing on disk and
worker processes."""
