"""Two machines, one search: `catbird sync` on git and the merge driver behind it.

Plain Python around the user's own `git` executable: `git.py` runs it, `resolve.py` merges two
versions of one model (by event id, the later change winning a value both sides changed, the
other kept in words), `driver.py` does that for one file (as git's merge driver, or inside a
sync), `message.py` says what a commit holds, and `engine.py` is the sync itself.
"""
