"""The workspace on disk: paths, TOML reading and writing, locks, migrations and the index.

Plain Python: no Textual here, so the quick-capture CLI stays fast.
"""

from catbird.store.errors import Ambiguous, CatbirdError, FileProblem, LockTimeout, NotFound
from catbird.store.paths import default_home
from catbird.store.workspace import Change, ProfileChange, Workspace, slugify

__all__ = [
    "Ambiguous",
    "CatbirdError",
    "Change",
    "FileProblem",
    "LockTimeout",
    "NotFound",
    "ProfileChange",
    "Workspace",
    "default_home",
    "slugify",
]
