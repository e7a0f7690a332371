"""The supervisor's area at /supervise/: essays to grade and supervised practice (issue 6)."""

from django.urls import path

from assessments.supervise import essays
from assessments.supervise import views as practice_views

app_name = "supervise"

urlpatterns = [
    # The home page lists practice beside the essays, so it is served from the practice views.
    path("", practice_views.supervise_home, name="home"),
    path("essays/<id:answer_id>/", essays.supervise_essay, name="essay_grade"),
    path("practice/", practice_views.practice_queue, name="practice_queue"),
    path("practice/<id:log_id>/", practice_views.practice_decide, name="practice_decide"),
    path("trainees/", practice_views.trainee_list, name="trainee_list"),
    path("trainees/<id:enrolment_id>/", practice_views.trainee_detail, name="trainee_detail"),
    path(
        "trainees/<id:enrolment_id>/observations/",
        practice_views.observation_record,
        name="observation_record",
    ),
    path(
        "trainees/<id:enrolment_id>/sign-off/",
        practice_views.competency_sign_off,
        name="competency_sign_off",
    ),
]
