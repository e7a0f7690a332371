"""Issue 17 part 3: each supervisor's workload (active trainees, logs and essays waiting, the
age of the oldest) for programme admins in the Reports menu, with a CSV, and on the
supervisor's own home page."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from assessments.models import Attempt, PracticeLog
from assessments.supervise.workload import supervisors_for, workload_for
from courses.models import Enrolment
from lms import roles
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    EssayQuestionFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)
from tests.factories.attempts import AttemptAnswerFactory, AttemptFactory

pytestmark = pytest.mark.django_db

REPORT = reverse("supervisor_workload:index")
RESULTS = reverse("supervisor_workload:index_results")
CSV = REPORT + "?export=csv"  # Wagtail's list export
HOME = reverse("supervise:home")


@pytest.fixture
def tree():
    return course_tree_build(modules=1, lessons=1)


@pytest.fixture
def essay_quiz(tree):
    return quiz_build(module=tree.modules[0], questions=[EssayQuestionFactory()])


def supervised(supervisor, tree, **enrolment) -> Enrolment:
    enrolment = EnrolmentFactory(course=tree.course, **enrolment)
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


def log_waiting(enrolment, days_ago: float, status=PracticeLog.Status.SUBMITTED):
    return PracticeLogFactory(
        enrolment=enrolment,
        status=status,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )


def essay_waiting(enrolment, quiz, days_ago: float, status=Attempt.Status.AWAITING_GRADING):
    attempt = AttemptFactory(
        quiz=quiz,
        enrolment=enrolment,
        status=status,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    question = quiz.quiz_questions.first().question
    return AttemptAnswerFactory(attempt=attempt, question=question, needs_grading=True)


def rows(supervisors):
    return {
        person.email: person
        for person in workload_for(get_user_model().objects.filter(pk__in=supervisors))
    }


def test_figures_for_several_supervisors(tree, essay_quiz):
    busy = UserFactory(role=roles.SUPERVISOR, email="busy@example.org")
    quiet = UserFactory(role=roles.SUPERVISOR, email="quiet@example.org")
    idle = UserFactory(role=roles.SUPERVISOR, email="idle@example.org")

    first = supervised(busy, tree)
    second = supervised(busy, tree)
    supervised(busy, tree, status=Enrolment.Status.WITHDRAWN)  # not an active trainee
    log_waiting(first, 5)
    log_waiting(first, 2)
    log_waiting(second, 1)
    log_waiting(second, 9, status=PracticeLog.Status.APPROVED)  # decided: not waiting
    essay_waiting(first, essay_quiz, 3)
    essay_waiting(second, essay_quiz, 8, status=Attempt.Status.FINAL)  # graded: not waiting

    mine = supervised(quiet, tree)
    essay_waiting(mine, essay_quiz, 4)
    # A trainee moved from quiet to busy: what waits follows the current supervisor.
    moved = supervised(quiet, tree)
    moved.supervisions.update(ended_at=timezone.now())
    SupervisionFactory(enrolment=moved, supervisor=busy)
    log_waiting(moved, 12)

    figures = rows([busy.pk, quiet.pk, idle.pk])
    now = timezone.now()

    b = figures["busy@example.org"]
    assert (b.trainee_count, b.logs_waiting, b.essays_waiting, b.backlog) == (3, 4, 1, 5)
    assert (now - b.oldest_log_at).days == 12
    assert (now - b.oldest_essay_at).days == 3
    assert (now - b.oldest_at).days == 12

    q = figures["quiet@example.org"]
    assert (q.trainee_count, q.logs_waiting, q.essays_waiting, q.backlog) == (1, 0, 1, 1)
    assert q.oldest_log_at is None and (now - q.oldest_at).days == 4

    i = figures["idle@example.org"]
    assert (i.trainee_count, i.logs_waiting, i.essays_waiting, i.backlog) == (0, 0, 0, 0)
    assert i.oldest_at is None


def test_supervisors_are_the_role_the_assigned_and_the_cohorts_not_trainees(tree):
    by_role = UserFactory(role=roles.SUPERVISOR)
    assigned = UserFactory()  # supervises a trainee without the role
    supervised(assigned, tree)
    in_cohort = UserFactory()
    CohortFactory(supervisors=[in_cohort])
    trainee = UserFactory(role=roles.TRAINEE)
    admin = UserFactory(role=roles.PROGRAMME_ADMIN)

    found = set(supervisors_for(admin))

    assert {by_role, assigned, in_cohort} <= found
    assert trainee not in found and admin not in found


def _count(queryset) -> int:
    with CaptureQueriesContext(connection) as context:
        list(queryset)
    return len(context.captured_queries)


def test_the_figures_take_one_query_for_1_or_20_supervisors(tree, essay_quiz):
    one = UserFactory(role=roles.SUPERVISOR)
    log_waiting(supervised(one, tree), 1)
    many = [UserFactory(role=roles.SUPERVISOR) for _ in range(20)]
    for person in many:
        enrolment = supervised(person, tree)
        log_waiting(enrolment, 2)
        essay_waiting(enrolment, essay_quiz, 3)
    users = get_user_model().objects

    assert _count(workload_for(users.filter(pk=one.pk))) == 1
    assert _count(workload_for(users.filter(pk__in=[p.pk for p in many]))) == 1


def test_the_admin_report_lists_supervisors_sorted_by_backlog_and_by_age(
    client, rf, programme_admin, tree
):
    light = UserFactory(role=roles.SUPERVISOR, full_name="Light Load")
    heavy = UserFactory(role=roles.SUPERVISOR, full_name="Heavy Load")
    log_waiting(supervised(light, tree), 20)
    for days in (1, 2, 3):
        log_waiting(supervised(heavy, tree), days)
    client.force_login(programme_admin)

    response = client.get(REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Heavy Load") < page.index("Light Load")  # most waiting first
    assert "Supervisor workload" in page and CSV in page

    by_age = client.get(RESULTS, {"ordering": "oldest_at"}).content.decode()
    assert by_age.index("Light Load") < by_age.index("Heavy Load")  # waited longest first

    request = rf.get("/admin/")
    request.user = programme_admin
    reports = next(i for i in admin_menu.menu_items_for_request(request) if i.name == "reports")
    labels = [str(item.label) for item in reports.menu.menu_items_for_request(request)]
    assert "Supervisor workload" in labels


@pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.CLINICAL_REVIEWER])
def test_other_staff_are_refused_the_report_and_do_not_see_it_in_the_menu(client, rf, role):
    staff = UserFactory(role=role)
    client.force_login(staff)
    for url in (REPORT, RESULTS, CSV):
        response = client.get(url)
        assert response.status_code == 403
        assert "for programme admins" in response.content.decode()
    request = rf.get("/admin/")
    request.user = staff
    reports = [i for i in admin_menu.menu_items_for_request(request) if i.name == "reports"]
    labels = [str(item.label) for r in reports for item in r.menu.menu_items_for_request(request)]
    assert "Supervisor workload" not in labels


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_never_reach_the_report(client, role):
    client.force_login(UserFactory(role=role))
    for url in (REPORT, CSV):
        response = client.get(url)
        # Outside the admin altogether: Wagtail's refusal or the "not for your role" page.
        assert response.status_code in (302, 403)
        assert b"Active trainees" not in response.content


def test_the_csv_has_every_supervisor_and_quotes_names_that_look_like_formulas(
    client, programme_admin, tree
):
    sneaky = UserFactory(role=roles.SUPERVISOR, full_name='=HYPERLINK("http://evil.example","x")')
    log_waiting(supervised(sneaky, tree), 3)
    UserFactory(role=roles.SUPERVISOR, full_name="Plain Name", email="plain@example.org")
    client.force_login(programme_admin)

    response = client.get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0][:4] == ["Supervisor", "Email address", "Active trainees", "Logs waiting"]
    first = table[1]  # most waiting first
    assert first[0] == """'=HYPERLINK("http://evil.example","x")"""
    assert first[2:5] == ["1", "1", "3"]
    assert table[2][:5] == ["Plain Name", "plain@example.org", "0", "0", ""]

    by_name = client.get(REPORT, {"ordering": "full_name", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(by_name.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    # In the asked order (by name: "=" sorts before "P"), the formula kept as text.
    assert [row[0] for row in rows[1:]] == ['=HYPERLINK("http://evil.example","x")', "Plain Name"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_supervisors_home_shows_their_own_workload_in_words(
    client, supervisor, tree, essay_quiz
):
    first = supervised(supervisor, tree)
    log_waiting(first, 3.5)
    log_waiting(supervised(supervisor, tree), 1)
    essay_waiting(first, essay_quiz, 0.2)
    other = UserFactory(role=roles.SUPERVISOR)
    log_waiting(supervised(other, tree), 30)  # someone else's: not counted
    client.force_login(supervisor)

    html = " ".join(client.get(HOME).content.decode().split())

    assert "2 logs are waiting for your decision." in html
    assert "oldest waiting 3 days" in html
    assert "1 essay is waiting for your grade." in html
    assert "oldest waiting less than a day" in html
    assert "You supervise 2 trainees." in html
    assert "30 days" not in html


def test_a_supervisor_with_nothing_waiting_is_told_so(client, supervisor):
    client.force_login(supervisor)
    html = client.get(HOME).content.decode()
    assert "No practice logs are waiting for you." in html
    assert "No essays are waiting for you." in html
    assert "oldest waiting" not in html


def test_the_home_stays_within_its_query_ceiling_however_much_waits(client, tree, essay_quiz):
    counts = []
    for size in (1, 15):
        person = UserFactory(role=roles.SUPERVISOR)
        for n in range(size):
            enrolment = supervised(person, tree)
            log_waiting(enrolment, n + 1)
            essay_waiting(enrolment, essay_quiz, n + 1)
        client.force_login(person)
        client.get(HOME)
        with CaptureQueriesContext(connection) as context:
            assert client.get(HOME).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] <= 8
