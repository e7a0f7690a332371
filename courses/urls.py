"""The trainee's URLs under /learn/: the dashboard and the POSTs lesson and course pages send."""

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<id:course_id>/enrol/", views.enrol, name="enrol"),
    path("lessons/<id:lesson_id>/complete/", views.complete, name="lesson_complete"),
    path(
        "lessons/<id:lesson_id>/responses/<slug:block_id>/",
        views.response_save,
        name="response_save",
    ),
]
