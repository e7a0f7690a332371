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
    # Searched with the database's own icontains, not Wagtail's search index: a short list
    # needs no index, and the index backend's field-restricted search fails on SQLite
    # ("no such column: name") and would need update_index after every import.
    search_backend_name = None
    search_fields = ["name", "region", "phone_numbers", "languages"]


register_snippet(CrisisLineViewSet)
