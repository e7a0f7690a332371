"""Authoring questions in the Wagtail admin: every type with its options on one form, the
type's rules enforced without losing what was typed, approval by clinical reviewers only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import (
    AcceptedAnswer,
    ChoiceOption,
    EssayQuestion,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    Question,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    WeightedOption,
)
from lms import roles
from tests.factories import UserFactory
from tests.factories.assessments import (
    QuestionCategoryFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")


def question_form(category, *, name="Meeting at home", prompt="What do you say?", rows=(), **extra):
    """POST data for a question type's form; `rows` fill the inline option formset."""
    data = {
        "category": category.pk,
        "name": name,
        "prompt": prompt,
        "points": "2",
        "text_format": "plain",
        "general_feedback": "Boundaries protect you both.",
        "parts-TOTAL_FORMS": str(len(rows)),
        "parts-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value is False:
                continue
            data[f"parts-{index}-{key}"] = value
    data.update(extra)
    return data


CHOICE_ROWS = [
    {"text": "Suggest the community centre", "is_correct": True, "feedback": "Yes, kindly."},
    {"text": "Agree to meet at home", "feedback": "Your home is your boundary."},
]

# Type → (url namespace, extra fields, rows, how to read the saved rows back).
EVERY_TYPE = {
    SingleChoiceQuestion: ("question_single_choice", {}, CHOICE_ROWS),
    MultipleResponseQuestion: (
        "question_multiple_response",
        {},
        [
            {"text": "Talk of suicide", "weight": "50"},
            {"text": "Not eating for days", "weight": "50"},
            {"text": "A bad day at work", "weight": "-50", "feedback": "Listen first."},
        ],
    ),
    TrueFalseQuestion: (
        "question_true_false",
        {"correct_answer": "False", "feedback_true": "Safety first.", "feedback_false": "Yes."},
        [],
    ),
    ShortAnswerQuestion: (
        "question_short_answer",
        {},
        [{"text": "Tele-MANAS", "feedback": "14416"}, {"text": "Tele MANAS"}],
    ),
    MatchingQuestion: (
        "question_matching",
        {},
        [
            {"prompt": "Thoughts of suicide", "answer": "Refer today"},
            {"prompt": "A gift", "answer": "Decline kindly"},
        ],
    ),
    NumericalQuestion: ("question_numerical", {"answer": "14416", "tolerance": "0"}, []),
    EssayQuestion: ("question_essay", {"grader_info": "Purpose and brevity."}, []),
}

PART_ROWS = {
    SingleChoiceQuestion: (ChoiceOption, "text"),
    MultipleResponseQuestion: (WeightedOption, "text"),
    ShortAnswerQuestion: (AcceptedAnswer, "text"),
    MatchingQuestion: (MatchingPair, "prompt"),
}


@pytest.fixture
def category(db):
    return QuestionCategoryFactory(name="Boundaries")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("model", list(EVERY_TYPE), ids=lambda model: model.__name__)
def test_editor_creates_every_type_with_its_options_inline(editor_client, category, model):
    namespace, fields, rows = EVERY_TYPE[model]
    add_url = reverse(f"{namespace}:add")

    form_page = editor_client.get(add_url)
    response = editor_client.post(add_url, question_form(category, rows=rows, **fields))

    assert form_page.status_code == 200
    assert response.status_code == 302, response.context and response.context["form"].errors
    question = model.objects.get(name="Meeting at home")
    assert question.status == Question.Status.DRAFT
    assert question.points == Decimal(2)
    if model in PART_ROWS:
        part_model, field = PART_ROWS[model]
        saved = part_model.objects.filter(question=question).order_by("sort_order")
        assert [getattr(part, field) for part in saved] == [row[field] for row in rows]
    if model is TrueFalseQuestion:
        assert question.correct_answer is False
    if model is SingleChoiceQuestion:
        assert [o.is_correct for o in question.options.all()] == [True, False]


def test_add_question_offers_a_choice_of_type(editor_client):
    listing = editor_client.get(reverse("questions:index"))
    choice = editor_client.get(reverse("questions:add"))

    assert reverse("questions:add") in listing.content.decode()
    html = choice.content.decode()
    for namespace, _fields, _rows in EVERY_TYPE.values():
        assert reverse(f"{namespace}:add") in html


def test_an_option_set_breaking_the_rules_is_refused_and_what_was_typed_stays(
    editor_client, category
):
    rows = [
        {"text": "Suggest the community centre", "is_correct": True},
        {"text": "Offer your own phone number at any hour", "is_correct": True},
    ]

    response = editor_client.post(
        reverse("question_single_choice:add"), question_form(category, rows=rows)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "exactly one correct option" in html
    assert "Offer your own phone number at any hour" in html
    assert 'value="Meeting at home"' in html
    assert not Question.objects.filter(name="Meeting at home").exists()
    assert not ChoiceOption.objects.filter(text__startswith="Offer your own phone").exists()


def test_weights_not_adding_up_are_refused_on_edit_and_the_old_options_stay(
    editor_client, category
):
    question = MultipleResponseQuestion.objects.create(
        category=category, name="Referral signs", prompt="Which?"
    )
    url = reverse("question_multiple_response:edit", args=[question.pk])
    first = editor_client.post(
        url,
        question_form(
            category,
            name="Referral signs",
            rows=[{"text": "Talk of suicide", "weight": "100"}, {"text": "Tired", "weight": "0"}],
        ),
    )
    assert first.status_code == 302
    kept = list(question.options.values_list("pk", "text"))

    response = editor_client.post(
        url,
        question_form(
            category,
            name="Referral signs",
            rows=[
                {"id": kept[0][0], "text": "Talk of suicide", "weight": "60"},
                {"id": kept[1][0], "text": "Tired for weeks", "weight": "0"},
            ],
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "must add up to 100" in html
    assert "Tired for weeks" in html
    assert list(question.options.values_list("pk", "text")) == kept


def test_an_option_of_another_question_cannot_be_named(editor_client, category):
    other = SingleChoiceQuestionFactory()
    question = SingleChoiceQuestionFactory(category=category, name="Mine")
    stolen = other.options.first()
    rows = [
        {"id": stolen.pk, "text": "Hijacked", "is_correct": True},
        {"text": "Second"},
    ]

    response = editor_client.post(
        reverse("question_single_choice:edit", args=[question.pk]),
        question_form(category, name="Mine", rows=rows),
    )

    assert response.status_code == 200
    stolen.refresh_from_db()
    assert stolen.text != "Hijacked"


def test_editing_an_approved_question_sends_it_back_to_review(editor_client, category):
    question = TrueFalseQuestionFactory(category=category, name="Secrets", status="approved")

    response = editor_client.post(
        reverse("question_true_false:edit", args=[question.pk]),
        question_form(
            category, name="Secrets", prompt="Keep a risk secret if asked?", correct_answer="False"
        ),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt == "Keep a risk secret if asked?"
    assert question.status == Question.Status.DRAFT
    assert question.approved_by is None


def test_questions_listing_filters_by_type_and_status_and_searches(editor_client, category):
    SingleChoiceQuestionFactory(category=category, name="Home visit", status="draft")
    TrueFalseQuestionFactory(category=category, name="Secrets kept", prompt="Keep secrets?")
    url = reverse("questions:index")

    drafts = editor_client.get(url, {"status": "draft"}).content.decode()
    searched = editor_client.get(url, {"q": "secrets"}).content.decode()

    assert "Home visit" in drafts and "Secrets kept" not in drafts
    assert "Secrets kept" in searched and "Home visit" not in searched


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_are_refused(client, category, role):
    question = SingleChoiceQuestionFactory(category=category, status="draft")
    client.force_login(UserFactory(role=role))
    urls = [
        reverse("questions:index"),
        reverse("questions:add"),
        reverse("question_single_choice:add"),
        reverse("question_single_choice:edit", args=[question.pk]),
        reverse("question_bank:index"),
        reverse("question_category:index"),
        reverse("questions:approve") + f"?id={question.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("questions:approve"), {"id": question.pk})

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_an_editor_cannot_approve(editor_client, category):
    question = SingleChoiceQuestionFactory(category=category, status="draft")
    edit_page = editor_client.get(reverse("question_single_choice:edit", args=[question.pk]))

    response = editor_client.post(reverse("questions:approve"), {"id": question.pk})

    assert "Review and approve" not in edit_page.content.decode()
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == ADMIN_HOME
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_a_reviewer_reads_the_key_and_approves(client, reviewer, category):
    question = SingleChoiceQuestionFactory(category=category, name="Home visit", status="draft")
    client.force_login(reviewer)
    url = reverse("questions:approve") + f"?id={question.pk}"

    listing = client.get(reverse("questions:index")).content.decode()
    page = client.get(url)
    response = client.post(reverse("questions:approve"), {"id": question.pk})

    assert url.replace("&", "&amp;") in listing or url in listing
    html = page.content.decode()
    assert "Suggest the usual community centre" in html
    assert "Your home is your boundary." in html
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
    assert question.approved_by == reviewer
    assert question.approved_at is not None


def test_a_reviewer_cannot_edit_questions(client, reviewer, category):
    question = SingleChoiceQuestionFactory(category=category, name="Home visit")
    client.force_login(reviewer)
    url = reverse("question_single_choice:edit", args=[question.pk])

    response = client.post(url, question_form(category, name="Changed", rows=CHOICE_ROWS))

    assert response.status_code == 302 and response["Location"] == ADMIN_HOME
    question.refresh_from_db()
    assert question.name == "Home visit"
