"""The demo course: builds "Foundations of Peer Support" from `content.curriculum`, with a demo
cohort. Never loaded in production; `lms`'s `load_demo` command calls it after the accounts.

Idempotent: pages are matched by slug under their parent, so a second run creates nothing and
changes nothing, and a page an editor has since changed (or deleted) is left as it is.

Publishing here is a system action, not an editorial one. Editors publish through the
"Clinical review" workflow; the loader instead saves a revision and publishes it directly
(`revision.publish()` with no user), because the demo text ships with the code and there is
nobody to review it at install time. Run it only on demo and development installations.

The Hindi (issue 16): the course index, the course, Module 1 and its lessons get their Hindi
translations from `content.curriculum.hi`, as a reviewed translation would be (a translated
page in the Hindi tree, courses/translations.py): Wagtail's `copy_for_translation` copies the
English page, the Hindi text replaces the English field by field and block by block (the
block ids stay the English ones, so answers and reflections belong to the same blocks), and a
revision is published as the demo's approved translation, the same system action as above.
A page that already has a translation is left as it is; a lesson whose English blocks no
longer line up with the Hindi (an editor changed it) is not translated.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from content.curriculum import COURSE
from content.curriculum.hi import COURSE_TEXT as HINDI_COURSE_TEXT
from content.curriculum.hi import MODULES as HINDI_MODULES
from content.demo import DEMO_DOMAIN, HINDI_TRAINEE_EMAIL, demo_refuse_production

from .blocks import LessonStreamBlock
from .models import (
    Cohort,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    Organisation,
)
from .services import enrolment_create, first_organisation_ensure

DEMO_COHORT_NAME = "Demo cohort"
DEMO_PARTNER_NAME = "Saathi Partner Network"
DEMO_PARTNER_COHORT_NAME = "Saathi cohort"
HINDI = "hi"
# The course index's Hindi (its English is courses.course_index's).
HINDI_INDEX_TEXT = {
    "title": "कोर्स",
    "introduction": "<p>पीयर सपोर्टरों के लिए कोर्स, पहले क़दम से लेकर रोज़ के अभ्यास तक।</p>",
}


@dataclass
class DemoCourseResult:
    course: CoursePage
    created_pages: list[Page] = field(default_factory=list)
    cohort_created: bool = False
    enrolment_created: bool = False
    translated_pages: list[Page] = field(default_factory=list)
    # Lessons whose English no longer lines up with the Hindi text, left untranslated.
    translations_skipped: list[str] = field(default_factory=list)


def lesson_body_raw(body: list[tuple[str, object]]) -> list[dict]:
    """The curriculum's (block_type, value) pairs as the StreamField's JSON form, which
    StreamField normalises: rich text stays an HTML string, struct blocks fill their defaults
    (a takeaways block gets its "Key takeaways" title), list items get their ids on save.

    Raises ValueError for a block type the lesson body does not have, which the StreamField
    would otherwise drop without a word.
    """
    known = LessonStreamBlock.base_blocks
    raw = []
    for block_type, value in body:
        if block_type not in known:
            raise ValueError(f"Unknown lesson block type {block_type!r}")
        raw.append({"type": block_type, "value": value})
    return raw


def _publish(page: Page) -> None:
    """Save a revision and publish it, as a system action (no user, no workflow)."""
    page.save_revision().publish()


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _course_ensure(index: CourseIndexPage, data: dict, created: list[Page]) -> CoursePage:
    course = _child(index, CoursePage, data["slug"])
    if course is None:
        course = index.add_child(
            instance=CoursePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                audience=data["audience"],
                learning_outcomes=[
                    {"type": "outcome", "value": text} for text in data["learning_outcomes"]
                ],
                estimated_hours=data["estimated_hours"],
                open_enrolment=True,  # visitors can try the demo course by enrolling themselves
                modules_unlock_in_order=False,
            )
        )
        _publish(course)
        created.append(course)
    return course


def _module_ensure(course: CoursePage, data: dict, created: list[Page]) -> ModulePage:
    module = _child(course, ModulePage, data["slug"])
    if module is None:
        module = course.add_child(
            instance=ModulePage(
                title=data["title"],
                slug=data["slug"],
                introduction=data["introduction"],
                estimated_minutes=data["estimated_minutes"],
            )
        )
        _publish(module)
        created.append(module)
    return module


def _lesson_ensure(module: ModulePage, data: dict, created: list[Page]) -> LessonPage:
    lesson = _child(module, LessonPage, data["slug"])
    if lesson is None:
        lesson = LessonPage(
            title=data["title"],
            slug=data["slug"],
            estimated_minutes=data["estimated_minutes"],
            content_note=data.get("content_note", ""),
            body=lesson_body_raw(data["body"]),
        )
        # Check the text against the blocks' own rules (lengths, required parts) as the
        # editor's form would; a StreamField is not validated by full_clean().
        lesson.body.stream_block.clean(lesson.body)
        module.add_child(instance=lesson)
        _publish(lesson)
        created.append(lesson)
    return lesson


# --- The Hindi ---------------------------------------------------------------------------------


def _text_over(source, text):
    """`text` (the curriculum's Hindi, in its plain form) laid over `source` (the English
    page's stored JSON at the same place): struct values keep the keys the Hindi does not
    name, list items and stream children keep their ids and types."""
    if isinstance(source, dict) and isinstance(text, dict):
        return {
            **source,
            **{key: _text_over(source.get(key), value) for key, value in text.items()},
        }
    if isinstance(source, list) and isinstance(text, list) and len(source) == len(text):
        return [
            {**old, "value": _text_over(old["value"], new)}
            if isinstance(old, dict) and "value" in old and "id" in old
            else _text_over(old, new)
            for old, new in zip(source, text, strict=True)
        ]
    return text


def hindi_body_raw(
    english_raw: list[dict], hindi_body: list[tuple[str, object]]
) -> list[dict] | None:
    """The English lesson body's stored blocks with the Hindi text in each (same types, same
    ids), or None when the two do not line up block by block."""
    hindi = lesson_body_raw(hindi_body)
    if [b["type"] for b in english_raw] != [b["type"] for b in hindi]:
        return None
    return [
        {**english, "value": _text_over(english["value"], block["value"])}
        for english, block in zip(english_raw, hindi, strict=True)
    ]


def _translation_ensure(page: Page, locale: Locale, fields: dict, created: list[Page]) -> Page:
    """`page`'s live translation into `locale`, made from `fields` if there is none: an
    alias Wagtail made for a child's sake becomes a translation. An existing translation
    (an editor's, or a second run's) is left as it is."""
    page = page.specific
    translated = page.get_translation_or_none(locale)
    if translated is not None and translated.alias_of_id is None:
        return translated
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
    translated = translated.specific
    translated.alias_of = None
    for name, value in fields.items():
        setattr(translated, name, value)
    if isinstance(translated, LessonPage):
        translated.body.stream_block.clean(translated.body)  # as the editor's form would
    translated.save()
    _publish(translated)
    created.append(translated)
    return translated


def hindi_demo_load(course: CoursePage, result: DemoCourseResult) -> None:
    """The demo course's Hindi: the course index, the course, and each module the curriculum
    has in Hindi with its lessons, as published translations."""
    locale = Locale.objects.filter(language_code=HINDI).first()
    if locale is None:  # Hindi is not one of the installation's languages
        return
    created = result.translated_pages
    index = course.get_parent().specific
    _translation_ensure(index, locale, HINDI_INDEX_TEXT, created)
    _translation_ensure(
        course,
        locale,
        {
            "title": HINDI_COURSE_TEXT["title"],
            "summary": HINDI_COURSE_TEXT["summary"],
            "audience": HINDI_COURSE_TEXT["audience"],
            "learning_outcomes": _text_over(
                list(course.learning_outcomes.raw_data),
                list(HINDI_COURSE_TEXT["learning_outcomes"]),
            ),
        },
        created,
    )
    for slug, module_data in HINDI_MODULES.items():
        module = _child(course, ModulePage, slug)
        if module is None:
            continue
        _translation_ensure(
            module,
            locale,
            {"title": module_data["title"], "introduction": module_data["introduction"]},
            created,
        )
        for lesson_data in module_data["lessons"]:
            lesson = _child(module, LessonPage, lesson_data["slug"])
            if lesson is None:
                continue
            existing = lesson.get_translation_or_none(locale)
            if existing is not None and existing.alias_of_id is None:
                continue
            body = hindi_body_raw(list(lesson.body.raw_data), lesson_data["body"])
            if body is None:
                result.translations_skipped.append(lesson.slug)
                continue
            fields = {
                "title": lesson_data["title"],
                "content_note": lesson_data.get("content_note", ""),
                "body": body,
            }
            _translation_ensure(lesson, locale, fields, created)


def _demo_enrol(course: CoursePage, cohort: Cohort, trainee, supervisor) -> bool:
    if Enrolment.objects.filter(user=trainee, course=course).exists():
        return False
    enrolment_create(user=trainee, course=course, cohort=cohort, supervisor=supervisor)
    return True


def course_demo_load(
    *, index: CourseIndexPage, trainee=None, supervisor=None, data: dict = COURSE
) -> DemoCourseResult:
    """Create what is missing of the demo course under `index`; with a trainee and a
    supervisor, also the demo cohort with the trainee enrolled under that supervisor."""
    demo_refuse_production()
    created: list[Page] = []
    with transaction.atomic():
        course = _course_ensure(index, data, created)
        for module_data in data["modules"]:
            module = _module_ensure(course, module_data, created)
            for lesson_data in module_data["lessons"]:
                _lesson_ensure(module, lesson_data, created)
        result = DemoCourseResult(course=course, created_pages=created)
        if supervisor is not None:
            organisation = first_organisation_ensure()[0]
            cohort, result.cohort_created = Cohort.objects.get_or_create(
                course=course,
                name=DEMO_COHORT_NAME,
                defaults={"starts_on": timezone.localdate(), "organisation": organisation},
            )
            if result.cohort_created:
                cohort.supervisors.add(supervisor)
            if trainee is not None:
                result.enrolment_created = _demo_enrol(course, cohort, trainee, supervisor)
                # The demo's Hindi reader is in the same cohort (content.demo's accounts).
                hindi_trainee = type(trainee).objects.filter(email=HINDI_TRAINEE_EMAIL).first()
                if hindi_trainee is not None:
                    _demo_enrol(course, cohort, hindi_trainee, supervisor)
            _demo_organisations(course, organisation, type(supervisor))
        hindi_demo_load(course, result)
    return result


def _demo_organisations(course: CoursePage, first: Organisation, User) -> None:
    """The demo's two organisations: admin@ runs the first (with the demo cohort), and a
    partner organisation runs its own cohort of the same course with its own admin,
    supervisor and trainee, whom admin@ never sees. national@ sees both."""
    people = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    }
    if "admin" in people:
        first.admins.add(people["admin"])
    if not {"admin.partner", "supervisor.partner", "trainee.partner"} <= people.keys():
        return
    partner, _created = Organisation.objects.get_or_create(name=DEMO_PARTNER_NAME)
    partner.admins.add(people["admin.partner"])
    cohort, created = Cohort.objects.get_or_create(
        course=course,
        name=DEMO_PARTNER_COHORT_NAME,
        defaults={"starts_on": timezone.localdate(), "organisation": partner},
    )
    if created:
        cohort.supervisors.add(people["supervisor.partner"])
    _demo_enrol(course, cohort, people["trainee.partner"], people["supervisor.partner"])
