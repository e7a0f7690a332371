"""Every hook the lms app registers: the user admin's bulk actions, with our account rules
(lms/admin.py)."""

from wagtail import hooks

from .admin import BULK_ACTIONS

for action_class in BULK_ACTIONS:
    # Same action_type as Wagtail's own, registered after them (order=1), so ours replace them.
    hooks.register("register_bulk_action", action_class, order=1)
