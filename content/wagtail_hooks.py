"""Admin registration for shared content: crisis lines as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CrisisLine


class CrisisLineViewSet(SnippetViewSet):
    model = CrisisLine
    icon = "warning"
    menu_label = _("Crisis lines")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "phone_numbers", "hours", "region"]
    list_filter = ["region"]
    search_fields = ["name", "region"]


register_snippet(CrisisLineViewSet)
