"""GIFT into question-bank drafts and back: the mapping, every refusal with its line, nothing
saved on failure, and the management commands."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from assessments.models import (
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    Question,
    QuestionBank,
    QuestionCategory,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from assessments.quizzes.gift import GiftError
from assessments.quizzes.gift_import import (
    DEFAULT_CATEGORY,
    bank_export_gift,
    gift_import,
)
from assessments.quizzes.question_types.multiple_response import weights_to_hundred
from assessments.quizzes.selectors import question_problems, questions_with_parts
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
)

pytestmark = pytest.mark.django_db

# Original questions for a peer-support course, one of every type GIFT and our models share.
EVERY_TYPE = r"""// Module 2: boundaries and referral

::Too early to tell:: Which opens a check-in?{~Why? =How are you today?#Open, gentle. ~Calm down.}

$CATEGORY: $course$/top/Boundaries

::Safe self-disclosure::
Which make a self-disclosure safe? Choose all that apply.{
~%50%It is brief
~%50%It returns the focus to the peer#Yes: the story is theirs.
~%-100%It describes your own crisis in detail#Too much.
####Share only what helps the other person.
}

::Confidentiality limits:: Confidentiality ends when someone is at immediate risk of harm.{TRUE
#Think again: risk to life comes first.#Right: say so early.}

::Warm handover::
Name the step in which you introduce the peer to the new service in person.{
=warm handover#Yes.
=warm referral
}

$CATEGORY: $course$/top/Referral

::Match the service::
Match each situation to the service you would refer to.{
=Thoughts of suicide tonight -> Crisis line
=Unpaid rent and threats of eviction -> Housing advice
=Wants to cut down on drinking -> Alcohol service
}

::Crisis line hours:: The crisis line is staffed how many hours a day?{#24:0}

::Session length:: How many minutes is a first check-in call?{#20..30}

::Reflect on a boundary:: Describe a time a boundary helped you.{
####Supervisors look for what you noticed.
}
"""


def count():
    return Question.objects.non_polymorphic().count()


def gift(text: str) -> bytes:
    return text.encode("utf-8")


def problems_of(excinfo) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in excinfo.value.problems]


# ------------------------------------------------------------------- mapping


def test_every_type_arrives_as_drafts_in_its_category():
    result = gift_import(data=gift(EVERY_TYPE), bank_name="Module 2")

    assert result.bank_created
    assert result.count == 8
    assert result.by_category == {DEFAULT_CATEGORY: 1, "Boundaries": 3, "Referral": 4}
    assert result.by_type == {
        "single_choice": 1,
        "multiple_response": 1,
        "true_false": 1,
        "short_answer": 1,
        "matching": 1,
        "numerical": 2,
        "essay": 1,
    }
    bank = QuestionBank.objects.get(name="Module 2")
    assert sorted(bank.categories.values_list("name", flat=True)) == [
        "Boundaries",
        DEFAULT_CATEGORY,
        "Referral",
    ]
    questions = {q.name: q for q in questions_with_parts(Question.objects.all())}
    assert {q.status for q in questions.values()} == {"draft"}
    assert all(question_problems(q) == [] for q in questions.values())

    single = questions["Too early to tell"]
    assert isinstance(single, SingleChoiceQuestion)
    assert single.category.name == DEFAULT_CATEGORY
    assert single.prompt == "Which opens a check-in?"
    assert [(o.text, o.is_correct, o.feedback) for o in single.options.all()] == [
        ("Why?", False, ""),
        ("How are you today?", True, "Open, gentle."),
        ("Calm down.", False, ""),
    ]

    multiple = questions["Safe self-disclosure"]
    assert isinstance(multiple, MultipleResponseQuestion)
    assert multiple.general_feedback == "Share only what helps the other person."
    assert [(o.text, o.weight, o.feedback) for o in multiple.options.all()] == [
        ("It is brief", Decimal(50), ""),
        ("It returns the focus to the peer", Decimal(50), "Yes: the story is theirs."),
        ("It describes your own crisis in detail", Decimal(-100), "Too much."),
    ]

    true_false = questions["Confidentiality limits"]
    assert isinstance(true_false, TrueFalseQuestion)
    assert true_false.correct_answer is True
    assert true_false.feedback_true == "Right: say so early."
    assert true_false.feedback_false == "Think again: risk to life comes first."

    short = questions["Warm handover"]
    assert isinstance(short, ShortAnswerQuestion)
    assert [(a.text, a.feedback) for a in short.accepted_answers.all()] == [
        ("warm handover", "Yes."),
        ("warm referral", ""),
    ]

    matching = questions["Match the service"]
    assert isinstance(matching, MatchingQuestion)
    assert matching.category.name == "Referral"
    assert [(p.prompt, p.answer) for p in matching.pairs.all()] == [
        ("Thoughts of suicide tonight", "Crisis line"),
        ("Unpaid rent and threats of eviction", "Housing advice"),
        ("Wants to cut down on drinking", "Alcohol service"),
    ]

    exact = questions["Crisis line hours"]
    assert isinstance(exact, NumericalQuestion)
    assert (exact.answer, exact.tolerance, exact.min_value) == (Decimal(24), Decimal(0), None)
    ranged = questions["Session length"]
    assert (ranged.answer, ranged.min_value, ranged.max_value) == (None, 20, 30)

    essay = questions["Reflect on a boundary"]
    assert isinstance(essay, EssayQuestion)
    assert essay.general_feedback == "Supervisors look for what you noticed."
    assert {q.text_format for q in questions.values()} == {"plain"}


def test_imported_questions_grade_as_the_file_says():
    gift_import(data=gift(EVERY_TYPE), bank_name="Module 2")
    single = SingleChoiceQuestion.objects.get()
    right = single.options.get(is_correct=True)
    assert single.grade(right.pk).score == 1
    ranged = NumericalQuestion.objects.get(name="Session length")
    assert ranged.grade("25").score == 1
    assert ranged.grade("31").score == 0


def test_a_question_without_a_name_is_named_after_its_text():
    text = (
        "When someone you support tells you they have stopped taking their medication and "
        "feel fine, what do you do first?{=Listen and ask how they decided ~Tell them to restart}"
    )
    gift_import(data=gift(text), bank_name="Bank")
    name = Question.objects.get().name
    assert name.startswith("When someone you support tells you they have stopped")
    assert len(name) <= 80
    assert name.endswith("…")


def test_existing_bank_and_category_are_reused():
    category = QuestionCategoryFactory(bank=QuestionBankFactory(name="Module 2"), name="Referral")
    result = gift_import(
        data=gift("$CATEGORY: $course$/top/Referral\n\n::One:: Refer or listen?{T}"),
        bank_name="Module 2",
    )
    assert not result.bank_created
    assert result.categories_created == []
    assert Question.objects.get().category == category


def test_html_is_sanitised():
    # GIFT needs '=' and ':' escaped inside HTML attributes, as Moodle writes them.
    text = (
        r'::Risk:: [html]<p onclick\="steal()">Is this <strong>risk</strong>?</p>'
        r"<script>alert(1)</script>{"
        r"=<em>Yes</em><img src\=x onerror\=alert(2)>"
        r'#<a href\="javascript\:alert(3)">Why</a> '
        r"~No}"
    )
    gift_import(data=gift(text), bank_name="Bank")
    question = SingleChoiceQuestion.objects.get()
    assert question.text_format == "html"
    assert question.prompt == "<p>Is this <strong>risk</strong>?</p>"
    option = question.options.get(is_correct=True)
    assert option.text == "<em>Yes</em>"
    everything = question.prompt + option.text + option.feedback
    for danger in ("<script", "onclick", "onerror", "javascript:", "<img"):
        assert danger not in everything


def test_markdown_is_rendered_to_sanitised_html():
    text = (
        "::Safe disclosure::[markdown]Which make a disclosure **safe**?\\n\\n"
        "<script>alert(1)</script>{\n"
        "~%100%It is *brief*#Yes, **brief**.\n"
        "~It is long\n"
        "####Keep the focus on the peer.\n}"
    )
    gift_import(data=gift(text), bank_name="Bank")
    question = MultipleResponseQuestion.objects.get()
    assert question.text_format == "html"
    assert "<strong>safe</strong>" in question.prompt
    assert "<script" not in question.prompt
    assert question.general_feedback == "<p>Keep the focus on the peer.</p>"
    brief = question.options.first()
    # An option is a label, so its single paragraph loses the <p>.
    assert brief.text == "It is <em>brief</em>"
    assert brief.feedback == "<p>Yes, <strong>brief</strong>.</p>"


def test_plain_and_moodle_formats_are_kept_as_plain_text():
    text = "::A::[plain]Is <b> shown as written?{T}\n\n::B::[moodle]Also <b>?{F}"
    gift_import(data=gift(text), bank_name="Bank")
    prompts = dict(Question.objects.values_list("name", "prompt"))
    assert prompts == {"A": "Is <b> shown as written?", "B": "Also <b>?"}
    assert set(Question.objects.values_list("text_format", flat=True)) == {"plain"}


# ------------------------------------------------------------------- weights


def test_thirds_are_rounded_so_the_weights_add_up_to_exactly_a_hundred():
    text = "::Thirds:: Choose the three.{~%33.33333%A ~%33.33333%B ~%33.33333%C ~%-50%D}"
    gift_import(data=gift(text), bank_name="Bank")
    question = MultipleResponseQuestion.objects.get()
    weights = list(question.options.values_list("weight", flat=True))
    assert weights == [
        Decimal("33.33334"),
        Decimal("33.33333"),
        Decimal("33.33333"),
        Decimal("-50"),
    ]
    assert question_problems(question) == []


def test_weights_within_the_parsers_tolerance_are_scaled_to_a_hundred():
    weights = weights_to_hundred([Decimal("33.33"), Decimal("33.33"), Decimal("33.33"), Decimal(0)])
    assert sum(w for w in weights if w > 0) == 100
    assert weights[:3] == [Decimal("33.33334"), Decimal("33.33333"), Decimal("33.33333")]
    assert weights[3] == 0
    sixths = weights_to_hundred([Decimal("16.66667")] * 6)
    assert sum(sixths) == 100
    assert max(sixths) - min(sixths) <= Decimal("0.00001")


# ------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        ("Q {=Right ~%50%Half right ~Wrong}", "single choice"),
        ("Q {=Right ~%-25%Wrong}", "negative"),
        ("Q {=Right =Also right ~Wrong}", "exactly one right option"),
        ("Q {=handover =%50%hand over}", "partial marks"),
        ("Q {=A -> 1 =B -> 2 = -> 3}", "no item"),
        ("Q {#=3:1 =%50%4:1}", "2 numerical answers"),
        ("Q {#3:1#Close enough}", "general feedback"),
        ("Q {=" + "a" * 256 + "}", "255 characters"),
        ("::" + "n" * 256 + ":: Q {T}", "255 characters"),
        ("Q {#0.0000001}", "decimal places"),
    ],
)
def test_what_our_questions_cannot_hold_is_refused_with_its_line(question, fragment):
    text = "::Fine:: A question that imports.{T}\n\n// a comment\n" + question
    with pytest.raises(GiftError) as excinfo:
        gift_import(data=gift(text), bank_name="Bank")
    [(line, message)] = problems_of(excinfo)
    assert line == 4
    assert fragment in message
    assert "line 4" in str(excinfo.value)
    assert count() == 0
    assert not QuestionBank.objects.exists()


def test_every_problem_is_listed_and_nothing_is_saved():
    bank = QuestionBankFactory(name="Module 2")
    text = "::A:: Fine {T}\n\n::B:: Wrong {=a =b ~c}\n\n::C:: Fine {F}\n\n::D:: Bad {#=1 =%50%2}\n"
    with pytest.raises(GiftError) as excinfo:
        gift_import(data=gift(text), bank_name=bank.name)
    assert [line for line, _ in problems_of(excinfo)] == [3, 7]
    assert count() == 0
    assert not QuestionCategory.objects.filter(bank=bank).exists()


def test_a_syntax_error_saves_nothing():
    text = EVERY_TYPE + "\n::Broken:: No closing brace {=a ~b\n"
    with pytest.raises(GiftError) as excinfo:
        gift_import(data=gift(text), bank_name="Bank")
    assert "closing" in str(excinfo.value)
    assert count() == 0


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"  \n// only a comment\n", "no questions"),
        ("::A:: Caf\u00e9 {T}".encode("latin-1"), "not UTF-8"),
        ("::A:: Q {T}".encode("utf-16"), "UTF-16"),
        (b"::A:: Q {T}\n" + b"x" * 2_000_000, "at most 2.0 MB"),
    ],
)
def test_files_that_are_not_gift_text_are_refused(data, fragment):
    with pytest.raises(GiftError) as excinfo:
        gift_import(data=data, bank_name="Bank")
    assert fragment in str(excinfo.value)
    assert count() == 0
    assert not QuestionBank.objects.exists()


def test_importing_the_same_file_twice_is_refused():
    gift_import(data=gift(EVERY_TYPE), bank_name="Module 2")
    with pytest.raises(GiftError) as excinfo:
        gift_import(data=gift(EVERY_TYPE), bank_name="Module 2")
    assert len(excinfo.value.problems) == 8
    assert "already in the category “Boundaries”" in str(excinfo.value)
    assert count() == 8
    # Another bank is another place: the same file imports there.
    gift_import(data=gift(EVERY_TYPE), bank_name="Module 2, second cohort")
    assert count() == 16


def test_a_bank_name_is_required():
    with pytest.raises(GiftError, match="name"):
        gift_import(data=gift("Q {T}"), bank_name="   ")


def test_only_someone_who_can_add_questions_can_import(trainee, reviewer, editor):
    for user in (trainee, reviewer):
        with pytest.raises(PermissionDenied):
            gift_import(data=gift("Q {T}"), bank_name="Bank", by=user)
    assert count() == 0
    assert gift_import(data=gift("Q {T}"), bank_name="Bank", by=editor).count == 1


# ------------------------------------------------------------------- export and round trip


def _described(question) -> tuple:
    """Everything GIFT carries about a question, for comparing two banks."""
    parts = []
    if isinstance(question, SingleChoiceQuestion):
        parts = [(o.text, o.is_correct, o.feedback) for o in question.options.all()]
    elif isinstance(question, MultipleResponseQuestion):
        parts = [(o.text, o.weight, o.feedback) for o in question.options.all()]
    elif isinstance(question, ShortAnswerQuestion):
        parts = [(a.text, a.feedback) for a in question.accepted_answers.all()]
    elif isinstance(question, MatchingQuestion):
        parts = [(p.prompt, p.answer) for p in question.pairs.all()]
    elif isinstance(question, TrueFalseQuestion):
        parts = [(question.correct_answer, question.feedback_true, question.feedback_false)]
    elif isinstance(question, NumericalQuestion):
        parts = [(question.answer, question.tolerance, question.min_value, question.max_value)]
    return (
        question.question_type,
        question.category.name,
        question.name,
        question.prompt,
        question.text_format,
        question.general_feedback,
        # Points are not part of GIFT: both sides hold the default of 1 here.
        question.points,
        parts,
    )


def _bank_questions(bank):
    return sorted(
        (_described(q) for q in questions_with_parts(Question.objects.filter(category__bank=bank))),
        key=lambda row: (row[1], row[2]),
    )


def test_a_bank_exported_and_imported_again_has_the_same_questions():
    bank = QuestionBankFactory(name="Original")
    boundaries = QuestionCategoryFactory(bank=bank, name="Boundaries")
    referral = QuestionCategoryFactory(bank=bank, name="Referral: where to")
    SingleChoiceQuestionFactory(category=boundaries, name="Meet at home?")
    MultipleResponseQuestionFactory(
        category=boundaries,
        name="Thirds",
        options=[
            {"text": "A", "weight": Decimal("33.33334"), "feedback": "Yes {really} #1"},
            {"text": "B", "weight": Decimal("33.33333")},
            {"text": "C = see", "weight": Decimal("33.33333")},
            {"text": "%D", "weight": Decimal("-12.5"), "feedback": "No~"},
        ],
    )
    MultipleResponseQuestionFactory(category=boundaries, name="Refer on")
    TrueFalseQuestionFactory(category=boundaries, name="Keep a secret?")
    ShortAnswerQuestionFactory(category=referral, name="Helpline")
    MatchingQuestionFactory(category=referral, name="Match")
    NumericalQuestionFactory(category=referral, name="Dial")
    NumericalQuestionFactory(category=referral, name="Range", ranged=True)
    NumericalQuestionFactory(
        category=referral, name="Tolerance", answer=Decimal("3.5"), tolerance=Decimal("0.25")
    )
    EssayQuestionFactory(category=referral, name="Reflect", grader_info="")
    SingleChoiceQuestionFactory(
        category=referral,
        name="Formatted",
        text_format="html",
        prompt="<p>Is <strong>this</strong> a line\nbreak?</p>",
        general_feedback='<p>See <a href="https://example.org" rel="noopener noreferrer">'
        "the guide</a>.</p>",
        options=[
            {"text": "<em>Yes</em>", "is_correct": True},
            {"text": "No", "feedback": "<p>Look again.</p>"},
        ],
    )

    text = bank_export_gift(bank=bank)
    result = gift_import(data=gift(text), bank_name="Copy")

    assert result.count == 11
    assert _bank_questions(QuestionBank.objects.get(name="Copy")) == _bank_questions(bank)
    assert set(
        Question.objects.filter(category__bank__name="Copy").values_list("status", flat=True)
    ) == {"draft"}


def test_export_groups_questions_by_category_and_writes_plain_text_as_plain():
    bank = QuestionBankFactory(name="Module 2")
    TrueFalseQuestionFactory(
        category=QuestionCategoryFactory(bank=bank, name="Referral"), name="Refer?"
    )
    TrueFalseQuestionFactory(
        category=QuestionCategoryFactory(bank=bank, name="Boundaries"), name="Gift?"
    )
    text = bank_export_gift(bank=bank)
    assert text.index("$CATEGORY: Boundaries") < text.index("::Gift?::[plain]")
    assert text.index("::Gift?::") < text.index("$CATEGORY: Referral") < text.index("::Refer?::")


def test_a_question_gift_cannot_write_is_named_and_nothing_is_exported():
    bank = QuestionBankFactory(name="Module 2")
    MatchingQuestionFactory(
        category=QuestionCategoryFactory(bank=bank),
        name="Arrows",
        pairs=[{"prompt": "A -> B", "answer": "1"}, {"prompt": "C", "answer": "2"}],
    )
    with pytest.raises(GiftError, match="“Arrows” cannot be written as GIFT"):
        bank_export_gift(bank=bank)


# ------------------------------------------------------------------- commands


def test_import_command_says_what_it_imported(tmp_path, capsys):
    path = tmp_path / "module2.gift.txt"
    path.write_bytes(gift(EVERY_TYPE))
    call_command("import_gift", str(path), "--bank", "Module 2")
    out = capsys.readouterr().out
    assert "Imported 8 questions into the new bank “Module 2” as drafts" in out
    assert "Boundaries (new category): 3" in out
    assert "numerical questions: 2" in out
    assert count() == 8


def test_import_command_lists_every_problem_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "broken.gift.txt"
    path.write_bytes(gift("::A:: Fine {T}\n\n::B:: Q {=a =b ~c}\n\n::C:: Q {=x =%50%y}\n"))
    with pytest.raises(CommandError, match="Nothing was imported: 2 problems"):
        call_command("import_gift", str(path), "--bank", "Module 2")
    err = capsys.readouterr().err
    assert "line 3:" in err
    assert "line 5:" in err
    assert count() == 0


def test_import_command_refuses_a_huge_or_missing_file(tmp_path):
    path = tmp_path / "huge.gift.txt"
    path.write_bytes(b"x" * 20_000_000)
    with pytest.raises(CommandError, match="20.0 MB"):
        call_command("import_gift", str(path), "--bank", "Module 2")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_gift", str(tmp_path / "missing.txt"), "--bank", "Module 2")
    assert not QuestionBank.objects.exists()


def test_export_command_writes_a_bank_that_imports_again(tmp_path, capsys):
    gift_import(data=gift(EVERY_TYPE), bank_name="Module 2")
    call_command("export_gift", "--bank", "Module 2")
    assert "::Safe self-disclosure::" in capsys.readouterr().out
    output = tmp_path / "out.gift.txt"
    call_command("export_gift", "--bank", "Module 2", "--output", str(output))
    assert gift_import(data=output.read_bytes(), bank_name="Copy").count == 8


def test_export_command_names_a_missing_bank():
    QuestionBankFactory(name="Module 2")
    with pytest.raises(CommandError, match="no question bank named “Module 3”.*Module 2"):
        call_command("export_gift", "--bank", "Module 3")
