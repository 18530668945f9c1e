"""The dialogs of the TUI, one per file, each with its own DEFAULT_CSS: questions and forms."""
