"""The trainee's supervised-practice URLs, under /learn/practice/ (before the courses app's
/learn/ include). `logs/<id>/` is linked from decision emails: keep that path."""

from django.urls import path

from assessments.practice import views

app_name = "practice"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<id:course_id>/new/", views.log_new, name="log_new"),
    path("<id:course_id>/statement.csv", views.statement_csv, name="statement"),
    path("logs/<id:log_id>/", views.log_detail, name="log"),
    path("logs/<id:log_id>/edit/", views.log_edit, name="log_edit"),
    path("logs/<id:log_id>/submit/", views.log_submit, name="log_submit"),
]
