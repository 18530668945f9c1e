"""Everything that imports Textual: the app, its screens, dialogs and widgets, themes and settings.

The CLI imports this package only to open the board; the core never does.
"""
