"""What ships with Catbird besides the code: the themes and the demo workspace.

The sources are the top-level `themes/` and `sample_data/` folders of the repository; these
two links bring them into the package, so a wheel carries them as package data and
`catbird.store.paths` finds them with `importlib.resources`, never relative to the source tree.
"""
