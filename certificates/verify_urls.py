"""The public verification URLs under /verify/ (namespace "verify"): anyone, signed in or not."""

from django.urls import path

from . import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_form, name="form"),
    path("<str:code>/", views.verify_detail, name="detail"),
]
