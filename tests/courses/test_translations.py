"""Lessons in Hindi (issue 16): a trainee reads each lesson in their language when a reviewed
translation is live, the English original otherwise (marked); English URLs stay; progress
counts the course once whatever language each lesson was read in."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from courses.models import CoursePage, LessonCompletion, LessonPage, LessonResponse
from courses.selectors import (
    course_structure,
    courses_for_choice,
    dashboard_for,
    live_lessons_for,
)
from courses.services import lesson_complete, lesson_response_save

pytestmark = pytest.mark.django_db

HINDI_TITLE = "सक्रिय रूप से सुनना"
HINDI_TEXT = "सहकर्मी सहायक पहले सुनता है।"


def hindi_translation(page, *, publish: bool = True, **fields):
    """The page's Hindi translation, as a translated (not aliased) page in the Hindi tree,
    its ancestors copied as drafts when they have none yet; published when `publish`."""
    locale = Locale.objects.get(language_code="hi")
    translated = page.specific.get_translation_or_none(locale)
    if translated is None:
        translated = page.specific.copy_for_translation(locale, copy_parents=True)
    translated.alias_of = None  # a parent copied for a child is an alias: translate it
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    if publish:
        translated.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)


def hindi_lesson(lesson, *, publish: bool = True):
    body = [
        {**block, "value": {**block["value"], "text": HINDI_TITLE}}
        if block["type"] == "heading"
        else {**block, "value": f"<p>{HINDI_TEXT}</p>"}
        if block["type"] == "paragraph"
        else block
        for block in lesson.body.raw_data
    ]
    return hindi_translation(lesson, publish=publish, title=HINDI_TITLE, body=body)


@pytest.fixture
def hindi_trainee(trainee):
    trainee.preferred_language = "hi"
    trainee.save(update_fields=["preferred_language"])
    return trainee


@pytest.fixture
def hindi_client(client, hindi_trainee, enrolment):
    client.force_login(hindi_trainee)
    return client


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _hindi_ancestors_live():
    """The Hindi home, course index, course and modules live, as aliases of the English."""
    hindi = Page.objects.filter(locale__language_code="hi")
    assert hindi.filter(alias_of__isnull=False).exists()
    assert not hindi.filter(alias_of__isnull=False, live=False).exists()


# --- Reading --------------------------------------------------------------------------------


def test_a_hindi_reader_reads_the_reviewed_translation_at_the_english_url(hindi_client, tree):
    lesson = tree.lessons[0]
    hindi_lesson(lesson)

    html = _html(hindi_client.get(lesson.url))

    assert HINDI_TITLE in html
    assert HINDI_TEXT in html
    assert "Peer support rests on" not in html
    assert "not yet available" not in html


def test_an_english_reader_reads_english_at_the_same_url(client, trainee, enrolment, tree):
    lesson = tree.lessons[0]
    hindi_lesson(lesson)
    client.force_login(trainee)

    html = _html(client.get(lesson.url))

    assert HINDI_TEXT not in html
    assert "Peer support rests on" in html


def test_without_a_translation_the_original_is_shown_marked_in_english(hindi_client, tree):
    hindi_lesson(tree.lessons[0])
    untranslated = tree.lessons[1]

    html = _html(hindi_client.get(untranslated.url))

    assert "Peer support rests on" in html
    assert 'role="note"' in html
    note = html[html.index('<p class="notice" role="note">') :].split("</p>", 1)[0]
    assert "English" in note or "अंग्रेज़ी" in note or "अंग्रेजी" in note
    assert f'<h1 lang="en">{untranslated.title}</h1>' in html
    assert '<div class="lesson__body" lang="en">' in html


def test_our_interface_inside_an_english_lesson_is_marked_as_the_readers_language(
    hindi_client, tree
):
    """An untranslated lesson is marked lang="en", but our labels and buttons in it are Hindi
    and say so, whether the page is built afresh or from its cached parts (WCAG 3.1.2)."""
    lesson = tree.lessons[1]
    for _visit in range(2):
        html = _html(hindi_client.get(lesson.url))
        body = html[html.index('<div class="lesson__body" lang="en">') :]
        assert '<p class="callout__kind" lang="hi">' in body
        assert '<p class="scenario__kind" lang="hi">' in body
        assert '<p class="reflection__kind" lang="hi"' in body
        assert '<p class="actions" lang="hi">' in body
        assert '<p class="callout__title">Say when you are available</p>' in body


def test_an_error_in_an_english_lesson_is_marked_as_the_readers_language(hindi_client, tree):
    """Text too long for a reflection: the page says why, in Hindi, marked lang="hi" inside
    the English lesson, and keeps what was typed."""
    lesson = tree.lessons[1]
    block_id = next(block.id for block in lesson.body if block.block_type == "reflection")
    url = reverse("courses:response_save", args=[lesson.pk, block_id])
    response = hindi_client.post(url, {"text": "मेरा अनुभव " + "x" * 5001})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<p class="errors" lang="hi" id="reflection-{block_id}-error" role="alert">' in html
    assert "मेरा अनुभव" in html


def test_a_translation_not_yet_published_is_not_shown(hindi_client, tree):
    lesson = tree.lessons[0]
    draft = hindi_lesson(lesson, publish=False)

    html = _html(hindi_client.get(lesson.url))

    assert not draft.live
    assert HINDI_TEXT not in html
    assert '<div class="lesson__body" lang="en">' in html


def test_the_outline_shows_hindi_titles_and_counts_each_lesson_once(hindi_client, tree):
    for lesson in tree.lessons[:2]:
        hindi_lesson(lesson)

    html = _html(hindi_client.get(tree.course.url))

    assert HINDI_TITLE in html
    assert tree.lessons[2].title in html
    assert len(course_structure(tree.course)[0].lessons) == 3
    assert sum(len(m.lessons) for m in course_structure(tree.course)) == len(tree.lessons)


# --- URLs -----------------------------------------------------------------------------------


def test_a_translated_page_has_its_source_url(tree):
    lesson = tree.lessons[0]
    translated = hindi_lesson(lesson)
    module = hindi_translation(tree.modules[0], slug="module-hindi")

    assert translated.url == lesson.url
    assert module.url == tree.modules[0].url
    assert LessonPage.objects.get(pk=translated.pk).full_url == lesson.full_url


def test_english_urls_still_work_for_hindi_readers_once_the_hindi_tree_is_live(hindi_client, tree):
    """With i18n on, Wagtail would route a Hindi reader through the Hindi home page once it
    is live: every lesson not translated yet would be a 404 for them."""
    hindi_lesson(tree.lessons[0])
    _hindi_ancestors_live()
    hindi_course = tree.course.get_translation(Locale.objects.get(language_code="hi"))
    assert hindi_course.live

    assert HINDI_TEXT in _html(hindi_client.get(tree.lessons[0].url))
    assert "Peer support rests on" in _html(hindi_client.get(tree.lessons[1].url))
    assert "Peer support rests on" in _html(hindi_client.get(tree.lessons[4].url))


# --- Progress counts the source -------------------------------------------------------------


def test_completing_the_hindi_lesson_completes_the_lesson(hindi_client, hindi_trainee, tree):
    lesson = tree.lessons[0]
    translated = hindi_lesson(lesson)

    response = hindi_client.post(reverse("courses:lesson_complete", args=[translated.pk]))

    assert response.status_code == 302
    assert response.url == lesson.url
    completion = LessonCompletion.objects.get()
    assert completion.lesson_id == lesson.pk
    assert "✓" in _html(hindi_client.get(lesson.url))
    [row] = dashboard_for(user=hindi_trainee)
    assert (row["progress"].completed, row["progress"].total) == (1, len(tree.lessons))


def test_the_service_records_a_translated_lesson_against_its_source(hindi_trainee, enrolment, tree):
    lesson = tree.lessons[0]
    translated = hindi_lesson(lesson)

    lesson_complete(user=hindi_trainee, lesson=translated)
    lesson_complete(user=hindi_trainee, lesson=lesson)

    assert list(LessonCompletion.objects.values_list("lesson_id", flat=True)) == [lesson.pk]


def test_a_reflection_written_in_hindi_is_the_lessons_reflection(hindi_trainee, enrolment, tree):
    lesson = tree.lessons[0]
    translated = hindi_lesson(lesson)
    block_id = tree.block_id(lesson, "reflection")

    lesson_response_save(user=hindi_trainee, lesson=translated, block_id=block_id, text="मेरा")

    response = LessonResponse.objects.get()
    assert response.lesson_id == lesson.pk
    assert response.text == "मेरा"


def test_a_reflection_posted_from_the_hindi_page_shows_on_both(
    client, hindi_client, hindi_trainee, tree
):
    lesson = tree.lessons[0]
    hindi_lesson(lesson)
    block_id = tree.block_id(lesson, "reflection")
    url = reverse("courses:response_save", args=[lesson.pk, block_id])

    assert hindi_client.post(url, {"text": "जो मैंने सीखा"}).status_code == 302

    assert "जो मैंने सीखा" in _html(hindi_client.get(lesson.url))
    hindi_trainee.preferred_language = "en"
    hindi_trainee.save(update_fields=["preferred_language"])
    assert "जो मैंने सीखा" in _html(hindi_client.get(lesson.url))


def test_counts_and_choices_do_not_double_count_the_hindi_tree(hindi_trainee, enrolment, tree):
    for lesson in tree.lessons:
        hindi_lesson(lesson)
    _hindi_ancestors_live()

    assert len(live_lessons_for(tree.course)) == len(tree.lessons)
    assert [row["progress"].total for row in dashboard_for(user=hindi_trainee)] == [6]
    assert list(courses_for_choice()) == [tree.course]
    assert CoursePage.objects.filter(translation_key=tree.course.translation_key).count() == 2


# --- Course and module pages ----------------------------------------------------------------


def test_course_and_module_pages_show_their_translations(hindi_client, tree):
    hindi_translation(tree.course, title="सहकर्मी सहायता की नींव", summary="सहायता क्या है।")
    hindi_translation(tree.modules[0], title="पहला मॉड्यूल", introduction="<p>परिचय</p>")
    hindi_lesson(tree.lessons[0])

    course = _html(hindi_client.get(tree.course.url))
    module = _html(hindi_client.get(tree.modules[0].url))
    lesson = _html(hindi_client.get(tree.lessons[0].url))

    assert "<h1>सहकर्मी सहायता की नींव</h1>" in course
    assert "सहायता क्या है।" in course
    assert "पहला मॉड्यूल" in course  # the outline
    assert "<h1>पहला मॉड्यूल</h1>" in module
    assert "परिचय" in module
    assert "सहकर्मी सहायता की नींव" in module  # breadcrumbs and "Back to"
    assert "सहकर्मी सहायता की नींव" in lesson


def test_an_untranslated_module_page_is_marked_english(hindi_client, tree):
    html = _html(hindi_client.get(tree.modules[1].url))

    assert f'<h1 lang="en">{tree.modules[1].title}</h1>' in html
    assert '<div class="prose" lang="en">' in html


def test_english_readers_pages_carry_no_language_marks(client, trainee, enrolment, tree):
    hindi_lesson(tree.lessons[0])
    client.force_login(trainee)

    for url in (tree.course.url, tree.modules[0].url, tree.lessons[1].url):
        html = _html(client.get(url))
        assert 'lang="en">' not in html.split("<body", 1)[1]
        assert '<p class="callout__kind">' in html or url != tree.lessons[1].url
        assert "not yet available" not in html


def test_a_new_content_language_is_a_setting_and_setup_site_away(settings):
    from lms.services import site_setup

    settings.LANGUAGES = [*settings.LANGUAGES, ("bn", "বাংলা")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    assert not Locale.objects.filter(language_code="bn").exists()

    site_setup()

    assert Locale.objects.filter(language_code="bn").exists()


def test_hindi_completions_open_the_next_module(client, hindi_trainee):
    from courses.services import enrolment_create
    from tests.factories import course_tree_build

    tree = course_tree_build(modules=2, lessons=2, modules_unlock_in_order=True)
    enrolment_create(user=hindi_trainee, course=tree.course)
    client.force_login(hindi_trainee)
    locked = tree.lessons[2]
    assert "lesson__body" not in _html(client.get(locked.url))

    for lesson in tree.lessons[:2]:
        translated = hindi_lesson(lesson)
        client.post(reverse("courses:lesson_complete", args=[translated.pk]))

    assert '<div class="lesson__body" lang="en">' in _html(client.get(locked.url))
