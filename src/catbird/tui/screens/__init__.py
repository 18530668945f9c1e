"""The screens of the TUI, one per file: board, detail, tally, offer worksheet, compare, due,
insights, profile, keys and welcome."""
