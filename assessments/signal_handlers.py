"""Cache upkeep: the list of required quizzes (with their approved translated titles) changes
whenever a quiz or a quiz's translation is saved or deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.models import Quiz, QuizTranslation
from assessments.quizzes.selectors import required_quizzes_changed


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
@receiver(post_save, sender=QuizTranslation)
@receiver(post_delete, sender=QuizTranslation)
def quiz_changed(**kwargs):
    required_quizzes_changed()
