"""The trainee's quiz screens under /learn/ (a quiz's page, its attempts one question at a
time, the summary before submitting, the result). The supervisor's essay grading lives in
`assessments.supervise.essays`.

Every page works without JavaScript: each question is a form whose buttons (Next, Previous,
Review and submit, and the list of questions) save the answer on the server before moving
on, so a closed tab or a dropped connection loses at most the question on screen. With
static/js/quiz.js the same answer also saves itself on change through `answer_save_json`.

Trainees only ever reach their own attempts: `selectors.attempt_for_user` raises for anyone
else's uuid, and that becomes a 404, so a guessed uuid cannot tell an attempt exists. What a
trainee writes travels in POST bodies only: never in a URL, a message or a log.

Quizzes show in the trainee's language where a reviewed translation exists
(`translations.quiz_text`, and the selectors lay each question's over its snapshot), and in
the original, marked, where not; what is answered and graded is always the source rows.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import Attempt, AttemptAnswer, Quiz
from assessments.quizzes import selectors, services, translations
from assessments.quizzes.forms import posted_sequence, response_from_post
from assessments.quizzes.question_types.base import AnswerRefused
from assessments.quizzes.question_types.registry import question_type_for
from assessments.quizzes.services import AssessmentError
from courses.models import CoursePage
from courses.selectors import enrolment_for
from lms.durations import duration_words


def _live_quiz_or_404(quiz_id: int) -> Quiz:
    """A published quiz on a published module; drafts and hidden modules are not found."""
    return get_object_or_404(
        Quiz.objects.filter(live=True, module__live=True).select_related("module"), pk=quiz_id
    )


def _course_of(quiz: Quiz) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(quiz.module).first()


def _attempt_or_404(request, uuid) -> Attempt:
    try:
        return selectors.attempt_for_user(user=request.user, uuid=uuid)
    except Attempt.DoesNotExist:
        raise Http404 from None


def _submit_if_time_is_up(request, attempt: Attempt) -> Attempt:
    """An open attempt past its deadline is submitted with its saved answers now, so it never
    blocks the next one (the periodic sweep does the same for attempts nobody opens)."""
    if attempt.is_open and attempt.deadline and attempt.deadline <= timezone.now():
        attempt = services.attempt_submit_if_overdue(attempt)
        messages.info(request, _("The time limit ran out, so your saved answers were submitted."))
    return attempt


# --- The quiz page --------------------------------------------------------------------------


def quiz_rules(quiz: Quiz) -> list[str]:
    """The quiz's settings in plain words, in the order a trainee needs them."""
    pass_mark = format(quiz.pass_mark.normalize(), "f")
    rules = [_("You pass with %(mark)s%% or more.") % {"mark": pass_mark}]
    if quiz.selection == Quiz.Selection.RANDOM and quiz.draw_count:
        rules.append(
            ngettext(
                "Each attempt asks %(n)s question, drawn at random.",
                "Each attempt asks %(n)s questions, drawn at random.",
                quiz.draw_count,
            )
            % {"n": quiz.draw_count}
        )
    if quiz.max_attempts is None:
        rules.append(_("You may try as many times as you need."))
    else:
        rules.append(
            ngettext("You have %(n)s attempt.", "You have %(n)s attempts.", quiz.max_attempts)
            % {"n": quiz.max_attempts}
        )
    if quiz.time_limit:
        rules.append(
            _(
                "Each attempt has a time limit of %(limit)s. When it runs out, the answers you "
                "have saved are submitted."
            )
            % {"limit": duration_words(quiz.time_limit)}
        )
    else:
        rules.append(_("There is no time limit. Your answers are saved as you go."))
    if quiz.cooldown:
        rules.append(
            _("After an attempt, wait %(wait)s before the next one.")
            % {"wait": duration_words(quiz.cooldown)}
        )
    if quiz.max_attempts != 1:
        if quiz.grading == Quiz.Grading.LAST:
            rules.append(_("Your last attempt is the one that counts."))
        else:
            rules.append(_("Your best attempt is the one that counts."))
    rules.append(
        {
            Quiz.Feedback.IMMEDIATELY: _(
                "You see the right answers and feedback after each attempt."
            ),
            Quiz.Feedback.AFTER_PASS: _("You see the right answers and feedback once you pass."),
            Quiz.Feedback.AFTER_LAST_ATTEMPT: _(
                "You see the right answers and feedback once you have used every attempt."
            ),
            Quiz.Feedback.NEVER: _("This quiz shows your score but not the right answers."),
        }[quiz.feedback]
    )
    return rules


def _quiz_page(request, quiz: Quiz, *, error: str = "", status: int = 200):
    course = _course_of(quiz)
    enrolment = enrolment_for(user=request.user, course_id=course.pk) if course else None
    state = selectors.quiz_state_for(enrolment=enrolment, quiz=quiz) if enrolment else None
    locked_reason = ""
    if state is not None and state.can_start:
        # A locked module's quiz says why instead of offering a Start the service would refuse.
        locked_reason = services.quiz_start_lock(
            enrolment=enrolment, course=course, module=quiz.module
        )
    context = {
        "quiz": quiz,
        "quiz_text": translations.quiz_text(quiz),
        "locked_reason": locked_reason,
        "course": course,
        "module": quiz.module,
        "enrolment": enrolment,
        "state": state,
        "rules": quiz_rules(quiz),
        "error": error,
    }
    return render(request, "assessments/quiz.html", context, status=status)


@login_required
@require_GET
def quiz_detail(request, quiz_id: int):
    return _quiz_page(request, _live_quiz_or_404(quiz_id))


@login_required
@require_POST
def quiz_start(request, quiz_id: int):
    """Start an attempt, or go back to the open one; a refusal is shown on the quiz page."""
    quiz = _live_quiz_or_404(quiz_id)
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except AssessmentError as error:
        return _quiz_page(request, quiz, error=error.message, status=getattr(error, "status", 400))
    return redirect("assessments:attempt", uuid=attempt.uuid)


# --- An open attempt ------------------------------------------------------------------------


@login_required
@require_GET
def attempt_resume(request, uuid):
    """The attempt's own address: its first unanswered question while open, else its result."""
    attempt = _attempt_or_404(request, uuid)
    attempt = _submit_if_time_is_up(request, attempt)
    if not attempt.is_open:
        return redirect("assessments:attempt_result", uuid=attempt.uuid)
    questions = selectors.attempt_questions(attempt)
    position = next(
        (q["position"] for q in questions if q["response"] is None),
        questions[0]["position"] if questions else 1,
    )
    return redirect("assessments:attempt_question", uuid=attempt.uuid, position=position)


def _seconds_left(attempt: Attempt) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def clock(seconds: int | None) -> str:
    """12:05 or 1:02:03: time left as a clock shows it (quiz.js counts it down)."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def _question_page(request, attempt, questions, q, *, error="", status=200):
    positions = [item["position"] for item in questions]
    index = positions.index(q["position"])
    seconds_left = _seconds_left(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "quiz_text": translations.quiz_text(attempt.quiz),
        "q": q,
        "questions": questions,
        "previous_position": positions[index - 1] if index > 0 else None,
        "next_position": positions[index + 1] if index + 1 < len(positions) else None,
        "answered_count": sum(1 for item in questions if item["response"] is not None),
        "seconds_left": seconds_left,
        "time_left": clock(seconds_left),
        "error": error,
    }
    return render(request, "assessments/attempt_question.html", context, status=status)


def _find(questions, position: int):
    return next((q for q in questions if q["position"] == position), None)


def _question_type(attempt: Attempt, position: int) -> str | None:
    """The question type at `position` of this attempt, or None if there is no such question."""
    snapshot = (
        AttemptAnswer.objects.filter(attempt=attempt, position=position)
        .values_list("snapshot", flat=True)
        .first()
    )
    return snapshot.get("type") if snapshot else None


def _save(attempt: Attempt, position: int, data):
    """Parse and save one posted answer. Returns the saved AttemptAnswer, or None when the
    question was left blank and nothing had been saved for it; raises AnswerRefused or
    AssessmentError with a message for the trainee."""
    question_type = _question_type(attempt, position)
    if question_type is None:
        raise AnswerRefused(_("That question is not part of this attempt."))
    sequence = posted_sequence(data)
    response = response_from_post(question_type, data)
    if response is None and sequence == 0:
        return None  # never answered, still blank: nothing to save
    return services.answer_save(
        attempt=attempt, position=position, response=response, sequence=sequence
    )


def _target(request, attempt, questions, position):
    """Where the button the trainee pressed leads, once the answer is saved."""
    action = request.POST.get("action", "")
    positions = [q["position"] for q in questions]
    index = positions.index(position)
    if action == "review":
        return reverse("assessments:attempt_review", kwargs={"uuid": attempt.uuid})
    if action == "next" and index + 1 < len(positions):
        position = positions[index + 1]
    elif action == "next":
        return reverse("assessments:attempt_review", kwargs={"uuid": attempt.uuid})
    elif action == "previous" and index > 0:
        position = positions[index - 1]
    elif action.startswith("goto-") and action[5:].isdigit() and int(action[5:]) in positions:
        position = int(action[5:])
    return reverse(
        "assessments:attempt_question", kwargs={"uuid": attempt.uuid, "position": position}
    )


@login_required
@require_http_methods(["GET", "POST"])
def attempt_question(request, uuid, position: int):
    """One question of an open attempt. A POST saves its answer, then follows the button."""
    attempt = _attempt_or_404(request, uuid)
    attempt = _submit_if_time_is_up(request, attempt)
    if not attempt.is_open:
        if request.method == "POST":
            messages.error(request, _("This attempt is already submitted, so nothing was saved."))
        return redirect("assessments:attempt_result", uuid=attempt.uuid)
    if request.method == "POST":
        try:
            _save(attempt, position, request.POST)
        except (AnswerRefused, AssessmentError) as error:
            return _refused_page(request, attempt, position, error)
        questions = selectors.attempt_questions(attempt)
        return redirect(_target(request, attempt, questions, position))
    questions = selectors.attempt_questions(attempt)
    q = _find(questions, position)
    if q is None:
        raise Http404
    return _question_page(request, attempt, questions, q)


def _refused_page(request, attempt, position, error):
    """The question again with the reason; a closed attempt goes to its result instead."""
    attempt.refresh_from_db()
    if not attempt.is_open:
        messages.error(request, error.message)
        return redirect("assessments:attempt_result", uuid=attempt.uuid)
    questions = selectors.attempt_questions(attempt)
    q = _find(questions, position)
    if q is None:
        messages.error(request, error.message)
        return redirect("assessments:attempt", uuid=attempt.uuid)
    status = getattr(error, "status", 400)
    if question_type_for(q["type"]).typed_answer and status == 400:
        # Keep what the trainee typed in the box, so they can correct it.
        typed = request.POST.get("response", "")
        if len(typed) <= 20_000:
            q = {**q, "response": typed}
    return _question_page(request, attempt, questions, q, error=error.message, status=status)


@login_required
@require_POST
def answer_save_json(request, uuid, position: int):
    """The autosave endpoint quiz.js posts to: JSON in both directions' spirit, form data in.

    Answers {"saved_at", "message", "sequence"} or {"error"} with 400 (bad input) or 409 (a
    stale page, a submitted attempt, time up).
    """
    try:
        attempt = selectors.attempt_for_user(user=request.user, uuid=uuid)
    except Attempt.DoesNotExist:
        return JsonResponse({"error": _("There is no such attempt.")}, status=404)
    if not attempt.is_open:
        return JsonResponse(
            {"error": _("This attempt is closed, so nothing was saved. Reload the page.")},
            status=409,
        )
    # Past the time limit the service refuses with 409 and submits the saved answers.
    try:
        answer = _save(attempt, position, request.POST)
    except (AnswerRefused, AssessmentError) as error:
        return JsonResponse({"error": error.message}, status=getattr(error, "status", 400))
    if answer is None:
        return JsonResponse({"saved_at": "", "message": "", "sequence": 0, "answered": False})
    saved_at = time_format(timezone.localtime(answer.saved_at), "H:i")
    return JsonResponse(
        {
            "saved_at": saved_at,
            "message": _("Saved at %(time)s") % {"time": saved_at},
            "sequence": answer.sequence,
            "answered": answer.response is not None,
        }
    )


@login_required
@require_GET
def attempt_review(request, uuid):
    """The summary before submitting: which questions are answered, and the submit button."""
    attempt = _attempt_or_404(request, uuid)
    attempt = _submit_if_time_is_up(request, attempt)
    if not attempt.is_open:
        return redirect("assessments:attempt_result", uuid=attempt.uuid)
    questions = selectors.attempt_questions(attempt)
    unanswered = [q for q in questions if q["response"] is None]
    seconds_left = _seconds_left(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "quiz_text": translations.quiz_text(attempt.quiz),
        "questions": questions,
        "unanswered": unanswered,
        "seconds_left": seconds_left,
        "time_left": clock(seconds_left),
    }
    return render(request, "assessments/attempt_review.html", context)


@login_required
@require_POST
def attempt_submit(request, uuid):
    """Submit for grading. Submitting twice shows the same result."""
    attempt = _attempt_or_404(request, uuid)
    try:
        services.attempt_submit(attempt=attempt)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessments:attempt_review", uuid=attempt.uuid)
    return redirect("assessments:attempt_result", uuid=attempt.uuid)


@login_required
@require_GET
def attempt_result(request, uuid):
    """The score, passed or not, and each question's correctness and feedback when the quiz's
    policy allows it."""
    attempt = _attempt_or_404(request, uuid)
    attempt = _submit_if_time_is_up(request, attempt)
    if attempt.is_open:
        return redirect("assessments:attempt", uuid=attempt.uuid)
    state = selectors.quiz_state_for(enrolment=attempt.enrolment, quiz=attempt.quiz)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "quiz_text": translations.quiz_text(attempt.quiz),
        "state": state,
        "feedback_visible": selectors.feedback_visible(attempt),
        "review": selectors.attempt_review(attempt),
    }
    return render(request, "assessments/attempt_result.html", context)
