"""Every hook the lms app registers: the user admin's bulk actions, with our account rules
(lms/admin.py), the admin menu's way back to the site (lms/landing.py), the audit log
(lms/audit_log.py) and the privacy notice's versions (lms/consent_admin.py)."""

from wagtail import hooks

from .admin import BULK_ACTIONS
from .audit_log import audit_log_menu_item, audit_log_urls
from .consent_admin import PrivacyNoticeViewSet
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


@hooks.register("register_admin_viewset")
def register_privacy_notice_admin():
    """Settings → Privacy notices: editors and national admins publish versions."""
    return PrivacyNoticeViewSet("privacy_notices")
