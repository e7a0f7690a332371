"""Cache upkeep: the list of required quizzes changes whenever a quiz is saved or deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.models import Quiz
from assessments.quizzes.selectors import required_quizzes_changed


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
def quiz_changed(**kwargs):
    required_quizzes_changed()
