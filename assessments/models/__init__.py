"""The question bank: banks, categories, and one polymorphic question model per type.

Questions are rows, not JSON (decision in STYLE §3): attempts will point at them and keep a
snapshot of each as asked, graded through `assessments.quizzes.grading.grade_snapshot`.
"""

from assessments.models.banks import QuestionBank, QuestionCategory
from assessments.models.questions import (
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

__all__ = [
    "AcceptedAnswer",
    "ChoiceOption",
    "EssayQuestion",
    "MatchingPair",
    "MatchingQuestion",
    "MultipleResponseQuestion",
    "NumericalQuestion",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "ShortAnswerQuestion",
    "SingleChoiceQuestion",
    "TrueFalseQuestion",
    "WeightedOption",
]

from assessments.models.practice import (  # noqa: E402
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
    SignOffError,
)

__all__ += [
    "Competency",
    "CompetencyObservation",
    "CompetencySignOff",
    "PracticeCategory",
    "PracticeLog",
    "PracticeSettings",
    "SignOff",
    "SignOffError",
]

from assessments.models.attempts import Attempt, AttemptAnswer, QuizRegrade  # noqa: E402
from assessments.models.quizzes import Quiz, QuizQuestion  # noqa: E402

__all__ += ["Attempt", "AttemptAnswer", "Quiz", "QuizQuestion", "QuizRegrade"]

from assessments.models.translations import (  # noqa: E402
    QuestionPartTranslation,
    QuestionTranslation,
    QuizTranslation,
    TranslationStatus,
)

__all__ += [
    "QuestionPartTranslation",
    "QuestionTranslation",
    "QuizTranslation",
    "TranslationStatus",
]
