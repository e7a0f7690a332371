"""Deleting in the admin what the database protects (PROTECT) says why instead of failing.

Wagtail's reference index may already know the row is protected (and would answer with a
bare "permission denied"); the database is the final guard. Either way the person is told
why and nothing is deleted. Used by the courses admin (cohorts, organisations) and the
practice set-up (categories, competencies).
"""

from django.db.models.deletion import ProtectedError
from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.admin.views.generic import DeleteView


class ProtectedDeleteView(DeleteView):
    """`in_use()` says whether the object is protected; `refusal` is the message, with
    %(name)s for the object (or override `refusal_message()`); `refused_url()` is where the
    person goes back to (the list, unless overridden)."""

    refusal = ""

    def in_use(self) -> bool:
        raise NotImplementedError

    def refusal_message(self) -> str:
        return self.refusal % {"name": self.object}

    def refused_url(self) -> str:
        return self.get_success_url()

    def form_valid(self, form):
        if self.in_use():
            return self._refuse()
        try:
            return super().form_valid(form)
        except ProtectedError:
            return self._refuse()

    def _refuse(self):
        messages.error(self.request, self.refusal_message())
        return redirect(self.refused_url())
