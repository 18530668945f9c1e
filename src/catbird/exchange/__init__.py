"""Import and export: the spreadsheets other trackers write, and Markdown, CSV and JSON out."""
