"""Issue 5, part 1: the rules of the question bank hold in the database and in the one
service that rewrites a question's options, and a refused write leaves nothing behind.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from assessments.models import (
    ChoiceOption,
    NumericalQuestion,
    Question,
    QuestionCategory,
    WeightedOption,
)
from assessments.quizzes.selectors import question_problems
from assessments.quizzes.services import AssessmentError, question_options_set
from tests.factories import (
    EssayQuestionFactory,
    MatchingQuestionFactory,
    MultipleResponseQuestionFactory,
    NumericalQuestionFactory,
    QuestionCategoryFactory,
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
)

pytestmark = pytest.mark.django_db


def _texts(question):
    return [(option.text, option.is_correct) for option in question.options.all()]


def test_options_set_updates_by_id_adds_and_removes_in_the_order_given():
    question = SingleChoiceQuestionFactory()
    right, wrong, dropped = question.options.all()

    question_options_set(
        question=question,
        options=[
            {"text": "A new wrong option"},
            {"id": wrong.pk, "text": "Agree, it is friendlier", "is_correct": False},
            {"id": right.pk, "text": "Suggest a public place", "is_correct": True},
        ],
    )

    assert _texts(question) == [
        ("A new wrong option", False),
        ("Agree, it is friendlier", False),
        ("Suggest a public place", True),
    ]
    assert question.options.all()[2].pk == right.pk  # ids are kept, so snapshots still match
    assert not ChoiceOption.objects.filter(pk=dropped.pk).exists()


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ([{"text": "a", "is_correct": True}, {"text": "b", "is_correct": True}], "exactly one"),
        ([{"text": "a"}, {"text": "b"}], "exactly one"),
        ([{"text": "a", "is_correct": True}], "at least two"),
        ([{"text": "", "is_correct": True}, {"text": "b"}], "Option 1"),
        ([{"text": "a", "is_correct": True, "weight": 5}, {"text": "b"}], "Unknown fields"),
    ],
)
def test_single_choice_options_that_break_the_rules_are_refused_and_nothing_is_written(
    options, reason
):
    question = SingleChoiceQuestionFactory()
    before = _texts(question)

    with pytest.raises(AssessmentError, match=reason):
        question_options_set(question=question, options=options)

    assert _texts(question) == before


def test_option_of_another_question_cannot_be_edited_through_this_one():
    question, other = SingleChoiceQuestionFactory(), SingleChoiceQuestionFactory()
    foreign = other.options.first()

    with pytest.raises(AssessmentError, match="not part of this question"):
        question_options_set(
            question=question,
            options=[{"id": foreign.pk, "text": "x", "is_correct": True}, {"text": "y"}],
        )

    assert ChoiceOption.objects.get(pk=foreign.pk).text == foreign.text


def test_multiple_response_positive_weights_must_add_up_to_a_hundred():
    question = MultipleResponseQuestionFactory()

    with pytest.raises(AssessmentError, match="add up to 90"):
        question_options_set(
            question=question,
            options=[{"text": "a", "weight": Decimal(60)}, {"text": "b", "weight": Decimal(30)}],
        )
    question_options_set(
        question=question,
        options=[
            {"text": "a", "weight": Decimal(60)},
            {"text": "b", "weight": Decimal(40)},
            {"text": "c", "weight": Decimal(-100)},
        ],
    )

    assert [option.weight for option in question.options.all()] == [60, 40, -100]


def test_a_weight_beyond_a_hundred_percent_is_refused():
    question = MultipleResponseQuestionFactory()

    with pytest.raises(AssessmentError, match="between -100 % and 100 %"):
        question_options_set(
            question=question,
            options=[{"text": "a", "weight": Decimal(150)}, {"text": "b", "weight": Decimal(-50)}],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        WeightedOption.objects.create(question=question, text="c", weight=Decimal(-101))


def test_short_answer_and_matching_rows_go_through_the_same_service():
    short, matching = ShortAnswerQuestionFactory(), MatchingQuestionFactory()

    question_options_set(question=short, options=[{"text": "14416"}])
    with pytest.raises(AssessmentError, match="at least one accepted answer"):
        question_options_set(question=short, options=[])
    with pytest.raises(AssessmentError, match="at least two pairs"):
        question_options_set(question=matching, options=[{"prompt": "a", "answer": "b"}])

    assert short.grade("14416").is_correct is True
    assert len(matching.pairs.all()) == 3


@pytest.mark.parametrize("factory", [TrueFalseQuestionFactory, EssayQuestionFactory])
def test_types_without_options_refuse_them(factory):
    with pytest.raises(AssessmentError, match="no options"):
        question_options_set(question=factory(), options=[{"text": "a"}])


@pytest.mark.parametrize(
    "factory",
    [
        SingleChoiceQuestionFactory,
        MultipleResponseQuestionFactory,
        TrueFalseQuestionFactory,
        ShortAnswerQuestionFactory,
        MatchingQuestionFactory,
        NumericalQuestionFactory,
        EssayQuestionFactory,
    ],
)
def test_factory_questions_can_be_asked(factory):
    assert question_problems(factory()) == []


def test_points_must_be_positive():
    question = TrueFalseQuestionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(points=0)


@pytest.mark.parametrize(
    "fields",
    [
        {"answer": Decimal(1), "tolerance": None},
        {"answer": None, "tolerance": None},
        {"answer": Decimal(1), "tolerance": Decimal(-1)},
        {"answer": Decimal(1), "tolerance": Decimal(0), "min_value": Decimal(0)},
        {"answer": None, "tolerance": None, "min_value": Decimal(2), "max_value": Decimal(1)},
        {"answer": None, "tolerance": None, "min_value": Decimal(2)},
    ],
)
def test_numerical_needs_exactly_one_of_tolerance_or_range(fields):
    category = QuestionCategoryFactory()
    question = NumericalQuestion(category=category, name="n", prompt="p", **fields)

    with pytest.raises(ValidationError):
        question.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        question.save()


def test_category_names_are_unique_per_bank_not_across_banks():
    category = QuestionCategoryFactory(name="Referral")
    QuestionCategoryFactory(name="Referral")  # another bank

    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionCategory.objects.create(bank=category.bank, name="Referral")


def test_a_category_with_questions_cannot_be_deleted():
    question = EssayQuestionFactory()

    with pytest.raises(ProtectedError):
        question.category.delete()


def test_the_same_option_twice_is_refused():
    question = SingleChoiceQuestionFactory()
    right = question.options.first()

    with pytest.raises(AssessmentError, match="twice"):
        question_options_set(
            question=question,
            options=[{"id": right.pk, "is_correct": True}, {"id": right.pk, "text": "b"}],
        )


def test_saving_options_marks_the_question_changed():
    question = SingleChoiceQuestionFactory()
    before = question.updated_at
    right = question.options.first()

    question_options_set(
        question=question,
        options=[{"id": right.pk}, {"text": "Another wrong option"}],
    )

    assert Question.objects.get(pk=question.pk).updated_at > before
