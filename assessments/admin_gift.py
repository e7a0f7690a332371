"""Filled in by the quiz engine work (issue 5)."""
