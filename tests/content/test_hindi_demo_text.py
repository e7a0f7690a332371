"""The Hindi demo text (`content.curriculum.hi`) mirrors the English it translates.

A Hindi block, question or option is shown in place of the English one at the same position,
so an English edit the Hindi has not followed would put the wrong text in front of a trainee.
These checks are structural: same slugs, lessons, blocks, block types and data values; the
same questions and parts; every text written, mostly in Devanagari, with the crisis numbers
and HTML tags of its English text. They say nothing about the quality of the Hindi, which a
clinical reviewer approves.
"""

import re
from html.parser import HTMLParser

import pytest

from content.curriculum import COURSE
from content.curriculum.hi import COURSE_TEXT, MODULES, QUIZZES
from content.curriculum.quizzes import QUIZZES as ENGLISH_QUIZZES
from courses.blocks import LessonStreamBlock
from courses.demo import lesson_body_raw

ENGLISH_MODULES = {module["slug"]: module for module in COURSE["modules"]}
ENGLISH_QUIZ_FOR = {quiz["module_slug"]: quiz for quiz in ENGLISH_QUIZZES}

# Values that are data rather than text: the Hindi keeps them exactly.
DATA_KEYS = {"slug", "level", "kind", "url", "estimated_minutes", "module_slug", "name"}
# Text the English leaves to a block default, which the Hindi writes out.
HINDI_ONLY = {("takeaways", "title")}
# What a translated question carries, by type, besides its name, prompt and general feedback.
QUESTION_PARTS = {
    "single_choice": {"options": ("text", "feedback")},
    "multiple_response": {"options": ("text", "feedback")},
    "short_answer": {"answers": ("text", "feedback")},
    "matching": {"pairs": ("prompt", "answer")},
    "true_false": {},
}
QUESTION_TEXT = {"true_false": ("feedback_true", "feedback_false")}

# Crisis services named in English text must keep their names, untranslated.
HELPLINE_NAMES = ("Tele-MANAS", "KIRAN", "iCall", "Vandrevala")
NUMBER = re.compile(r"\d[\d-]*\d")  # 14416, 1-800-891-4416, 112 (two digits or more)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, ()))


def _tags(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _devanagari_share(text: str) -> float:
    """Devanagari letters as a share of all letters, leaving out tags and URLs."""
    text = re.sub(r"<[^>]+>|https?://\S+", " ", text)
    devanagari = sum(1 for ch in text if "\u0900" <= ch <= "\u097f" and ch.isalpha())
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return devanagari / ((devanagari + latin) or 1)


def _text_problems(where: str, english: str, hindi: str) -> list[str]:
    if not isinstance(hindi, str) or not hindi.strip():
        return [f"{where}: no Hindi text"]
    problems = []
    if _devanagari_share(hindi) < 0.6:
        problems.append(f"{where}: not mostly Devanagari: {hindi!r}")
    if re.search("[\u0966-\u096f]", hindi):
        problems.append(f"{where}: numbers are kept in the English digits")
    for number in NUMBER.findall(english):
        if number not in hindi:
            problems.append(f"{where}: the English number {number} is missing")
    for name in HELPLINE_NAMES:
        if name in english and name not in hindi:
            problems.append(f"{where}: the helpline name {name} is missing")
    if _tags(english) != _tags(hindi):
        problems.append(f"{where}: HTML tags differ from the English")
    return problems


def _mirror(where: str, english, hindi, problems: list[str], block_type: str = "") -> None:
    """Walk English and Hindi side by side: same shape, same data, text for every text."""
    if isinstance(english, dict):
        if not isinstance(hindi, dict):
            problems.append(f"{where}: expected a dict")
            return
        extra = {key for key in set(hindi) - set(english) if (block_type, key) not in HINDI_ONLY}
        missing = set(english) - set(hindi)
        if extra or missing:
            problems.append(f"{where}: keys differ (extra {extra}, missing {missing})")
        for key in english.keys() & hindi.keys():
            _mirror(f"{where}.{key}", english[key], hindi[key], problems, block_type)
        for key in hindi.keys() - english.keys():
            problems += _text_problems(f"{where}.{key}", "", hindi[key])
    elif isinstance(english, list):
        if not isinstance(hindi, list) or len(hindi) != len(english):
            problems.append(f"{where}: expected {len(english)} items")
            return
        for position, (en, hi) in enumerate(zip(english, hindi, strict=True)):
            _mirror(f"{where}[{position}]", en, hi, problems, block_type)
    elif where.rsplit(".", 1)[-1] in DATA_KEYS or not isinstance(english, str):
        if hindi != english:
            problems.append(f"{where}: {hindi!r} is not the English {english!r}")
    elif english == "":
        if hindi != "":
            problems.append(f"{where}: the English is empty, so the Hindi is too")
    else:
        problems += _text_problems(where, english, hindi)


def _module_problems(english: dict, hindi: dict) -> list[str]:
    problems = []
    rest = {key: value for key, value in english.items() if key != "lessons"}
    _mirror(
        "module", rest, {key: value for key, value in hindi.items() if key != "lessons"}, problems
    )
    en_lessons, hi_lessons = english["lessons"], hindi.get("lessons", [])
    if [lesson["slug"] for lesson in hi_lessons] != [lesson["slug"] for lesson in en_lessons]:
        return [*problems, "lesson slugs or their order differ from the English"]
    for en_lesson, hi_lesson in zip(en_lessons, hi_lessons, strict=True):
        where = f"lesson {en_lesson['slug']}"
        _mirror(
            where,
            {key: value for key, value in en_lesson.items() if key != "body"},
            {key: value for key, value in hi_lesson.items() if key != "body"},
            problems,
        )
        en_types = [block_type for block_type, _ in en_lesson["body"]]
        hi_types = [block_type for block_type, _ in hi_lesson["body"]]
        if hi_types != en_types:
            problems.append(f"{where}: block types {hi_types} are not the English {en_types}")
            continue
        for position, ((block_type, en), (_, hi)) in enumerate(
            zip(en_lesson["body"], hi_lesson["body"], strict=True)
        ):
            _mirror(f"{where} block {position} {block_type}", en, hi, problems, block_type)
    return problems


def _quiz_problems(english: dict, hindi: dict) -> list[str]:
    problems = []
    if set(hindi) != {"module_slug", "title", "introduction", "questions"}:
        problems.append(f"quiz keys: {sorted(hindi)}")
    for key in ("title", "introduction"):
        problems += _text_problems(f"quiz {key}", english[key], hindi.get(key))
    en_questions, hi_questions = english["questions"], hindi.get("questions", [])
    if [q.get("name") for q in hi_questions] != [q["name"] for q in en_questions]:
        return [*problems, "questions differ from the English ones, or are in another order"]
    for en, hi in zip(en_questions, hi_questions, strict=True):
        where = f"question {en['name']!r}"
        parts = QUESTION_PARTS[en["type"]]
        texts = ("prompt", "general_feedback", *QUESTION_TEXT.get(en["type"], ()))
        if set(hi) != {"name", *texts, *parts}:
            problems.append(f"{where}: keys {sorted(hi)} (correctness stays on the English)")
        for key in texts:
            problems += _text_problems(f"{where} {key}", en[key], hi.get(key))
        for kind, fields in parts.items():
            if len(hi.get(kind, [])) != len(en[kind]):
                problems.append(f"{where}: {len(en[kind])} {kind} in English")
                continue
            for position, (en_part, hi_part) in enumerate(zip(en[kind], hi[kind], strict=True)):
                if set(hi_part) != set(fields):
                    problems.append(f"{where} {kind}[{position}]: keys {sorted(hi_part)}")
                for field in fields:
                    problems += _text_problems(
                        f"{where} {kind}[{position}].{field}", en_part[field], hi_part.get(field)
                    )
    return problems


def test_module_one_has_hindi_text_and_its_quiz_too():
    module_1 = COURSE["modules"][0]["slug"]
    assert set(MODULES) == {module_1}
    assert set(QUIZZES) == {module_1}


@pytest.mark.parametrize("slug", sorted(MODULES))
def test_a_hindi_module_mirrors_the_english_block_by_block(slug):
    assert _module_problems(ENGLISH_MODULES[slug], MODULES[slug]) == []


@pytest.mark.parametrize("slug", sorted(MODULES))
def test_a_hindi_lesson_body_is_a_valid_lesson_body(slug):
    """The loader can save it: each Hindi text fits its block's field (lengths, choices)."""
    stream = LessonStreamBlock()
    for lesson in MODULES[slug]["lessons"]:
        stream.clean(stream.to_python(lesson_body_raw(lesson["body"])))


@pytest.mark.parametrize("slug", sorted(QUIZZES))
def test_a_hindi_quiz_mirrors_the_english_question_by_question_with_text_only(slug):
    assert _quiz_problems(ENGLISH_QUIZ_FOR[slug], QUIZZES[slug]) == []


def test_the_hindi_course_text_follows_the_english_course():
    problems = []
    for key in ("title", "summary", "audience"):
        problems += _text_problems(f"course {key}", COURSE[key], COURSE_TEXT[key])
    if len(COURSE_TEXT["learning_outcomes"]) != len(COURSE["learning_outcomes"]):
        problems.append("learning outcomes: not as many as in English")
    for position, (en, hi) in enumerate(
        zip(COURSE["learning_outcomes"], COURSE_TEXT["learning_outcomes"], strict=False)
    ):
        problems += _text_problems(f"learning outcome {position}", en, hi)
    assert problems == []


def test_the_mirror_check_catches_a_hindi_text_that_has_drifted():
    """The checks above fail for the mistakes they guard against."""
    english = ENGLISH_MODULES["what-peer-support-is-and-is-not"]
    drifted = {**MODULES["what-peer-support-is-and-is-not"]}
    lesson = {**drifted["lessons"][1]}
    body = list(lesson["body"])
    at = [block_type for block_type, _ in body].index("scenario")
    scenario = dict(body[at][1])
    # The crisis number dropped, and a tag lost, in the scenario's debrief.
    scenario["debrief"] = scenario["debrief"].replace("14416", "").replace("</p><p>", " ", 1)
    body[at] = ("scenario", scenario)
    body[0] = ("heading", {"text": "What we mean", "level": "h3"})
    lesson["body"] = body
    drifted["lessons"] = [drifted["lessons"][0], lesson, drifted["lessons"][2]]

    problems = "\n".join(_module_problems(english, drifted))

    assert "number 14416 is missing" in problems
    assert "HTML tags differ" in problems
    assert "not mostly Devanagari" in problems
    assert "'h3' is not the English 'h2'" in problems
