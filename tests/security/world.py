"""The seeded world the URL table is walked against: one of everything, owned by someone.

Trainee A is the party whose objects every route is asked about: A's enrolment, lesson
responses, practice logs, quiz attempts and certificate. Everyone else (trainee B, another
supervisor, the staff roles) is "the other party" asking for them. Staff objects (an editor's
draft lesson waiting in Clinical review, a cohort, a question, an image, ...) give the admin
routes real ids.

Every private text A writes carries a unique marker (`MARKERS`), so the table test can see
which responses show it. The markers are plain letters: escaping cannot change them, and no
validator mistakes them for a phone number.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Site, Task, Workflow

from assessments.models import CompetencyObservation, PracticeLog, PracticeSettings
from assessments.quizzes import services as attempt_services
from certificates.models import Certificate
from content.models import CrisisLine
from courses.models import CourseIndexPage, Enrolment, LessonPage, LessonResponse
from lms import roles
from lms.models import DataExport
from lms.notices import notice_add
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
    lesson_body,
)
from tests.factories.assessments import (
    EssayQuestionFactory,
    MatchingQuestionFactory,
    MultipleResponseQuestionFactory,
    NumericalQuestionFactory,
    QuestionBankFactory,
    QuestionCategoryFactory,
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    quiz_build,
)
from tests.factories.certificates import (
    CertificateFactory,
    CertificateWordingFactory,
    CodeOfEthicsFactory,
)
from tests.factories.consent import PrivacyNoticeFactory
from tests.factories.practice import CompetencyFactory, PracticeCategoryFactory, PracticeLogFactory

# The private texts trainee A writes, each with its own marker. Who may read each one is
# declared in url_table.PRIVATE_TEXT_READERS.
MARKERS = {
    "reflection": "zqxPrivateReflectionOfTraineeA",
    "shared_reflection": "zqxSharedReflectionOfTraineeA",
    "scenario_response": "zqxScenarioResponseOfTraineeA",
    "practice_description": "zqxPracticeNotesOfTraineeA",
    "practice_reflection": "zqxPracticeReflectionOfTraineeA",
    "essay_answer": "zqxEssayAnswerOfTraineeA",
}

ROLES = (
    "anonymous",
    "trainee_a",
    "trainee_b",
    "supervisor_a",
    "supervisor_other",
    "editor",
    "reviewer",
    "programme_admin",
    "admin_other_org",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def world_build() -> World:
    world = World()
    users = world.users
    users["trainee_a"] = UserFactory(
        role=roles.TRAINEE, email="url-table.trainee.a@example.org", full_name="Asha Trainee"
    )
    users["trainee_b"] = UserFactory(
        role=roles.TRAINEE, email="url-table.trainee.b@example.org", full_name="Bilal Trainee"
    )
    users["supervisor_a"] = UserFactory(
        role=roles.SUPERVISOR, email="url-table.supervisor.a@example.org", full_name="Meera Sup"
    )
    users["supervisor_other"] = UserFactory(
        role=roles.SUPERVISOR, email="url-table.supervisor.o@example.org", full_name="Omar Sup"
    )
    users["editor"] = UserFactory(
        role=roles.CONTENT_EDITOR, email="url-table.editor@example.org", full_name="Esha Editor"
    )
    users["reviewer"] = UserFactory(
        role=roles.CLINICAL_REVIEWER, email="url-table.reviewer@example.org", full_name="Ravi Rev"
    )
    users["programme_admin"] = UserFactory(
        role=roles.PROGRAMME_ADMIN, email="url-table.admin@example.org", full_name="Priya Admin"
    )
    # A's organisation is the home one (CohortFactory's default, run by programme_admin); B
    # learns in a cohort of a partner organisation, run by admin_other_org alone.
    partner = OrganisationFactory(name="URL table partner organisation")
    users["admin_other_org"] = UserFactory(
        role=roles.PROGRAMME_ADMIN,
        email="url-table.admin.other@example.org",
        full_name="Oona Otherorg",
        organisation=partner,
    )
    # Not a role the table walks as, but a target: the account nobody else may touch.
    administrator = UserFactory(email="url-table.root@example.org", full_name="Root Admin")
    administrator.is_superuser = True
    administrator.is_staff = True
    administrator.save()

    o = world.objects
    o["administrator"] = administrator
    o["trainee_a_user"] = users["trainee_a"]
    o["home"] = Site.objects.get(is_default_site=True).root_page.specific
    o["course_index"] = CourseIndexPage.objects.get()
    tree = course_tree_build(modules=2, lessons=2, title="URL table course", slug="url-table")
    o["course"], o["module"], o["module_2"] = tree.course, tree.modules[0], tree.modules[1]
    o["lesson"], o["lesson_2"] = tree.lessons[0], tree.lessons[1]
    o["reflection_block"] = tree.block_id(o["lesson"], "reflection")
    o["scenario_block"] = tree.block_id(o["lesson"], "scenario")

    # An editor's draft lesson, never published, waiting in Clinical review.
    draft = o["module"].add_child(
        instance=LessonPage(title="Draft lesson", slug="draft-lesson", body=lesson_body())
    )
    draft.live = False
    draft.save_revision(user=users["editor"])
    Page.objects.filter(pk=draft.pk).update(live=False, has_unpublished_changes=True)
    draft.refresh_from_db()
    workflow_state = draft.get_workflow().start(draft, users["editor"])
    o["draft"] = draft
    o["draft_revision"] = draft.latest_revision
    o["workflow_state"] = workflow_state
    o["task_state"] = workflow_state.current_task_state
    o["workflow"] = Workflow.objects.get(pk=workflow_state.workflow_id)
    o["task"] = Task.objects.get(pk=o["task_state"].task_id)

    cohort = CohortFactory(course=o["course"], supervisors=[users["supervisor_a"]])
    o["cohort"] = cohort
    enrolment_a = EnrolmentFactory(user=users["trainee_a"], course=o["course"], cohort=cohort)
    Enrolment.objects.filter(pk=enrolment_a.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    enrolment_a.refresh_from_db()
    o["enrolment"] = enrolment_a
    o["supervision"] = SupervisionFactory(enrolment=enrolment_a, supervisor=users["supervisor_a"])
    # B learns on another course, supervised by the other supervisor: A's course, lessons
    # and quizzes are not B's to use.
    other = course_tree_build(modules=1, lessons=1, title="Another course", slug="url-other")
    o["other_course"] = other.course
    cohort_b = CohortFactory(
        course=other.course, organisation=partner, supervisors=[users["supervisor_other"]]
    )
    o["organisation"], o["partner_organisation"] = cohort.organisation, partner
    enrolment_b = EnrolmentFactory(user=users["trainee_b"], course=other.course, cohort=cohort_b)
    SupervisionFactory(enrolment=enrolment_b, supervisor=users["supervisor_other"])
    o["enrolment_b"] = enrolment_b

    # A's private texts in lessons.
    lesson_2_reflection = tree.block_id(o["lesson_2"], "reflection")
    for lesson, block_id, kind, marker, shared in (
        (o["lesson"], o["reflection_block"], "reflection", MARKERS["reflection"], False),
        (o["lesson"], o["scenario_block"], "scenario", MARKERS["scenario_response"], False),
        (o["lesson_2"], lesson_2_reflection, "reflection", MARKERS["shared_reflection"], True),
    ):
        LessonResponse.objects.create(
            enrolment=enrolment_a,
            lesson=lesson,
            block_id=block_id,
            kind=kind,
            prompt="Prompt",
            text=f"What I wrote: {marker}.",
            shared_with_supervisor=shared,
        )

    # A's practice: a log waiting for the supervisor and a draft, both with notes and a
    # private reflection.
    category = PracticeCategoryFactory(course=o["course"], name="One-to-one peer support")
    o["practice_category"] = category
    o["practice_settings"] = PracticeSettings.objects.get_or_create(course=o["course"])[0]
    for name, traits in (("log", {"submitted": True}), ("log_draft", {})):
        o[name] = PracticeLogFactory(
            enrolment=enrolment_a,
            category=category,
            description=f"Listened to a peer. {MARKERS['practice_description']}.",
            reflection=f"How it felt: {MARKERS['practice_reflection']}.",
            **traits,
        )
    assert o["log"].status == PracticeLog.Status.SUBMITTED
    competency = CompetencyFactory(course=o["course"], name="Holds boundaries under pressure")
    o["competency"] = competency
    CompetencyObservation.objects.create(
        enrolment=enrolment_a,
        competency=competency,
        observed_on=timezone.localdate() - timedelta(days=2),
        rating=1,
        evidence="Held the boundary kindly.",
        recorded_by=users["supervisor_a"],
        recorded_at=timezone.now(),
    )

    # Quizzes: A's submitted attempt with an essay waiting to be graded, and an open attempt.
    bank = QuestionBankFactory(name="URL table bank")
    category_q = QuestionCategoryFactory(bank=bank, name="URL table category")
    o["question_bank"], o["question_category"] = bank, category_q
    questions = {
        "single_choice": SingleChoiceQuestionFactory(category=category_q),
        "multiple_response": MultipleResponseQuestionFactory(category=category_q),
        "true_false": TrueFalseQuestionFactory(category=category_q),
        "short_answer": ShortAnswerQuestionFactory(category=category_q),
        "matching": MatchingQuestionFactory(category=category_q),
        "numerical": NumericalQuestionFactory(category=category_q),
        "essay": EssayQuestionFactory(category=category_q, points=Decimal(2)),
    }
    for kind, question in questions.items():
        o[f"question_{kind}"] = question
    o["question"] = questions["true_false"]
    o["question_bank"], o["question_category"] = bank, category_q
    essay_quiz = quiz_build(
        module=o["module"], questions=[questions["true_false"], questions["essay"]]
    )
    attempt = attempt_services.attempt_start(user=users["trainee_a"], quiz=essay_quiz)
    attempt_services.answer_save(attempt=attempt, position=1, response=False, sequence=0)
    attempt_services.answer_save(
        attempt=attempt,
        position=2,
        response=f"When I shared my story: {MARKERS['essay_answer']}.",
        sequence=0,
    )
    attempt_services.attempt_submit(attempt=attempt)
    o["quiz_graded"], o["attempt_submitted"] = essay_quiz, attempt
    o["essay_answer"] = attempt.answers.get(position=2)
    open_quiz = quiz_build(module=o["module_2"], questions=[questions["single_choice"]])
    o["quiz"] = open_quiz
    o["quiz_revision"] = open_quiz.latest_revision
    o["attempt"] = attempt_services.attempt_start(user=users["trainee_a"], quiz=open_quiz)

    # A's certificate, and the course's code of ethics and the wording.
    o["wording"] = CertificateWordingFactory()
    o["ethics"] = CodeOfEthicsFactory(course=o["course"])
    o["certificate"] = CertificateFactory(enrolment=enrolment_a, wording=o["wording"], issued=True)
    o["certificate"].pdf.save("url-table.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    # A's notice that the certificate is ready (lms.notices).
    o["notice"] = notice_add(
        recipient_id=users["trainee_a"].pk,
        kind="certificates.ready",
        link="/learn/certificates/",
        details={"certificate_id": o["certificate"].pk},
        key="url-table-certificate-ready",
    )
    assert o["certificate"].status == Certificate.Status.ISSUED

    # Copies of A's data (lms.data_export), ready: one A asked for, one A's programme admin
    # produced. The files are placeholders: the table asks who may download, not what.
    now = timezone.now()
    for name, requester in (
        ("data_export", users["trainee_a"]),
        ("data_export_admin", users["programme_admin"]),
    ):
        export = DataExport.objects.create(
            person=users["trainee_a"],
            requested_by=requester,
            status=DataExport.Status.READY,
            ready_at=now,
            expires_at=now + timedelta(days=7),
        )
        export.file.save("url-table.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
        o[name] = export

    # A draft of the privacy notice (lms.consent): a published one would send everyone
    # signed in to agree to it before any other page.
    o["privacy_notice"] = PrivacyNoticeFactory(published=False)

    # Media and other admin objects.
    o["collection"] = Collection.get_first_root_node().add_child(name="URL table collection")
    o["image"] = Image.objects.create(title="Circle", file=get_test_image_file())
    o["document"] = Document.objects.create(title="Handout", file=get_test_image_file())
    o["redirect"] = Redirect.objects.create(old_path="/old-url-table", redirect_link="/")
    o["crisis_line"] = CrisisLine.objects.first()
    o["site"] = Site.objects.get(is_default_site=True)
    o["group"] = Group.objects.get(name=roles.PROGRAMME_ADMIN)
    return world
