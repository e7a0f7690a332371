"""Quiz reports: editors see how trainees did and how well each question separates stronger
from weaker attempts, on the page and as CSV, and nobody without the permission sees them."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from assessments.models import Attempt, Quiz
from assessments.quizzes.reports import quiz_report, quiz_report_csv, quiz_summaries
from assessments.quizzes.services import answer_save, attempt_start, attempt_submit
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    quiz_build,
)
from tests.factories.attempts import AttemptFactory, finished_attempts_build

pytestmark = pytest.mark.django_db

# Six attempts by six trainees at four one-point questions, with distinct totals so the top
# and bottom thirds are unambiguous. Sorted by total: F 12.5, E 25, D 37.5 | C 50, B 62.5,
# A 75; the bottom third is F and E, the top third B and A.
ROWS = {
    "A": [1, 1, 1, 0],  # 75 %
    "B": [1, 1, 0, 0.5],  # 62.5 %
    "C": [1, 0, 0.5, 0.5],  # 50 %
    "D": [0.5, 0.5, 0, 0.5],  # 37.5 %
    "E": [0, 0.5, 0, 0.5],  # 25 %
    "F": [0, 0, 0, 0.5],  # 12.5 %
}


@pytest.fixture
def questions(db):
    return [
        TrueFalseQuestionFactory(name="Confidentiality has limits"),
        SingleChoiceQuestionFactory(name="Meeting at home"),
        TrueFalseQuestionFactory(name="Gifts from the person"),
        # Someone could paste a spreadsheet formula into a name; the CSV must not run it.
        TrueFalseQuestionFactory(name='=HYPERLINK("http://evil.example","Refer on")'),
    ]


@pytest.fixture
def quiz(questions):
    return quiz_build(questions=questions, title="Boundaries check", pass_mark=Decimal(50))


@pytest.fixture
def six_attempts(quiz):
    return finished_attempts_build(quiz=quiz, scores=list(ROWS.values()))


def by_title(report):
    return {question.title: question for question in report.questions}


# --- Figures ---------------------------------------------------------------------------------


def test_facility_and_discrimination_match_the_hand_worked_values(quiz, six_attempts):
    stats = by_title(quiz_report(quiz=quiz))

    home = stats["Meeting at home"]
    assert home.times_asked == 6 and home.type_label == "single choice question"
    # Facility: mean score × 100. Discrimination: top third's mean minus bottom third's.
    assert stats["Confidentiality has limits"].facility == Decimal("58.3")  # 3.5 / 6
    assert stats["Confidentiality has limits"].discrimination == Decimal("1.00")  # 1 − 0
    assert home.facility == Decimal("50.0")  # 3 / 6
    assert home.discrimination == Decimal("0.75")  # 1 − (0 + 0.5) / 2
    assert stats["Gifts from the person"].facility == Decimal("25.0")  # 1.5 / 6
    assert stats["Gifts from the person"].discrimination == Decimal("0.50")  # (1 + 0) / 2 − 0
    formula = stats['=HYPERLINK("http://evil.example","Refer on")']
    assert formula.facility == Decimal("41.7")  # 2.5 / 6
    # Weaker attempts did better on this one: the sign a key needs checking.
    assert formula.discrimination == Decimal("-0.25")  # (0 + 0.5) / 2 − 0.5
    assert all(question.note == "" for question in stats.values())


def test_questions_follow_the_quizs_order(quiz, questions, six_attempts):
    assert [q.question_id for q in quiz_report(quiz=quiz).questions] == [q.pk for q in questions]


def test_pass_rate_mean_median_and_spread_of_scores(quiz, six_attempts):
    report = quiz_report(quiz=quiz)

    assert (report.attempt_count, report.trainee_count, report.passed_count) == (6, 6, 3)
    assert report.pass_rate == Decimal("50.0")
    assert report.mean_percent == Decimal("43.8")  # 262.5 / 6 = 43.75
    assert report.median_percent == Decimal("43.8")  # (37.5 + 50) / 2
    assert len(report.bands) == 10
    assert [band.count for band in report.bands] == [0, 1, 1, 1, 0, 1, 1, 1, 0, 0]
    assert report.bands[1].share == Decimal("16.7")
    assert (report.bands[9].low, report.bands[9].high) == (90, 100)


def test_a_full_score_lands_in_the_top_band_and_zero_in_the_bottom(quiz):
    finished_attempts_build(quiz=quiz, scores=[[1, 1, 1, 1], [0, 0, 0, 0]])

    counts = [band.count for band in quiz_report(quiz=quiz).bands]

    assert counts == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize(
    ("grading", "passed", "percent"),
    [(Quiz.Grading.HIGHEST, 1, Decimal("75.0")), (Quiz.Grading.LAST, 0, Decimal("25.0"))],
)
def test_trainee_figures_use_the_attempt_the_grading_rule_counts(quiz, grading, passed, percent):
    quiz.grading = grading
    quiz.save(update_fields=["grading"])
    enrolment = EnrolmentFactory(course=quiz.module.get_parent().specific)
    finished_attempts_build(
        quiz=quiz, scores=[[1, 1, 1, 0], [1, 0, 0, 0]], enrolments=[enrolment, enrolment]
    )

    report = quiz_report(quiz=quiz)

    assert (report.attempt_count, report.trainee_count, report.passed_count) == (2, 1, passed)
    assert report.mean_percent == report.median_percent == percent
    # Question figures still use both attempts.
    assert by_title(report)["Confidentiality has limits"].times_asked == 2


def test_an_attempt_taken_through_the_services_is_reported(trainee):
    right = TrueFalseQuestionFactory(name="Safety first", correct_answer=False)
    wrong = TrueFalseQuestionFactory(name="Keep secrets", correct_answer=False)
    quiz = quiz_build(questions=[right, wrong], pass_mark=Decimal(80))
    EnrolmentFactory(user=trainee, course=quiz.module.get_parent().specific)
    attempt = attempt_start(user=trainee, quiz=quiz)
    for answer in attempt.answers.all():
        answer_save(
            attempt=attempt,
            position=answer.position,
            response=answer.question_id == wrong.pk,
            sequence=answer.sequence,
        )
    attempt_submit(attempt=attempt)

    report = quiz_report(quiz=quiz)

    assert (report.attempt_count, report.passed_count, report.pass_rate) == (1, 0, Decimal("0.0"))
    assert report.mean_percent == Decimal("50.0")
    facility = {q.title: q.facility for q in report.questions}
    assert facility == {"Safety first": Decimal("100.0"), "Keep secrets": Decimal("0.0")}


def test_open_and_ungraded_attempts_are_left_out(quiz, six_attempts):
    AttemptFactory(quiz=quiz)
    AttemptFactory(quiz=quiz, status=Attempt.Status.AWAITING_GRADING)

    report = quiz_report(quiz=quiz)

    assert (report.attempt_count, report.trainee_count) == (6, 6)
    assert quiz_summaries([quiz])[quiz.pk].attempt_count == 6


def test_random_draws_count_only_the_attempts_that_asked_each_question(quiz, questions):
    first, second, *_ = questions
    # The first question was asked in four attempts, the second in all six.
    rows = [{first: 1, second: 1}, {first: 1, second: 0}, {first: 0, second: 1}]
    rows += [{first: 0, second: 0}, {second: 1}, {second: 0}]
    finished_attempts_build(quiz=quiz, scores=rows)

    stats = {q.question_id: q for q in quiz_report(quiz=quiz).questions}

    assert set(stats) == {first.pk, second.pk}
    assert stats[first.pk].times_asked == 4 and stats[first.pk].facility == Decimal("50.0")
    assert stats[first.pk].discrimination is None
    assert "Too few attempts" in stats[first.pk].note
    assert stats[second.pk].times_asked == 6 and stats[second.pk].discrimination is not None


def test_too_few_attempts_give_no_discrimination_index(quiz):
    finished_attempts_build(quiz=quiz, scores=list(ROWS.values())[:5])

    report = quiz_report(quiz=quiz)

    assert all(q.discrimination is None and q.note for q in report.questions)
    assert all(q.facility is not None for q in report.questions)


def test_a_question_shows_the_title_it_was_last_asked_with(quiz, questions):
    finished_attempts_build(quiz=quiz, scores=[[1, 1, 1, 1]])
    questions[0].name = "Confidentiality and its limits"
    questions[0].save()
    finished_attempts_build(quiz=quiz, scores=[[0, 0, 0, 0]])

    stats = {q.question_id: q for q in quiz_report(quiz=quiz).questions}

    assert stats[questions[0].pk].title == "Confidentiality and its limits"
    assert stats[questions[0].pk].times_asked == 2


def test_a_quiz_nobody_finished_has_empty_figures(quiz):
    report = quiz_report(quiz=quiz)

    assert not report.has_attempts and report.questions == []
    assert report.pass_rate is None and report.mean_percent is None
    assert report.median_percent is None and sum(b.count for b in report.bands) == 0


@pytest.mark.parametrize("trainees", [6, 12])
def test_the_report_takes_three_queries_however_many_attempts(
    quiz, trainees, django_assert_num_queries
):
    finished_attempts_build(quiz=quiz, scores=list(ROWS.values()) * (trainees // 6))

    # Attempts, answers, and the quiz's own question order.
    with django_assert_num_queries(3):
        report = quiz_report(quiz=quiz)

    assert report.attempt_count == trainees and len(report.questions) == 4


def test_the_list_summaries_take_one_query_however_many_quizzes(
    questions, django_assert_num_queries
):
    quizzes = [quiz_build(questions=questions[:2]) for _ in range(3)]
    for quiz in quizzes:
        finished_attempts_build(quiz=quiz, scores=[[1, 1], [0, 0]])

    with django_assert_num_queries(1):
        summaries = quiz_summaries(quizzes)

    assert [summaries[quiz.pk].pass_rate for quiz in quizzes] == [Decimal("50.0")] * 3


# --- CSV -------------------------------------------------------------------------------------


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_a_header_and_one_row_per_question(quiz, six_attempts):
    rows = csv_rows(quiz_report_csv(quiz=quiz))

    assert rows[0] == [
        "Question",
        "Type",
        "Times asked",
        "Facility index (%)",
        "Discrimination index (-1 to 1)",
        "Note",
    ]
    assert rows[1] == ["Confidentiality has limits", "true/false question", "6", "58.3", "1.00", ""]
    assert len(rows) == 5


def test_csv_quotes_names_that_look_like_formulas_but_keeps_negative_numbers(quiz, six_attempts):
    formula_row = csv_rows(quiz_report_csv(quiz=quiz))[4]

    assert formula_row[0] == """'=HYPERLINK("http://evil.example","Refer on")"""
    assert formula_row[4] == "-0.25"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_every_formula_character_is_neutralised(quiz, questions, start):
    questions[1].name = f"{start}1+1"
    questions[1].save()
    finished_attempts_build(quiz=quiz, scores=[[1, 1, 1, 1]])

    names = [row[0] for row in csv_rows(quiz_report_csv(quiz=quiz))[1:]]

    assert f"'{start}1+1" in names


# --- Admin -----------------------------------------------------------------------------------


def index_url():
    return reverse("quiz_reports:index")


def report_urls(quiz):
    return [
        index_url(),
        reverse("quiz_reports:index_results"),
        reverse("quiz_reports:detail", args=[quiz.pk]),
        reverse("quiz_reports:csv", args=[quiz.pk]),
    ]


def reports_menu_labels(rf, user) -> list[str]:
    request = rf.get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "reports":
            return [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
    return []


def admin_only_user(*perms):
    """Someone who may use the admin, plus exactly the permissions named, and no role."""
    user = UserFactory()
    for perm in ["wagtailadmin.access_admin", *perms]:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_superuser_lists_quizzes_with_attempts_and_pass_rates(client, rf, superuser, six_attempts):
    quiz_build(title="Referral check")
    client.force_login(superuser)

    response = client.get(index_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Boundaries check" in page and "Referral check" in page
    assert reverse("quiz_reports:detail", args=[six_attempts[0].quiz_id]) in page
    assert "50.0 %" in page and "Foundations of Peer Support › Module 1" in page
    assert "Quiz reports" in reports_menu_labels(rf, superuser)


def test_report_page_shows_figures_histogram_questions_and_csv_link(client, superuser, quiz):
    questions = list(quiz.quiz_questions.all())
    questions[1].question.name = "<script>alert(1)</script>"
    questions[1].question.save()
    finished_attempts_build(quiz=quiz, scores=list(ROWS.values()))
    client.force_login(superuser)

    response = client.get(reverse("quiz_reports:detail", args=[quiz.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "3 of 6 (50.0 %)" in page
    assert "43.8 %" in page  # mean and median
    assert "10 to under 20 %" in page and "90 to 100 %" in page
    assert "58.3 %" in page and "-0.25" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert reverse("quiz_reports:csv", args=[quiz.pk]) in page
    assert "each trainee once" in page and "every finished attempt" in page


def test_report_page_for_a_quiz_nobody_finished_says_so(client, superuser, quiz):
    client.force_login(superuser)

    page = client.get(reverse("quiz_reports:detail", args=[quiz.pk])).content.decode()

    assert "Nobody has finished this quiz yet" in page


def test_csv_download_is_an_attachment(client, superuser, quiz, six_attempts):
    client.force_login(superuser)

    response = client.get(reverse("quiz_reports:csv", args=[quiz.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"] == 'attachment; filename="quiz-report-boundaries-check.csv"'
    )
    assert response.content.decode().startswith("Question,Type,Times asked")


def test_a_missing_quiz_is_a_404(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("quiz_reports:detail", args=[999999])).status_code == 404
    assert client.get(reverse("quiz_reports:csv", args=[999999])).status_code == 404


def test_someone_with_only_the_report_permission_can_read_reports(client, quiz, six_attempts):
    client.force_login(admin_only_user("assessments.view_quiz_report"))

    for url in report_urls(quiz):
        assert client.get(url).status_code == 200, url


def test_an_editor_without_the_permission_is_refused_and_sees_no_menu_item(
    client, rf, quiz, six_attempts
):
    editor = admin_only_user("assessments.change_quiz")
    client.force_login(editor)

    for url in report_urls(quiz):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"58.3" not in response.content
    assert "need the" in client.get(index_url()).content.decode()
    assert "Quiz reports" not in reports_menu_labels(rf, editor)


def test_a_trainee_is_refused(client, quiz, six_attempts):
    client.force_login(UserFactory(role=roles.TRAINEE))

    for url in report_urls(quiz):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Question,Type" not in response.content


def test_the_list_costs_the_same_queries_for_more_quizzes(client, superuser, questions):
    client.force_login(superuser)

    def queries_for_list():
        with CaptureQueriesContext(connection) as context:
            assert client.get(index_url()).status_code == 200
        return len(context.captured_queries)

    quiz = quiz_build(questions=questions[:2])
    finished_attempts_build(quiz=quiz, scores=[[1, 1], [0, 1]])
    few = queries_for_list()
    for _ in range(3):
        quiz = quiz_build(questions=questions[:2])
        finished_attempts_build(quiz=quiz, scores=[[1, 1], [0, 1], [1, 0]])
    assert queries_for_list() == few


def test_the_report_page_costs_the_same_queries_for_more_attempts(client, superuser, quiz):
    client.force_login(superuser)
    url = reverse("quiz_reports:detail", args=[quiz.pk])

    def queries_for_report():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    finished_attempts_build(quiz=quiz, scores=list(ROWS.values()))
    few = queries_for_report()
    finished_attempts_build(quiz=quiz, scores=list(ROWS.values()) * 3)
    assert queries_for_report() == few


@pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.CLINICAL_REVIEWER])
def test_editors_and_reviewers_read_reports_by_their_role(client, role, quiz, six_attempts):
    client.force_login(UserFactory(role=role))

    for url in report_urls(quiz):
        assert client.get(url).status_code == 200, url
