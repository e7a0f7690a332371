"""Every question type, by the key snapshots record as "type".

Adding a type: write its class in a module of this package, its answer fields' template in
`templates/assessments/includes/question_types/`, add an instance here, and add the
`Question` subclass (with `question_type` set to the key) in `assessments/models/`.
`tests/assessments/test_question_types.py` checks that every type implements everything and
has its template, and that every question model has a type. The order here is the order
editors see types listed.
"""

from assessments.quizzes.question_types.base import QuestionType
from assessments.quizzes.question_types.essay import Essay
from assessments.quizzes.question_types.matching import Matching
from assessments.quizzes.question_types.multiple_response import MultipleResponse
from assessments.quizzes.question_types.numerical import Numerical
from assessments.quizzes.question_types.short_answer import ShortAnswer
from assessments.quizzes.question_types.single_choice import SingleChoice
from assessments.quizzes.question_types.true_false import TrueFalse

QUESTION_TYPES: dict[str, QuestionType] = {
    kind.key: kind
    for kind in (
        SingleChoice(),
        MultipleResponse(),
        TrueFalse(),
        ShortAnswer(),
        Matching(),
        Numerical(),
        Essay(),
    )
}


def question_type_for(key: str) -> QuestionType:
    """The type recorded as `key`; KeyError for a key no type has."""
    return QUESTION_TYPES[key]
