"""Use cases. They receive ports (keyword-only) and raise domain errors."""
