"""The question chooser: how a quiz's editor picks the questions of a fixed list.

Registered from `assessments/wagtail_hooks.py`; Wagtail then uses it for every foreign key
to `Question` in the admin (the quiz's question rows).
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from assessments.models import Question, QuestionCategory
from assessments.quizzes.admin.questions import category_label, status_label, type_label
from lms.form_input import BadInputMixin


class QuestionChooserFilterForm(BadInputMixin, BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Search term"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}),
        required=False,
    )
    category = forms.ModelChoiceField(
        queryset=QuestionCategory.objects.select_related("bank"),
        required=False,
        label=gettext_lazy("Category"),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        if search := self.cleaned_data.get("q"):
            objects = objects.filter(name__icontains=search) | objects.filter(
                prompt__icontains=search
            )
            self.is_searching = True
            self.search_query = search
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category=category)
        return objects


class QuestionChooseMixin:
    """Shows every question with its type and status: publishing a quiz is what approves."""

    filter_form_class = QuestionChooserFilterForm

    def get_object_list(self):
        return Question.objects.select_related("category__bank")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("type", label=_("Type"), accessor=type_label),
            Column("category", label=_("Category"), accessor=category_label),
            Column("status", label=_("Status"), accessor=status_label),
        ]


class QuestionChooseView(QuestionChooseMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseMixin, ChooseResultsView):
    pass


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = gettext_lazy("Choose a question")
    choose_another_text = gettext_lazy("Choose another question")
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    per_page = 30


question_chooser_viewset = QuestionChooserViewSet("question_chooser")
