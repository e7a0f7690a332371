"""The trainee's quiz URLs, under /learn/ beside the courses app's own."""

from django.urls import path

from assessments.quizzes import views

app_name = "assessments"

urlpatterns = [
    path("quizzes/<id:quiz_id>/", views.quiz_detail, name="quiz"),
    path("quizzes/<id:quiz_id>/start/", views.quiz_start, name="quiz_start"),
    path("attempts/<uuid:uuid>/", views.attempt_resume, name="attempt"),
    path("attempts/<uuid:uuid>/review/", views.attempt_review, name="attempt_review"),
    path("attempts/<uuid:uuid>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<uuid:uuid>/result/", views.attempt_result, name="attempt_result"),
    path(
        "attempts/<uuid:uuid>/<id:position>/",
        views.attempt_question,
        name="attempt_question",
    ),
    path(
        "attempts/<uuid:uuid>/<id:position>/save/",
        views.answer_save_json,
        name="answer_save",
    ),
]
