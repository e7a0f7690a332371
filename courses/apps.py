from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.scoping import PeopleScope, register_people_scope
        from lms.site import register_demo_check, register_demo_loader, register_setup_step

        from . import data_export, erasure, handlers  # noqa: F401
        from .organisations import (
            audit_events_q,
            log_entries_q,
            organisations_for,
            people_q,
            person_organisation_ids,
            person_place,
        )

        # lms's user admin narrows to the people a programme admin's organisations hold.
        register_people_scope(
            PeopleScope(
                people_q=people_q,
                organisations=organisations_for,
                place=person_place,
                log_entries_q=log_entries_q,
                organisation_ids=person_organisation_ids,
                audit_events_q=audit_events_q,
            )
        )

        # Their organisations, enrolments, lessons and what they wrote, in a person's copy of
        # their data (lms/data_export.py).
        data_export.register()
        # What erasing a person deletes here (lms/erasure.py).
        erasure.register()
        # After the roles and the home page, before anything put under the review workflow.
        register_setup_step(name="course_index", order=300, run=_course_index_setup)
        # Before the roles, which are given wagtail-localize's permission.
        register_setup_step(name="content_locales", order=90, run=_content_locales_ensure)
        register_setup_step(name="first_organisation", order=310, run=_first_organisation_ensure)
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


def _first_organisation_ensure() -> str:
    from .services import first_organisation_ensure

    organisation, created = first_organisation_ensure()
    return f"Organisation: {organisation.name}" + (" (created)" if created else "")


def _content_locales_ensure() -> str:
    from .translations import content_locales_ensure

    return content_locales_ensure()


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
