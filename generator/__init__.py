"""Publish legal policies with their whole history: versions from git, redlines, feeds."""

__version__ = "0.1.0"
