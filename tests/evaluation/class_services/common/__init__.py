"""Cross-cutting helpers: observability and in-memory caches."""
