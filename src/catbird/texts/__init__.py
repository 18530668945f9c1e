"""Our own words: the scripts, notes and task titles Catbird drafts for the candidate."""
