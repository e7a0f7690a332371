"""Question banks and questions of every type, each with a sensible answer key."""

from decimal import Decimal

import factory

from assessments.models import (
    AcceptedAnswer,
    ChoiceOption,
    EssayQuestion,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    QuestionBank,
    QuestionCategory,
    Quiz,
    QuizQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    WeightedOption,
)

from .courses import course_tree_build

__all__ = [
    "QuizFactory",
    "quiz_build",
    "EssayQuestionFactory",
    "MatchingQuestionFactory",
    "MultipleResponseQuestionFactory",
    "NumericalQuestionFactory",
    "QuestionBankFactory",
    "QuestionCategoryFactory",
    "ShortAnswerQuestionFactory",
    "SingleChoiceQuestionFactory",
    "TrueFalseQuestionFactory",
]


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Peer support bank {n}")
    description = factory.Faker("sentence")


class QuestionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionCategory
        django_get_or_create = ("bank", "name")

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"Boundaries {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    category = factory.SubFactory(QuestionCategoryFactory)
    name = factory.Sequence(lambda n: f"Question {n}")
    prompt = factory.Faker("sentence")
    points = Decimal(1)
    general_feedback = factory.Faker("sentence")
    # Askable unless a test says otherwise; imports and new questions start as drafts.
    status = "approved"


def _rows(model, question, rows):
    return [
        model.objects.create(question=question, sort_order=i, **row) for i, row in enumerate(rows)
    ]


class SingleChoiceQuestionFactory(QuestionFactory):
    """Three options, the first correct; pass `options=[{...}]` for others."""

    class Meta:
        model = SingleChoiceQuestion
        skip_postgeneration_save = True

    prompt = "Someone you support asks to meet at your home. What do you say?"

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        rows = extracted or [
            {"text": "Suggest the usual community centre", "is_correct": True, "feedback": "Yes."},
            {"text": "Agree, it is friendlier", "feedback": "Your home is your boundary."},
            {"text": "Ignore the message", "feedback": "Reply, kindly."},
        ]
        if create:
            _rows(ChoiceOption, self, rows)


class MultipleResponseQuestionFactory(QuestionFactory):
    """Two right options at 50 % each and one wrong at -50 %."""

    class Meta:
        model = MultipleResponseQuestion
        skip_postgeneration_save = True

    prompt = "Which are signs that you should refer the person on?"

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        rows = extracted or [
            {"text": "Talk of ending their life", "weight": Decimal(50), "feedback": "Refer."},
            {"text": "Not eating for days", "weight": Decimal(50)},
            {"text": "A bad day at work", "weight": Decimal(-50), "feedback": "Listen first."},
        ]
        if create:
            _rows(WeightedOption, self, rows)


class TrueFalseQuestionFactory(QuestionFactory):
    class Meta:
        model = TrueFalseQuestion

    prompt = "You should keep a risk of harm secret if asked to."
    correct_answer = False
    feedback_true = "Safety comes before confidentiality."
    feedback_false = "Right: explain the limits of confidentiality early."


class ShortAnswerQuestionFactory(QuestionFactory):
    class Meta:
        model = ShortAnswerQuestion
        skip_postgeneration_save = True

    prompt = "Name India's national tele mental health helpline."

    @factory.post_generation
    def accepted_answers(self, create, extracted, **kwargs):
        rows = extracted or [
            {"text": "Tele-MANAS", "feedback": "Yes, 14416."},
            {"text": "Tele MANAS"},
        ]
        if create:
            _rows(AcceptedAnswer, self, rows)


class MatchingQuestionFactory(QuestionFactory):
    class Meta:
        model = MatchingQuestion
        skip_postgeneration_save = True

    prompt = "Match each situation to a response."

    @factory.post_generation
    def pairs(self, create, extracted, **kwargs):
        rows = extracted or [
            {"prompt": "Thoughts of suicide", "answer": "Refer today"},
            {"prompt": "Gift from the person", "answer": "Decline kindly"},
            {"prompt": "Late-night message", "answer": "Reply in agreed hours"},
        ]
        if create:
            _rows(MatchingPair, self, rows)


class NumericalQuestionFactory(QuestionFactory):
    """Answer 14416 exactly by default; `ranged=True` for a 5..10 range instead."""

    class Meta:
        model = NumericalQuestion

    prompt = "What number do you dial for Tele-MANAS?"
    answer = Decimal(14416)
    tolerance = Decimal(0)

    class Params:
        ranged = factory.Trait(
            answer=None, tolerance=None, min_value=Decimal(5), max_value=Decimal(10)
        )


class EssayQuestionFactory(QuestionFactory):
    class Meta:
        model = EssayQuestion

    prompt = "Describe a time you shared your own experience, and why."
    grader_info = "Looks for purpose, brevity and a return to the other person."


class QuizFactory(factory.django.DjangoModelFactory):
    """A draft quiz on a module; use `quiz_build` for a published one with questions."""

    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Check your understanding {n}")
    module = factory.LazyFunction(lambda: course_tree_build(modules=1, lessons=1).modules[0])
    pass_mark = Decimal(50)
    shuffle_options = False
    live = False


def quiz_build(*, questions=(), publish: bool = True, **fields) -> Quiz:
    """A quiz asking `questions` in order, published (live) unless `publish=False`.

    Publishing goes through a revision, as the admin does, so the quiz has a live revision.
    """
    quiz = QuizFactory(**fields)
    for position, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=position)
    if publish:
        quiz.save_revision().publish()
        quiz.refresh_from_db()
    return quiz
