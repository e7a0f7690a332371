"""Every question type is one class that implements all of it, and every model has one.

Adding a type should touch its own module, its template and the registry only; these checks
fail when a type forgets a piece (grading, what its page shows and the template that draws
it, reading a POST, its rules before saving, its right answer, GIFT in and out), when a
question model has no type, or when a type cannot go through GIFT and come back the same.
"""

import inspect
from decimal import Decimal

import pytest
from django.template.loader import get_template, render_to_string

from assessments.models import Question
from assessments.quizzes.gift import GiftAnswer, MatchPair, NumericalAnswer, ParsedQuestion
from assessments.quizzes.gift_reader import parse_gift
from assessments.quizzes.gift_writer import export_gift
from assessments.quizzes.question_types.base import QuestionType
from assessments.quizzes.question_types.registry import QUESTION_TYPES, question_type_for
from assessments.quizzes.selectors import question_problems, shown_question
from tests.factories import assessments as factories

HUNDRED = Decimal(100)
ZERO = Decimal(0)

OWN_METHODS = [
    name
    for name, member in vars(QuestionType).items()
    if getattr(member, "__isabstractmethod__", False)
]

# One question of each type as GIFT can say it; a new type adds its example here.
EXAMPLES = {
    "single_choice": ParsedQuestion(
        kind="single_choice",
        text="Which is a boundary?",
        answers=[GiftAnswer("Saying no", HUNDRED, "Yes."), GiftAnswer("Lending money", ZERO)],
    ),
    "multiple_response": ParsedQuestion(
        kind="multiple_response",
        text="Which help?",
        answers=[
            GiftAnswer("Listening", Decimal(50)),
            GiftAnswer("Naming feelings", Decimal(50), "Good."),
            GiftAnswer("Advice", Decimal(-50)),
        ],
    ),
    "true_false": ParsedQuestion(
        kind="true_false",
        text="Peers diagnose.",
        answers=[GiftAnswer("True", ZERO, "No."), GiftAnswer("False", HUNDRED, "Right.")],
    ),
    "short_answer": ParsedQuestion(
        kind="short_answer",
        text="Name the skill of saying back.",
        answers=[GiftAnswer("reflecting"), GiftAnswer("reflection", HUNDRED, "Close enough.")],
    ),
    "matching": ParsedQuestion(
        kind="matching",
        text="Match them.",
        pairs=[MatchPair("Listen", "Ears"), MatchPair("Look", "Eyes")],
    ),
    "numerical": ParsedQuestion(
        kind="numerical",
        text="Hours of supervision?",
        numerical_answers=[NumericalAnswer(value=Decimal(2), tolerance=Decimal("0.5"))],
    ),
    "essay": ParsedQuestion(kind="essay", text="Describe a hard conversation."),
}


def _concrete_question_models():
    found, todo = [], [Question]
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if model is not Question and not model._meta.abstract and not model._meta.proxy:
            found.append(model)
    return found


@pytest.mark.parametrize("key", list(QUESTION_TYPES))
def test_every_type_implements_every_piece(key):
    kind = question_type_for(key)
    assert not inspect.isabstract(type(kind))
    assert kind.key == key
    for name in OWN_METHODS:
        assert getattr(type(kind), name) is not getattr(QuestionType, name), (key, name)


@pytest.mark.parametrize("key", list(QUESTION_TYPES))
def test_every_type_names_its_model(key):
    kind = question_type_for(key)
    assert issubclass(kind.model, Question)
    assert kind.model.question_type == key


def test_every_question_model_has_a_registered_type():
    models = _concrete_question_models()
    assert models
    for model in models:
        assert model.question_type in QUESTION_TYPES, model
        assert QUESTION_TYPES[model.question_type].model is model


def test_the_base_type_declares_the_pieces_a_type_owns():
    assert set(OWN_METHODS) == {
        "grade",
        "shown",
        "problems",
        "response_from_post",
        "right_answer_text",
        "gift_build",
        "gift_fill",
        "gift_body_lines",
    }


def test_every_type_has_a_gift_example():
    assert set(EXAMPLES) == set(QUESTION_TYPES)


@pytest.mark.parametrize("key", list(QUESTION_TYPES))
def test_every_type_round_trips_through_gift(key):
    example = EXAMPLES[key]
    assert parse_gift(export_gift([example])) == [example]


@pytest.mark.parametrize("key", list(QUESTION_TYPES))
def test_every_type_has_its_own_template(key):
    kind = question_type_for(key)
    assert "template_name" in vars(type(kind)), key
    assert get_template(kind.template_name)


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(QUESTION_TYPES))
def test_every_type_draws_its_question_and_checks_it(key):
    kind = question_type_for(key)
    question = getattr(factories, f"{kind.model_name}Factory")()
    assert kind.problems(question) == question_problems(question) == []
    shown = shown_question(question.snapshot(), position=1)
    assert shown["template_name"] == kind.template_name
    html = render_to_string("assessments/includes/question.html", {"q": shown})
    assert f'class="question question--{key}"' in html
    assert 'name="response"' in html or 'name="pair-' in html
