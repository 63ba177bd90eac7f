"""Interfaces the services depend on; adapters implement them."""
