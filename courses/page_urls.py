"""The page tree's URL, in front of Wagtail's: learner pages come from a cached route
(courses/page_cache.py); every other URL Wagtail's own `serve` answers as before.

Wagtail's pattern, minus its `_util/` views (password-protected pages), which lms/urls.py
still reaches through `wagtail.urls` after this one. Page URLs are still reversed with
Wagtail's `wagtail_serve`."""

from django.urls import re_path
from wagtail.urls import serve_pattern

from .page_cache import page_serve

urlpatterns = [
    re_path("^(?!_util/)" + serve_pattern.removeprefix("^"), page_serve, name="page_serve"),
]
