"""The HTTP API: FastAPI routers mounted into the Reflex backend."""
