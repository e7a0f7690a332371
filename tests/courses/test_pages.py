"""The page types: a closed tree (home → course index → course → module → lesson, lessons
have no children), and each type renders."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from content.models import HomePage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


class TestTheTreeIsClosed(WagtailPageTestCase):
    def test_each_type_allows_only_the_next_level_below_it(self):
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_each_type_has_exactly_one_kind_of_parent(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})

    def test_pages_are_created_only_one_level_down(self):
        self.assertCanCreateAt(CoursePage, ModulePage)
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(Page, CoursePage)
        for page_type in (CourseIndexPage, CoursePage, ModulePage, LessonPage):
            self.assertCanNotCreateAt(LessonPage, page_type)

    def test_there_is_one_course_index_and_no_second_can_be_made(self):
        home = HomePage.objects.get()

        assert CourseIndexPage.objects.count() == 1
        assert CourseIndexPage.objects.get().get_parent().pk == home.pk
        assert not CourseIndexPage.can_create_at(home)


@pytest.mark.django_db
def test_course_index_renders_the_courses(client, tree):
    response = client.get(CourseIndexPage.objects.get().url)

    assert response.status_code == 200
    assert tree.course.title in response.content.decode()
    assert tree.course.url in response.content.decode()


@pytest.mark.django_db
def test_course_page_renders_its_summary_outcomes_and_modules(client, tree):
    response = client.get(tree.course.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert tree.course.summary in html
    assert "Explain what peer support offers." in html
    for module in tree.modules:
        assert module.title in html


@pytest.mark.django_db
def test_module_page_renders_its_lessons(client, tree):
    module = tree.modules[1]

    response = client.get(module.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert module.title in html
    for lesson in tree.lessons[3:]:
        assert lesson.title in html


@pytest.mark.django_db
def test_lesson_page_renders_its_body_for_an_enrolled_trainee(trainee_client, tree):
    lesson = tree.lessons[0]

    response = trainee_client.get(lesson.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert lesson.title in html
    assert "Say when you are available" in html  # the callout
    assert "A message at midnight" in html  # the scenario
    assert "When has someone&#x27;s shared experience helped you?" in html  # the reflection
    assert "14416" in html  # the crisis lines in the footer
