"""Issue 5, parts 1 and 4: every question type grades itself, from the live question or from
the snapshot an attempt keeps, through one code path; a snapshot keeps grading as it was asked.
"""

import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from assessments.models import (
    AcceptedAnswer,
    ChoiceOption,
    Question,
    WeightedOption,
)
from assessments.quizzes.grading import Grade, InvalidResponse, grade_snapshot
from assessments.quizzes.selectors import questions_with_parts
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

ALL_FACTORIES = [
    SingleChoiceQuestionFactory,
    MultipleResponseQuestionFactory,
    TrueFalseQuestionFactory,
    ShortAnswerQuestionFactory,
    MatchingQuestionFactory,
    NumericalQuestionFactory,
    EssayQuestionFactory,
]


def option_ids(question):
    return [option.pk for option in question.options.all()]


def pair_ids(question):
    return [pair.pk for pair in question.pairs.all()]


# Single choice


def test_single_choice_right_option_scores_one_with_its_feedback():
    question = SingleChoiceQuestionFactory()
    right, wrong, _ = option_ids(question)

    assert question.grade(right) == Grade(Decimal(1), True, {str(right): "Yes."})
    grade = question.grade(wrong)
    assert (grade.score, grade.is_correct) == (Decimal(0), False)
    assert grade.feedback == {str(wrong): "Your home is your boundary."}


def test_single_choice_accepts_an_id_sent_as_a_string():
    question = SingleChoiceQuestionFactory()
    right = option_ids(question)[0]

    assert question.grade(str(right)).is_correct


def test_option_of_another_question_is_refused():
    question, other = SingleChoiceQuestionFactory(), SingleChoiceQuestionFactory()

    with pytest.raises(InvalidResponse, match="not part of this question"):
        question.grade(option_ids(other)[0])


@pytest.mark.parametrize("response", [None, True, 1.5, "one", "-1", [1], {"id": 1}])
def test_single_choice_malformed_response_is_refused(response):
    with pytest.raises(InvalidResponse):
        SingleChoiceQuestionFactory().grade(response)


# Multiple response


def test_multiple_response_adds_weights_of_chosen_options():
    question = MultipleResponseQuestionFactory()
    a, b, wrong = option_ids(question)

    assert question.grade([a, b]).score == Decimal(1)
    assert question.grade([a, b]).is_correct is True
    assert question.grade([a]).score == Decimal("0.5")
    assert question.grade([a]).is_correct is False
    assert question.grade([a, wrong]).score == Decimal(0)
    assert question.grade([]).score == Decimal(0)


def test_multiple_response_feedback_for_each_chosen_option():
    question = MultipleResponseQuestionFactory()
    a, b, wrong = option_ids(question)

    assert question.grade([a, b, wrong]).feedback == {str(a): "Refer.", str(wrong): "Listen first."}


def test_negative_weights_never_take_the_score_below_zero():
    question = MultipleResponseQuestionFactory()
    wrong = option_ids(question)[2]

    grade = question.grade([wrong])

    assert grade.score == Decimal(0)
    assert grade.is_correct is False


def test_weights_over_a_hundred_percent_clamp_at_one():
    snapshot = {
        "type": "multiple_response",
        "options": [
            {"id": 1, "text": "a", "weight": "60", "feedback": ""},
            {"id": 2, "text": "b", "weight": "70", "feedback": ""},
        ],
    }

    assert grade_snapshot(snapshot, [1, 2]) == Grade(Decimal(1), True, {})


def test_thirds_add_up_to_full_marks():
    question = MultipleResponseQuestionFactory(
        options=[
            {"text": "a", "weight": Decimal("33.33334")},
            {"text": "b", "weight": Decimal("33.33333")},
            {"text": "c", "weight": Decimal("33.33333")},
        ]
    )

    assert question.grade(option_ids(question)).is_correct is True


@pytest.mark.parametrize("response", [None, "1", 1, {"1": True}, [True], ["x"]])
def test_multiple_response_malformed_response_is_refused(response):
    with pytest.raises(InvalidResponse):
        MultipleResponseQuestionFactory().grade(response)


def test_multiple_response_same_option_twice_is_refused():
    question = MultipleResponseQuestionFactory()
    a = option_ids(question)[0]

    with pytest.raises(InvalidResponse, match="twice"):
        question.grade([a, a])


def test_multiple_response_foreign_option_is_refused():
    question, other = MultipleResponseQuestionFactory(), MultipleResponseQuestionFactory()

    with pytest.raises(InvalidResponse, match="not part of this question"):
        question.grade([option_ids(question)[0], option_ids(other)[0]])


# True/false


def test_true_false_grades_with_feedback_for_the_answer_given():
    question = TrueFalseQuestionFactory(correct_answer=False)

    assert question.grade(False) == Grade(
        Decimal(1), True, {"answer": "Right: explain the limits of confidentiality early."}
    )
    assert question.grade(True) == Grade(
        Decimal(0), False, {"answer": "Safety comes before confidentiality."}
    )


@pytest.mark.parametrize("response", ["true", 1, 0, None, []])
def test_true_false_needs_a_real_boolean(response):
    with pytest.raises(InvalidResponse):
        TrueFalseQuestionFactory().grade(response)


# Short answer


@pytest.mark.parametrize(
    "response", ["tele-manas", "  Tele-MANAS ", "TELE-MANAS", "tele   manas", "\tTele\nMANAS "]
)
def test_short_answer_ignores_case_and_spacing(response):
    assert ShortAnswerQuestionFactory().grade(response).is_correct is True


def test_short_answer_feedback_comes_from_the_answer_matched():
    question = ShortAnswerQuestionFactory()
    first = question.accepted_answers.all()[0]

    assert question.grade("tele-manas").feedback == {str(first.pk): "Yes, 14416."}


@pytest.mark.parametrize("response", ["telemanas", "Tele-MANAS 14416", "", "   "])
def test_short_answer_other_text_is_wrong(response):
    grade = ShortAnswerQuestionFactory().grade(response)

    assert (grade.score, grade.is_correct) == (Decimal(0), False)


@pytest.mark.parametrize("response", [None, 14416, ["Tele-MANAS"]])
def test_short_answer_needs_text(response):
    with pytest.raises(InvalidResponse):
        ShortAnswerQuestionFactory().grade(response)


# Matching


def test_matching_scores_the_fraction_matched_rightly():
    question = MatchingQuestionFactory()
    suicide, gift, late = pair_ids(question)

    all_right = {
        str(suicide): "Refer today",
        str(gift): "Decline kindly",
        str(late): "Reply in agreed hours",
    }
    assert question.grade(all_right) == Grade(Decimal(1), True, {})
    two_right = {**all_right, str(late): "Refer today"}
    assert question.grade(two_right).score == Decimal("0.6666667")
    assert question.grade(two_right).is_correct is False
    one_answered = {str(suicide): "Refer today", str(gift): None}
    assert question.grade(one_answered).score == Decimal("0.3333333")
    assert question.grade({}).score == Decimal(0)


def test_matching_answer_not_among_the_choices_is_refused():
    question = MatchingQuestionFactory()

    with pytest.raises(InvalidResponse, match="not one of the choices"):
        question.grade({str(pair_ids(question)[0]): "Call the police"})


def test_matching_item_of_another_question_is_refused():
    question, other = MatchingQuestionFactory(), MatchingQuestionFactory()

    with pytest.raises(InvalidResponse, match="not part of this question"):
        question.grade({str(pair_ids(other)[0]): "Refer today"})


@pytest.mark.parametrize("response", [None, "Refer today", ["Refer today"], {"x": "Refer today"}])
def test_matching_malformed_response_is_refused(response):
    with pytest.raises(InvalidResponse):
        MatchingQuestionFactory().grade(response)


def test_matching_offers_each_answer_once_in_an_order_that_hides_the_pairs():
    question = MatchingQuestionFactory(
        pairs=[
            {"prompt": "Thoughts of suicide", "answer": "Refer today"},
            {"prompt": "Self-harm", "answer": "Refer today"},
            {"prompt": "A gift", "answer": "Decline kindly"},
        ]
    )

    assert question.snapshot()["answers"] == ["Decline kindly", "Refer today"]


# Numerical


@pytest.mark.parametrize(
    ("response", "right"),
    [("14416", True), ("14416.0", True), (" 14416 ", True), (14416, True), ("14417", False)],
)
def test_numerical_exact_answer(response, right):
    assert NumericalQuestionFactory().grade(response).is_correct is right


@pytest.mark.parametrize(
    ("response", "right"),
    [("9.5", True), ("10.5", True), ("10", True), ("9.49", False), ("10.51", False)],
)
def test_numerical_tolerance_boundaries_are_inclusive(response, right):
    question = NumericalQuestionFactory(answer=Decimal(10), tolerance=Decimal("0.5"))

    assert question.grade(response).is_correct is right


@pytest.mark.parametrize(
    ("response", "right"),
    [("5", True), ("10", True), ("7.25", True), ("4.999", False), ("10.001", False)],
)
def test_numerical_range_boundaries_are_inclusive(response, right):
    assert NumericalQuestionFactory(ranged=True).grade(response).is_correct is right


@pytest.mark.parametrize("response", ["ten", "", "NaN", "Infinity", None, True, ["5"], "1e"])
def test_numerical_needs_a_number(response):
    with pytest.raises(InvalidResponse, match="number"):
        NumericalQuestionFactory().grade(response)


# Essay


def test_essay_waits_for_a_person_to_grade_it():
    grade = EssayQuestionFactory().grade("I shared that I had been there too, briefly, then…")

    assert grade == Grade(score=None, is_correct=None, needs_manual_grading=True)
    assert grade.to_dict() == {
        "score": None,
        "is_correct": None,
        "feedback": {},
        "needs_manual_grading": True,
    }


def test_essay_needs_text():
    with pytest.raises(InvalidResponse):
        EssayQuestionFactory().grade(None)


# Snapshots: what was asked stays asked


def _responses(question) -> list:
    """A right and a wrong response for each type."""
    match question.question_type:
        case "single_choice":
            return option_ids(question)[:2]
        case "multiple_response":
            ids = option_ids(question)
            return [ids[:2], ids[1:]]
        case "true_false":
            return [True, False]
        case "short_answer":
            return ["tele-manas", "telemanas"]
        case "matching":
            ids = pair_ids(question)
            return [{str(ids[0]): "Refer today"}, {str(ids[0]): "Decline kindly"}]
        case "numerical":
            return ["14416", "1"]
        case "essay":
            return ["An answer."]


@pytest.mark.parametrize("factory", ALL_FACTORIES)
def test_snapshot_grades_exactly_as_the_question(factory):
    question = factory()

    for response in _responses(question):
        assert grade_snapshot(question.snapshot(), response) == question.grade(response)


@pytest.mark.parametrize("factory", ALL_FACTORIES)
def test_snapshot_is_json_safe_and_survives_a_round_trip(factory):
    question = factory()
    snapshot = json.loads(json.dumps(question.snapshot()))

    assert snapshot["type"] == question.question_type
    assert snapshot["question_id"] == question.pk
    assert snapshot["prompt"] == question.prompt
    for response in _responses(question):
        stored = json.loads(json.dumps(response))
        assert grade_snapshot(snapshot, stored) == question.grade(response)


def test_snapshot_records_options_in_editor_order_with_stable_ids():
    question = SingleChoiceQuestionFactory()
    first = question.options.get(sort_order=0)
    first.sort_order = 9
    first.save()

    snapshot = question.snapshot()

    assert [option["id"] for option in snapshot["options"]] == option_ids(question)
    assert snapshot["options"][-1] == {
        "id": first.pk,
        "text": "Suggest the usual community centre",
        "is_correct": True,
        "feedback": "Yes.",
    }


def test_editing_a_question_does_not_change_grading_of_its_snapshot():
    question = SingleChoiceQuestionFactory()
    right, wrong, _ = option_ids(question)
    snapshot = question.snapshot()

    ChoiceOption.objects.filter(pk=right).update(is_correct=False, feedback="Changed.")
    ChoiceOption.objects.filter(pk=wrong).update(is_correct=True)
    ChoiceOption.objects.create(question=question, text="A new option", is_correct=False)
    question.prompt = "A rewritten prompt"
    question.save()

    assert grade_snapshot(snapshot, right) == Grade(Decimal(1), True, {str(right): "Yes."})
    assert grade_snapshot(snapshot, wrong).is_correct is False
    assert question.grade(right).is_correct is False  # the current key, for an explicit regrade
    assert snapshot["prompt"] != question.prompt


def test_deleted_rows_still_grade_from_the_snapshot():
    multiple = MultipleResponseQuestionFactory()
    short = ShortAnswerQuestionFactory()
    a, b, _ = option_ids(multiple)
    multiple_snapshot, short_snapshot = multiple.snapshot(), short.snapshot()

    WeightedOption.objects.filter(question=multiple).delete()
    AcceptedAnswer.objects.filter(question=short).delete()

    assert grade_snapshot(multiple_snapshot, [a, b]).score == Decimal(1)
    assert grade_snapshot(short_snapshot, " TELE-manas").is_correct is True
    with pytest.raises(InvalidResponse):
        multiple.grade([a])


def test_unknown_snapshot_type_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown question type"):
        grade_snapshot({"type": "drag_and_drop"}, 1)


# Loading questions of mixed types


def _bank_of_every_type(copies: int):
    category = QuestionCategoryFactory()
    for _ in range(copies):
        for factory in ALL_FACTORIES:
            factory(category=category)
    return category


@pytest.mark.parametrize("copies", [1, 3])
def test_mixed_questions_load_in_queries_that_do_not_grow_with_their_number(
    copies, django_assert_num_queries
):
    category = _bank_of_every_type(copies)
    ContentType.objects.get_for_model(Question)  # cached in a running server, as here

    # 1 base query + 1 per type (7) + 1 per type with rows (4), however many questions.
    with django_assert_num_queries(1 + 7 + 4):
        questions = questions_with_parts(Question.objects.filter(category=category))
        snapshots = [question.snapshot() for question in questions]

    assert len(snapshots) == 7 * copies
    assert {type(question).__name__ for question in questions} == {
        factory._meta.model.__name__ for factory in ALL_FACTORIES
    }


def test_counting_questions_needs_no_per_type_queries(django_assert_num_queries):
    category = _bank_of_every_type(2)

    with django_assert_num_queries(1):
        assert Question.objects.non_polymorphic().filter(category=category).count() == 14


def test_a_matching_snapshot_without_pairs_scores_nothing_rather_than_crashing():
    assert grade_snapshot({"type": "matching", "pairs": [], "answers": []}, {}).score == 0
