"""Every hook the lms app registers: the user admin's bulk actions, with our account rules
(lms/admin.py), the admin menu's way back to the site (lms/landing.py) and the audit log
(lms/audit_log.py)."""

from wagtail import hooks

from .admin import BULK_ACTIONS
from .audit_log import audit_log_menu_item, audit_log_urls
from .landing import switch_menu_item

for action_class in BULK_ACTIONS:
    # Same action_type as Wagtail's own, registered after them (order=1), so ours replace them.
    hooks.register("register_bulk_action", action_class, order=1)


@hooks.register("register_admin_menu_item")
def register_switch_menu_item():
    """The way back to the site from the admin (lms/landing.py)."""
    return switch_menu_item()


# The audit log, under Reports (lms/audit_log.py).
hooks.register("register_admin_urls", audit_log_urls)
hooks.register("register_reports_menu_item", audit_log_menu_item)
