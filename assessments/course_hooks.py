"""Filled in by the quiz engine work (issue 5): trainee-side hooks into courses."""
