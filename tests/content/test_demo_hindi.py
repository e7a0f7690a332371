"""The demo in Hindi (issue 16): `load_demo` gives the demo course's Module 1, its lessons and
its quiz their Hindi (content.curriculum.hi) as reviewed translations, and a trainee who reads
in Hindi, enrolled like the English one, sees them at the English URLs; what is not
translated yet stays English, marked."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Page, Revision

from assessments.models import Attempt, Quiz, QuizTranslation
from assessments.quizzes.demo import demo_right_response
from assessments.quizzes.services import answer_save
from content.curriculum.hi import COURSE_TEXT, MODULES, QUIZZES
from content.demo import HINDI_TRAINEE_EMAIL
from courses.demo import HINDI_INDEX_TEXT
from courses.models import CoursePage, Enrolment, LessonCompletion, LessonPage, ModulePage
from courses.selectors import dashboard_for
from tests.i18n.catalogue import english_leftovers

pytestmark = pytest.mark.django_db

MODULE_1 = "what-peer-support-is-and-is-not"


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _marked(html: str, tag: str, text: str, lang: str) -> bool:
    return f'<{tag} lang="{lang}">{escape(text)}</{tag}>' in html


@pytest.fixture
def hindi_client(client):
    _load()
    trainee = get_user_model().objects.get(email=HINDI_TRAINEE_EMAIL)
    client.force_login(trainee)
    return client


def _english(model, slug: str):
    return model.objects.filter(slug=slug, locale__language_code="en").get()


def test_the_demo_has_a_trainee_who_reads_in_hindi_enrolled_like_the_english_one(client):
    output = _load()

    trainee = get_user_model().objects.get(email=HINDI_TRAINEE_EMAIL)
    assert trainee.preferred_language == "hi"
    assert trainee.full_name == "अनीता शर्मा"
    english = Enrolment.objects.get(user__email="trainee@example.org")
    hindi = Enrolment.objects.get(user=trainee)
    assert (hindi.course_id, hindi.cohort_id) == (english.course_id, english.cohort_id)
    assert HINDI_TRAINEE_EMAIL in output and "reads in Hindi" in output

    response = client.post(
        "/accounts/login/", {"login": HINDI_TRAINEE_EMAIL, "password": "peer-support-demo"}
    )
    assert response.status_code == 302
    assert '<html lang="hi"' in _html(client.get("/learn/"))


def test_module_1_is_read_in_hindi_at_its_english_urls(hindi_client):
    hindi = MODULES[MODULE_1]
    lesson = _english(LessonPage, hindi["lessons"][0]["slug"])
    assert lesson.url.isascii()

    html = _html(hindi_client.get(lesson.url))

    assert '<html lang="hi"' in html
    assert hindi["lessons"][0]["title"] in html
    first_heading = hindi["lessons"][0]["body"][0][1]["text"]
    assert escape(first_heading) in html
    assert 'lang="en"' not in html.split("<main", 1)[1]
    module_html = _html(hindi_client.get(_english(ModulePage, MODULE_1).url))
    assert hindi["title"] in module_html
    course_html = _html(hindi_client.get(CoursePage.objects.get(locale__language_code="en").url))
    assert COURSE_TEXT["title"] in course_html
    index_html = _html(hindi_client.get("/courses/"))
    assert f"<h1>{HINDI_INDEX_TEXT['title']}</h1>" in index_html


def _a_module_not_translated_yet_is_english_marked_as_such(hindi_client):
    module_2 = ModulePage.objects.filter(locale__language_code="en").order_by("path")[1]
    lesson = LessonPage.objects.child_of(module_2).first()

    html = _html(hindi_client.get(lesson.url))

    assert '<html lang="hi"' in html
    assert _marked(html, "h1", lesson.title, "en")


def _the_module_1_quiz_is_in_hindi(hindi_client):
    quiz = Quiz.objects.get(module=_english(ModulePage, MODULE_1))
    hindi = QUIZZES[MODULE_1]
    assert QuizTranslation.objects.get(quiz=quiz, language="hi").status == "approved"

    start = _html(hindi_client.get(reverse("assessments:quiz", args=[quiz.pk])))
    assert hindi["title"] in start
    response = hindi_client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    html = _html(hindi_client.get(response.url, follow=True))

    assert hindi["questions"][0]["prompt"][:40] in html


def _completing_the_hindi_lesson_counts_in_progress(hindi_client):
    lesson = _english(LessonPage, MODULES[MODULE_1]["lessons"][0]["slug"])
    trainee = get_user_model().objects.get(email=HINDI_TRAINEE_EMAIL)

    response = hindi_client.post(reverse("courses:lesson_complete", args=[lesson.pk]))

    assert response.status_code == 302
    assert LessonCompletion.objects.get(enrolment__user=trainee).lesson_id == lesson.pk
    [row] = dashboard_for(user=trainee)
    assert row["progress"].completed == 1


def test_the_hindi_trainee_meets_english_only_where_there_is_no_hindi_yet(hindi_client):
    """One demo load for what the Hindi trainee does next (a load takes a while)."""
    _a_module_not_translated_yet_is_english_marked_as_such(hindi_client)
    _the_module_1_quiz_is_in_hindi(hindi_client)
    _completing_the_hindi_lesson_counts_in_progress(hindi_client)


def test_loading_the_demo_twice_changes_nothing():
    _load()
    pages = list(Page.objects.order_by("pk").values_list("pk", "title", "live", "alias_of"))
    revisions = Revision.objects.count()
    translations = list(QuizTranslation.objects.values_list("pk", "status", "updated_at"))

    _load()

    assert list(Page.objects.order_by("pk").values_list("pk", "title", "live", "alias_of")) == (
        pages
    )
    assert Revision.objects.count() == revisions
    assert list(QuizTranslation.objects.values_list("pk", "status", "updated_at")) == translations


def _in_hindi(html: str, where: str) -> None:
    """The page says lang="hi" and shows no English interface text; inside <main>, Module 1's
    content is Hindi too (English content elsewhere, e.g. later modules' titles, is marked)."""
    assert '<html lang="hi"' in html, where
    leftovers = english_leftovers(html)
    assert not leftovers, f"{where} shows English: {leftovers}"


def test_the_hindi_trainee_completes_module_1_in_hindi(hindi_client):
    """Issue 16's 'done when': every lesson of Module 1, its quiz (start, each question, the
    review, the result) and the pages after, in Hindi, with no English interface text and no
    English content in Module 1; the lessons complete and the quiz passes, and Module 1 counts
    complete in the course's progress."""
    trainee = get_user_model().objects.get(email=HINDI_TRAINEE_EMAIL)
    module = _english(ModulePage, MODULE_1)
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    assert len(lessons) == len(MODULES[MODULE_1]["lessons"])
    for lesson in lessons:
        html = _html(hindi_client.get(lesson.url))
        _in_hindi(html, lesson.url)
        assert 'lang="en"' not in html.split("<main", 1)[1], f"{lesson.url} has English content"
        response = hindi_client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
        assert response.status_code == 302
        _in_hindi(_html(hindi_client.get(response.url)), f"after completing {lesson.url}")

    quiz = Quiz.objects.get(module=module)
    _in_hindi(_html(hindi_client.get(reverse("assessments:quiz", args=[quiz.pk]))), "quiz")
    response = hindi_client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    assert response.status_code == 302
    attempt = Attempt.objects.get(enrolment__user=trainee, quiz=quiz)
    for answer in attempt.answers.order_by("position"):
        url = reverse("assessments:attempt_question", args=[attempt.uuid, answer.position])
        html = _html(hindi_client.get(url))
        _in_hindi(html, f"question {answer.position}")
        assert 'lang="en"' not in html.split("<main", 1)[1], f"question {answer.position}"
        answer_save(
            attempt=attempt,
            position=answer.position,
            response=demo_right_response(answer.snapshot),
            sequence=answer.sequence,
        )
    _in_hindi(
        _html(hindi_client.get(reverse("assessments:attempt_review", args=[attempt.uuid]))),
        "review",
    )
    response = hindi_client.post(reverse("assessments:attempt_submit", args=[attempt.uuid]))
    result = _html(hindi_client.get(response.url))
    _in_hindi(result, "result")
    attempt.refresh_from_db()
    assert attempt.passed

    for url in (module.url, module.get_parent().url, reverse("courses:dashboard")):
        _in_hindi(_html(hindi_client.get(url)), url)
    [row] = dashboard_for(user=trainee)
    assert row["progress"].completed == len(lessons)
