"""The supervisor's area at /supervise/: essays to grade now, practice logs later (issue 6)."""

from django.urls import path

from . import views

app_name = "supervise"

urlpatterns = [
    path("", views.supervise_home, name="home"),
    path("essays/<int:answer_id>/", views.supervise_essay, name="essay_grade"),
]
