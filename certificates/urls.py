"""The trainee's certificate URLs under /learn/certificates/ (namespace "certificates")."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.my_certificates, name="mine"),
    path("<id:course_id>/ethics/", views.ethics, name="ethics"),
    path("<id:course_id>/status/", views.status, name="status"),
    path("<id:course_id>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("<str:code>/download/", views.download, name="download"),
]
