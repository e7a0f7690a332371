"""Issue 16: quizzes in Hindi. A translation is text beside the source rows, shown only once a
clinical reviewer approves it, per question; the attempt, its grade and the report are the
same rows whatever the language the trainee read."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import (
    AttemptAnswer,
    Question,
    QuestionTranslation,
    Quiz,
    QuizTranslation,
    TranslationStatus,
)
from assessments.quizzes import services
from assessments.quizzes.reports import quiz_report
from assessments.quizzes.translations import TranslationRefused, translate_quiz
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    MatchingQuestionFactory,
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

pytestmark = pytest.mark.django_db

HI_QUIZ = {
    "title": "अपनी समझ जाँचें",
    "introduction": "तीन छोटे प्रश्न।",
    "questions": [
        {
            "prompt": "आप जिसका साथ देते हैं, वह आपके घर मिलना चाहता है। आप क्या कहेंगे?",
            "general_feedback": "सीमाएँ दोनों की रक्षा करती हैं।",
            "options": [
                {"text": "सामुदायिक केंद्र का सुझाव दें", "feedback": "हाँ।"},
                {"text": "मान जाएँ", "feedback": "आपका घर आपकी सीमा है।"},
                {"text": "संदेश को अनदेखा करें", "feedback": "विनम्रता से जवाब दें।"},
            ],
        },
        {
            "prompt": "भारत की राष्ट्रीय टेली मानसिक स्वास्थ्य हेल्पलाइन का नाम लिखें।",
            "general_feedback": "टेली-मानस 14416 पर उपलब्ध है।",
            "answers": [{"text": "टेली-मानस", "feedback": "हाँ, 14416।"}, {"text": "टेली मानस"}],
        },
        {
            "prompt": "हर स्थिति को सही प्रतिक्रिया से मिलाएँ।",
            "general_feedback": "सुरक्षा पहले।",
            "pairs": [
                {"prompt": "आत्महत्या के विचार", "answer": "आज ही रेफ़र करें"},
                {"prompt": "उपहार", "answer": "विनम्रता से मना करें"},
                {"prompt": "देर रात का संदेश", "answer": "तय समय में जवाब दें"},
            ],
        },
    ],
}


def _quiz(questions, **fields):
    module = course_tree_build(modules=1, lessons=0).modules[0]
    return quiz_build(questions=questions, module=module, **fields)


def _trainee(quiz, language=""):
    user = UserFactory(role=roles.TRAINEE, preferred_language=language)
    EnrolmentFactory(user=user, course=quiz.module.get_parent().specific)
    return user


@pytest.fixture
def quiz():
    return _quiz(
        [SingleChoiceQuestionFactory(), ShortAnswerQuestionFactory(), MatchingQuestionFactory()]
    )


def _page(client, attempt, position) -> str:
    url = reverse("assessments:attempt_question", args=[attempt.uuid, position])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _answer_and_submit(client, attempt, answers: dict):
    for position, data in answers.items():
        url = reverse("assessments:attempt_question", args=[attempt.uuid, position])
        client.post(url, {"sequence": "0", "action": "next", **data})
    client.post(reverse("assessments:attempt_submit", args=[attempt.uuid]))
    attempt.refresh_from_db()
    return attempt


def _right_answers(quiz) -> dict:
    """A right response to each of the fixture quiz's questions, named by source rows."""
    choice, short, matching = [slot.question for slot in quiz.quiz_questions.all()]
    right = next(o for o in choice.options.all() if o.is_correct)
    pairs = {f"pair-{p.pk}": p.answer for p in matching.pairs.all()}
    return {1: {"response": str(right.pk)}, 2: {"response": "टेली-मानस"}, 3: pairs}


# --- One identity in every language -----------------------------------------------------------


def test_an_attempt_in_hindi_asks_grades_and_counts_the_same_rows_as_in_english(client, quiz):
    questions_before = Question.objects.count()
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))
    hindi, english = _trainee(quiz, "hi"), _trainee(quiz, "en")
    results = {}
    for user in (hindi, english):
        client.force_login(user)
        attempt = services.attempt_start(user=user, quiz=quiz)
        page = _page(client, attempt, 1)
        results[user] = (_answer_and_submit(client, attempt, _right_answers(quiz)), page)

    (hindi_attempt, hindi_page), (english_attempt, english_page) = results.values()
    assert "सामुदायिक केंद्र का सुझाव दें" in hindi_page
    assert "Suggest the usual community centre" in english_page
    # The same option ids on both pages: the radio values are the source rows'.
    choice = quiz.quiz_questions.first().question
    for option in choice.options.all():
        assert f'value="{option.pk}"' in hindi_page and f'value="{option.pk}"' in english_page
    # Graded the same: the Hindi short answer is right in either language's attempt.
    assert hindi_attempt.percent == english_attempt.percent == Decimal(100)
    assert hindi_attempt.passed and english_attempt.passed
    asked = {
        attempt.pk: list(attempt.answers.order_by("position").values_list("question_id", flat=True))
        for attempt in (hindi_attempt, english_attempt)
    }
    assert asked[hindi_attempt.pk] == asked[english_attempt.pk]
    assert Question.objects.count() == questions_before  # no copies
    report = quiz_report(quiz=quiz)
    assert report.attempt_count == 2
    assert [stats.times_asked for stats in report.questions] == [2, 2, 2]


def test_the_matching_choices_show_in_hindi_but_post_the_source_answer(client, quiz):
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)

    page = _page(client, attempt, 3)

    assert '<option value="Refer today">आज ही रेफ़र करें</option>' in page
    assert "आत्महत्या के विचार" in page


def test_a_regrade_keeps_a_hindi_short_answer_right(client, quiz):
    reviewer = UserFactory(role=roles.CLINICAL_REVIEWER)
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=reviewer)
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    attempt = _answer_and_submit(
        client, services.attempt_start(user=trainee, quiz=quiz), _right_answers(quiz)
    )

    services.quiz_regrade(quiz=quiz, by=reviewer)

    answer = AttemptAnswer.objects.get(attempt=attempt, position=2)
    assert answer.score == Decimal(1)


def test_the_result_shows_hindi_feedback_for_the_chosen_option(client, quiz):
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    choice = quiz.quiz_questions.first().question
    wrong = [o for o in choice.options.all() if not o.is_correct][0]
    attempt = _answer_and_submit(
        client, services.attempt_start(user=trainee, quiz=quiz), {1: {"response": str(wrong.pk)}}
    )

    page = client.get(reverse("assessments:attempt_result", args=[attempt.uuid])).content.decode()

    assert "आपका घर आपकी सीमा है।" in page  # the chosen option's feedback
    assert "सामुदायिक केंद्र का सुझाव दें" in page  # the right answer
    assert "Your home is your boundary." not in page


# --- Shown only when approved, per question ---------------------------------------------------


def test_a_question_without_an_approved_translation_shows_in_english_marked(client, quiz):
    data = {**HI_QUIZ, "questions": [HI_QUIZ["questions"][0]]}  # only the first question
    translate_quiz(quiz, "hi", data, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)

    first, second = _page(client, attempt, 1), _page(client, attempt, 2)

    assert "अपनी समझ जाँचें" in first and "सामुदायिक केंद्र का सुझाव दें" in first
    assert 'id="q1-prompt" lang=' not in first and "question__untranslated" not in first
    assert "national tele mental health helpline" in second
    assert 'id="q2-prompt" lang="en"' in second
    assert "question__untranslated" in second


def test_a_draft_translation_is_not_shown(client, quiz):
    translate_quiz(quiz, "hi", HI_QUIZ)  # written, not yet reviewed
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    quiz_page = client.get(reverse("assessments:quiz", args=[quiz.pk])).content.decode()
    attempt = services.attempt_start(user=trainee, quiz=quiz)

    page = _page(client, attempt, 1)

    assert "अपनी समझ जाँचें" not in quiz_page and quiz.title in quiz_page
    assert "untranslated-note" in quiz_page
    assert "सामुदायिक केंद्र" not in page
    assert "Suggest the usual community centre" in page


def test_editing_the_english_after_approval_falls_back_until_reviewed_again(client, quiz):
    reviewer = UserFactory(role=roles.CLINICAL_REVIEWER)
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=reviewer)
    choice = quiz.quiz_questions.first().question
    choice.prompt = "Someone you support asks to visit you at home. What do you say?"
    choice.save()
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)

    assert "asks to visit you at home" in _page(client, attempt, 1)
    assert "भारत की राष्ट्रीय" in _page(client, attempt, 2)  # the others stay in Hindi

    from assessments.quizzes.translations import translations_approve

    translations_approve(quiz=quiz, language="hi", by=reviewer)
    attempt2 = services.attempt_start(user=_trainee(quiz, "hi"), quiz=quiz)
    client.force_login(attempt2.enrolment.user)
    assert "आप जिसका साथ देते हैं" in _page(client, attempt2, 1)


def test_translated_text_is_escaped(client):
    quiz = _quiz([TrueFalseQuestionFactory()])
    translate_quiz(
        quiz,
        "hi",
        {
            "title": "<b>शीर्षक</b>",
            "questions": [
                {
                    "prompt": "<script>alert('x')</script> सही या गलत?",
                    "general_feedback": "ठीक",
                    "feedback_true": "हाँ",
                    "feedback_false": "नहीं",
                }
            ],
        },
        approved_by=UserFactory(role=roles.CLINICAL_REVIEWER),
    )
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    quiz_page = client.get(reverse("assessments:quiz", args=[quiz.pk])).content.decode()
    page = _page(client, services.attempt_start(user=trainee, quiz=quiz), 1)

    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>शीर्षक</b>" not in quiz_page and "&lt;b&gt;शीर्षक&lt;/b&gt;" in quiz_page


# --- Cost -------------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # the first request of a session also fills caches; count the next
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_a_hindi_question_page_stays_within_budget_and_english_costs_nothing_more(client):
    questions = [SingleChoiceQuestionFactory() for _ in range(4)]
    quiz = _quiz(questions)
    english, hindi = _trainee(quiz, "en"), _trainee(quiz, "hi")
    urls = {}
    for user in (english, hindi):
        attempt = services.attempt_start(user=user, quiz=quiz)
        urls[user] = [
            reverse("assessments:attempt_question", args=[attempt.uuid, n]) for n in (1, 2, 3, 4)
        ]
    client.force_login(english)
    before = {_count(client, url) for url in urls[english]}
    translate_quiz(
        quiz,
        "hi",
        {"title": "प्रश्नोत्तरी", "questions": HI_QUIZ["questions"][:1] * 2},
        approved_by=UserFactory(role=roles.CLINICAL_REVIEWER),
    )

    after = {_count(client, url) for url in urls[english]}
    client.force_login(hindi)
    in_hindi = {_count(client, url) for url in urls[hindi]}

    assert after == before and len(before) == 1
    assert len(in_hindi) == 1 and in_hindi.pop() <= 8


# --- The admin page: editors write, clinical reviewers approve --------------------------------


def _url(quiz):
    return reverse("quiz_translate", args=[quiz.pk]) + "?language=hi"


def _form(quiz, **extra):
    choice = quiz.quiz_questions.first().question
    option = choice.options.first()
    return {
        "action": "save",
        "quiz-title": "अपनी समझ जाँचें",
        f"q{choice.pk}-prompt": "घर पर मिलना?",
        f"q{choice.pk}-options-{option.pk}-text": "केंद्र",
        **extra,
    }


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_cannot_open_or_save_a_translation(client, quiz, role):
    client.force_login(UserFactory(role=role))

    opened = client.get(_url(quiz))
    saved = client.post(_url(quiz), _form(quiz))

    assert opened.status_code in (302, 403) and saved.status_code in (302, 403)
    assert not QuizTranslation.objects.exists() and not QuestionTranslation.objects.exists()


def test_an_editor_sees_the_english_beside_the_hindi_and_saves_a_draft(client, quiz):
    client.force_login(UserFactory(role=roles.CONTENT_EDITOR))

    page = client.get(_url(quiz)).content.decode()
    saved = client.post(_url(quiz), _form(quiz))

    listing = client.get(reverse(Quiz.snippet_viewset.get_url_name("list"))).content.decode()
    assert "Suggest the usual community centre" in page and "Refer today" in page
    assert "Approve this translation" not in page
    assert _url(quiz) in listing
    assert saved.status_code == 302
    assert QuizTranslation.objects.get().status == TranslationStatus.DRAFT
    row = QuestionTranslation.objects.get()
    assert row.status == TranslationStatus.DRAFT and row.prompt == "घर पर मिलना?"


def test_an_editor_cannot_approve(client, quiz):
    client.force_login(UserFactory(role=roles.CONTENT_EDITOR))
    client.post(_url(quiz), _form(quiz))

    refused = client.post(_url(quiz), {"action": "approve"})

    assert refused.status_code == 403
    assert not QuestionTranslation.objects.filter(status=TranslationStatus.APPROVED).exists()


def test_a_reviewer_approves_someone_elses_translation_but_not_their_own(client, quiz):
    client.force_login(UserFactory(role=roles.CONTENT_EDITOR))
    client.post(_url(quiz), _form(quiz))
    reviewer = UserFactory(role=roles.CLINICAL_REVIEWER)
    client.force_login(reviewer)

    page = client.get(_url(quiz)).content.decode()
    client.post(_url(quiz), {"action": "approve"})

    assert "Approve this translation" in page
    row = QuestionTranslation.objects.get()
    assert row.status == TranslationStatus.APPROVED and row.approved_by == reviewer
    # An edit sends it back to review; the reviewer who made it cannot approve it.
    client.post(_url(quiz), _form(quiz, **{"quiz-title": "नया शीर्षक"}))
    client.post(_url(quiz), {"action": "approve"})
    assert QuizTranslation.objects.get().status == TranslationStatus.DRAFT


def test_translate_quiz_refuses_a_position_the_quiz_does_not_have(quiz):
    with pytest.raises(TranslationRefused):
        translate_quiz(quiz, "hi", {"questions": {4: {"prompt": "?"}}})
    with pytest.raises(TranslationRefused):
        translate_quiz(quiz, "xx", HI_QUIZ)


def test_the_hindi_demo_quiz_text_translates_every_question_of_the_demo_quiz():
    from assessments.quizzes.demo import demo_quizzes_load
    from assessments.quizzes.selectors import questions_with_parts
    from assessments.quizzes.translations import localise_snapshot, question_texts
    from content.curriculum.hi import QUIZZES as HINDI
    from content.curriculum.quizzes import QUIZ_1

    tree = course_tree_build(modules=1, lessons=0)
    module = tree.modules[0]
    quiz = demo_quizzes_load(
        course=module.get_parent().specific, data=[{**QUIZ_1, "module_slug": module.slug}]
    ).quizzes[0]

    translate_quiz(
        quiz,
        "hi",
        HINDI[QUIZ_1["module_slug"]],
        approved_by=UserFactory(role=roles.CLINICAL_REVIEWER),
    )

    questions = questions_with_parts(
        Question.objects.filter(pk__in=quiz.quiz_questions.values("question_id"))
    )
    texts = question_texts([q.pk for q in questions], "hi")
    shown = [localise_snapshot(q.snapshot(), texts.get(q.pk), "hi") for q in questions]
    assert len(shown) == len(QUIZ_1["questions"])
    assert not [s["prompt"] for s in shown if s.get("_untranslated")]


def test_the_translation_page_says_when_the_english_changed_or_a_text_is_missing(client, quiz):
    data = {**HI_QUIZ, "questions": [HI_QUIZ["questions"][0], {"prompt": "केवल प्रश्न"}]}
    translate_quiz(quiz, "hi", data, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))
    choice = quiz.quiz_questions.first().question
    choice.prompt = "A new English prompt"
    choice.save()
    client.force_login(UserFactory(role=roles.CONTENT_EDITOR))

    page = client.get(_url(quiz)).content.decode()

    assert "The English changed after approval" in page
    assert "Some text is missing, so trainees see this question in English." in page


def test_a_random_draw_quiz_shows_the_hindi_of_whichever_question_is_drawn(client):
    first = SingleChoiceQuestionFactory(name="A")
    SingleChoiceQuestionFactory(name="B", category=first.category)
    quiz = _quiz([], selection="random", draw_category=first.category, draw_count=2)
    question = HI_QUIZ["questions"][0]
    translate_quiz(
        quiz,
        "hi",
        {"questions": [question, {**question, "prompt": "दूसरा प्रश्न"}]},
        approved_by=UserFactory(role=roles.CLINICAL_REVIEWER),
    )
    trainee = _trainee(quiz, "hi")
    client.force_login(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)

    pages = _page(client, attempt, 1) + _page(client, attempt, 2)

    assert "आप जिसका साथ देते हैं" in pages and "दूसरा प्रश्न" in pages


def test_the_module_page_names_the_quiz_in_hindi_once_approved(client, quiz):
    client.force_login(_trainee(quiz, "hi"))
    before = client.get(quiz.module.url).content.decode()  # a warm page, if it is cached
    translate_quiz(quiz, "hi", HI_QUIZ)
    draft = client.get(quiz.module.url).content.decode()
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))

    page = client.get(quiz.module.url).content.decode()

    assert quiz.title in before and quiz.title in draft and "अपनी समझ जाँचें" not in draft
    assert "अपनी समझ जाँचें" in page and quiz.title not in page


def test_a_required_quiz_locks_the_next_module_naming_it_in_hindi_once_approved(client):
    tree = course_tree_build(modules=2, lessons=1)
    quiz = quiz_build(
        module=tree.modules[0],
        questions=[
            SingleChoiceQuestionFactory(),
            ShortAnswerQuestionFactory(),
            MatchingQuestionFactory(),
        ],
        required_to_continue=True,
    )
    user = UserFactory(role=roles.TRAINEE, preferred_language="hi")
    EnrolmentFactory(user=user, course=tree.course)
    client.force_login(user)
    before = client.get(tree.modules[1].url).content.decode()  # warms the required-quiz cache
    translate_quiz(quiz, "hi", HI_QUIZ, approved_by=UserFactory(role=roles.CLINICAL_REVIEWER))

    page = client.get(tree.modules[1].url).content.decode()

    assert f"“{quiz.title}”" in before
    assert "“अपनी समझ जाँचें”" in page and f"“{quiz.title}”" not in page
    quiz.title = "A new English title"
    quiz.save()  # the English changed after approval: the lock names the English again
    assert "“A new English title”" in client.get(tree.modules[1].url).content.decode()
