"""The public catalog's rows: PUBLIC and watchable (PLAYABLE or READY) videos.

Only they are in `video_search` (FTS5 over title, description, tags and the creator's username;
rowid = the video row's rowid), so a search never sees
drafts, and the partial index `ix_videos_public_newest` serves the newest-first listing. Triggers
keep both in step with the videos table; the schema revisions in migrations/versions make them.
"""

PUBLIC = "visibility = 'PUBLIC' AND status IN ('PLAYABLE', 'READY')"
