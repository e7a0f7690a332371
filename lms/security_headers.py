"""Response headers that keep every page's requests on this site.

django-csp sends `CONTENT_SECURITY_POLICY` (strict: no inline script or style) on every page a
trainee, supervisor or visitor sees. Wagtail's editing area still writes some inline script
and style, so paths under the admin get `LMS_ADMIN_CONTENT_SECURITY_POLICY` instead, the
strictest policy Wagtail works under (SECURITY.md lists each relaxed directive and why).
django-csp's documented way to vary the policy per request is to extend `get_policy_parts`.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse
from django.utils.functional import cached_property


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's URL prefix.

    Also sends `Permissions-Policy` (Django has no setting for it): the site uses no camera,
    microphone, location or payment, so no page, or anything framed in one, may ask for them.
    """

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path.startswith(self.admin_prefix):
            parts.config = settings.LMS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        policy = getattr(settings, "LMS_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
