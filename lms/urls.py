"""URLs: accounts, the Wagtail admin (behind the same login), documents, the trainee's and
supervisor's areas, then the page tree."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from . import consent_views, erasure_views, health, views
from .admin import AccountView, ScopedLogEntriesView
from .private_files import public_media_urlpatterns

urlpatterns = [
    # For a load balancer: public, no secrets, bounded timeouts (lms/health.py).
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    # The admin's own login is replaced by the site's (allauth, rate-limited).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/account/", require_admin_access(AccountView.as_view())),
    # Wagtail's /admin/failwhale/ raises on purpose to test the error page: a 500 anyone on
    # the staff can cause is noise in the error reports, so it does not exist here.
    path("admin/failwhale/", views.not_found),
    # The site history, narrowed to the entries of the reader's organisations (lms/admin.py).
    path(
        "admin/reports/site-history/",
        require_admin_access(ScopedLogEntriesView.as_view()),
    ),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(ScopedLogEntriesView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The language switch visitors use (Django's set_language: POST, remembered in the
    # language cookie); signed-in people choose on their profile (lms.middleware). Without a
    # CSRF token: the form is on every page a visitor opens, which then stays the same for
    # everyone (no per-response token, no CSRF cookie), and the worst a forged POST can do is
    # choose a language; `next` is checked against this host.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Django's JavaScript catalogue: gettext() and friends for our scripts, in the page's
    # language (static/js reads its messages from the page today; new strings go here).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("accounts/profile/", views.profile, name="profile"),
    # The privacy notice (lms.consent): public; agreeing when a new version asks again, and
    # withdrawing consent (which asks for erasure), from one's account.
    path("privacy/", consent_views.privacy_notice, name="privacy_notice"),
    path(
        "privacy/version/<id:version>/",
        consent_views.privacy_notice,
        name="privacy_notice_version",
    ),
    path("accounts/privacy/agree/", consent_views.privacy_agree, name="privacy_agree"),
    path("accounts/privacy/withdraw/", consent_views.consent_withdraw, name="consent_withdraw"),
    # A copy of one's data (lms.data_export): asked for from the profile, downloaded by its owner.
    path("accounts/data/request/", views.data_export_request, name="data_export_request"),
    path(
        "accounts/data/<id:export_id>/download/",
        views.data_export_download,
        name="data_export_download",
    ),
    # Erasure (lms.erasure): asked for with the password, cancelled while it waits.
    path("accounts/data/erase/", erasure_views.erasure_confirm, name="erasure_confirm"),
    path("accounts/data/erase/cancel/", erasure_views.erasure_cancel, name="erasure_cancel"),
    # One's notices (lms.notices): opening one marks it read and goes to its page.
    path("notices/", views.notices, name="notices"),
    path("notices/read-all/", views.notices_read_all, name="notices_read_all"),
    path("notices/<id:notice_id>/", views.notice_open, name="notice_open"),
    path("accounts/invitation/<str:token>/", views.invitation, name="invitation_accept"),
    path("accounts/", include("allauth.urls")),
    path("learn/practice/", include("assessments.practice.urls", namespace="practice")),
    path("learn/certificates/", include("certificates.urls", namespace="certificates")),
    path("learn/", include("courses.urls", namespace="courses")),
    path("learn/", include("assessments.quizzes.urls", namespace="assessments")),
    path("supervise/", include("assessments.supervise.urls", namespace="supervise")),
    path("verify/", include("certificates.verify_urls", namespace="verify")),
]

# Development (DEBUG) only: images at MEDIA_URL, never documents or private files.
urlpatterns += public_media_urlpatterns()

urlpatterns += [
    # Wagtail's front-end login (for private pages) is Django's bare LoginView: no rate limit,
    # no lock-out, no email verification. Private pages send visitors to allauth's login
    # (WAGTAIL_FRONTEND_LOGIN_URL); this keeps the old address from serving the old form.
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    # Learner pages from a cached route; everything else falls through to Wagtail's serve.
    path("", include("courses.page_urls")),
    path("", include(wagtail_urls)),
]
