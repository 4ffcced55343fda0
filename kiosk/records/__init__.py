"""Service records: what was done at each visit, and the follow-up list."""
