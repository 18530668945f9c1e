"""Catbird: a keyboard-driven terminal companion for people interviewing for jobs."""

__version__ = "0.1.0"
