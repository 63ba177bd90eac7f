"""Domain types: plain dataclasses, statuses and errors. No I/O, no frameworks."""
