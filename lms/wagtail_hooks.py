"""Admin hooks of the lms app: the user admin's bulk actions, with our account rules."""

from .admin_users import register_bulk_actions

register_bulk_actions()
