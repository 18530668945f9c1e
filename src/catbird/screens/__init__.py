"""The screens of the TUI: board, detail, forms, profile, help and welcome."""
