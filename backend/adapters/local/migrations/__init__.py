"""Alembic revisions of the local SQLite schema (env.py, versions/); run by schema_migrations.py."""
