"""The supervisor's essay grading at /supervise/essays/<id>/: the question, the grader
guidance, the trainee's answer, and a grade form.

The grade itself is the quiz room's write (`assessments.quizzes.services.essay_grade`); this
page only finds the essay among the supervisor's current trainees, so someone else's id is a
404 and reveals nothing.
"""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.models import AttemptAnswer
from assessments.quizzes import services, translations
from assessments.quizzes.services import AssessmentError
from assessments.supervise.access import supervisor_required
from assessments.supervise.forms import EssayGradeForm


def _essay_for_supervisor_or_404(user, answer_id: int) -> AttemptAnswer:
    """An essay answer of a trainee this user supervises now; 404 for anyone else's, so an id
    reveals nothing."""
    answer = get_object_or_404(
        AttemptAnswer.objects.select_related(
            "attempt__quiz", "attempt__enrolment__user", "attempt__enrolment__course"
        ),
        pk=answer_id,
        attempt__enrolment__supervisions__supervisor=user,
        attempt__enrolment__supervisions__ended_at__isnull=True,
    )
    if answer.snapshot.get("type") != "essay" or answer.attempt.is_open:
        raise Http404
    return answer


@supervisor_required
@require_http_methods(["GET", "POST"])
def supervise_essay(request, answer_id: int):
    """Grade one essay: the question, the grader guidance, the trainee's answer, and a form."""
    answer = _essay_for_supervisor_or_404(request.user, answer_id)
    form = EssayGradeForm(
        request.POST if request.method == "POST" else None, max_points=answer.points
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.essay_grade(
                answer=answer,
                grader=request.user,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        except AssessmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your grade for %(trainee)s is saved.")
                % {"trainee": answer.attempt.enrolment.user},
            )
            return redirect("supervise:home")
    language = translations.target_language()
    text = translations.question_texts([answer.snapshot.get("question_id")], language)
    shown = translations.localise_snapshot(
        answer.snapshot, text.get(answer.snapshot.get("question_id")), language
    )
    context = {
        "answer": answer,
        # The question and guidance as the supervisor reads them: the approved translation
        # into their language, or the English marked (lang and a note).
        "question": {
            "prompt": shown.get("prompt", ""),
            "grader_info": shown.get("grader_info", ""),
            "text_format": shown.get("text_format", answer.snapshot.get("text_format")),
            "lang": shown.get("_lang", ""),
            "untranslated": shown.get("_untranslated", False),
            # Guidance for graders is not translated: English, marked, in another language.
            "grader_info_lang": translations.SOURCE_LANGUAGE if language else "",
        },
        "quiz_text": translations.quiz_text(answer.attempt.quiz),
        "attempt": answer.attempt,
        "trainee": answer.attempt.enrolment.user,
        "form": form,
        "max_points": format(answer.points.normalize(), "f"),
        "earned": (
            format((answer.score * answer.points).quantize(Decimal("0.01")).normalize(), "f")
            if answer.score is not None
            else ""
        ),
    }
    return render(
        request,
        "assessments/supervise/essay.html",
        context,
        status=400 if form.errors else 200,
    )
