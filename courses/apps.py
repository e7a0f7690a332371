from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.site import register_demo_check, register_demo_loader, register_setup_step

        from . import handlers  # noqa: F401

        # After the roles and the home page, before anything put under the review workflow.
        register_setup_step(name="course_index", order=300, run=_course_index_setup)
        register_demo_check(name="course_index", order=200, check=_demo_course_index_missing)
        # After the accounts (the trainee is enrolled), before what the course holds.
        register_demo_loader(name="course", order=200, load=_demo_course_load)


# --- What courses adds to `setup_site` and `load_demo` (lms/site.py) -------------------------


def _course_index_setup() -> str:
    from django.contrib.auth.models import Group

    from content.services import home_page_ensure
    from lms import roles

    from .course_index import course_index_setup

    index = course_index_setup(
        home=home_page_ensure(),
        editors=Group.objects.get(name=roles.CONTENT_EDITOR),
        reviewers=Group.objects.get(name=roles.CLINICAL_REVIEWER),
    )
    return f"Course index: {index.url_path}, with the Clinical review workflow"


def _demo_course_index_missing() -> str | None:
    from .models import CourseIndexPage

    if not CourseIndexPage.objects.exists():  # nor the roles, the workflow or the permissions
        return "Run `manage.py setup_site` first: there is no course index."
    return None


def _demo_course_load(run) -> list[str]:
    from content.demo import DEMO_DOMAIN

    from .demo import DEMO_COHORT_NAME, course_demo_load
    from .models import CourseIndexPage

    result = course_demo_load(
        index=CourseIndexPage.objects.first(), trainee=run.trainee, supervisor=run.supervisor
    )
    run.course = result.course
    return [
        f"Demo course: {result.course.title} ({result.course.url}), "
        f"{len(result.created_pages)} page(s) created; "
        f"{DEMO_COHORT_NAME!r} with trainee@{DEMO_DOMAIN} enrolled."
    ]
