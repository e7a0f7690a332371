"""Factories for every app, re-exported so tests import from one place."""

from .lms import UserFactory

__all__ = ["UserFactory"]
