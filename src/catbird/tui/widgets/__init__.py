"""Widgets: the board column (a virtual list), the key bar, table cells, charts, hanging text."""
