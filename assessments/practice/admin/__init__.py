"""Supervised practice in the Wagtail admin, under one "Practice" menu: editors set each
course's practice up (`settings`), programme admins read the records (`records`).

Nothing here registers itself: `assessments/wagtail_hooks.py` registers `PracticeAdminGroup`.
"""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from assessments.practice.admin.records import PracticeRecordsViewSet
from assessments.practice.admin.settings import (
    CompetencyViewSet,
    PracticeCategoryViewSet,
    PracticeSettingsViewSet,
)


class PracticeAdminGroup(ViewSetGroup):
    """The "Practice" menu: editors see the set-up, programme admins the records."""

    menu_label = gettext_lazy("Practice")
    menu_icon = "time"
    menu_order = 245
    items = (
        PracticeCategoryViewSet("practice_category"),
        PracticeSettingsViewSet("practice_settings"),
        CompetencyViewSet("competency"),
        PracticeRecordsViewSet(),
    )
