"""Whose language a page, an email or a PDF is in.

A signed-in person sees every page in the language of their profile (lms.middleware); a
visitor chooses one with the switch in the footer (Django's set_language view, remembered in
the language cookie). Everything addressed to one person (emails, certificates, statements)
is rendered in that person's language, whoever or whatever sends it: wrap the rendering in
`in_language_of(person)`.

Staff see the Wagtail admin in the same language: Wagtail's own profile keeps a copy
(UserProfile.preferred_language), which these signals hold in step with ours in both
directions, so choosing a language on either profile page chooses it for both, and Wagtail's
own emails (workflow tasks, comments) are in the recipient's language too.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.utils import translation


def language_choices() -> list[tuple[str, str]]:
    """settings.LANGUAGES, for a model field's `choices` (a callable, so adding a language
    needs no migration)."""
    return list(settings.LANGUAGES)


def supported(language: str | None) -> str | None:
    """`language` if the site offers it (settings.LANGUAGES), else None."""
    if language and language in dict(settings.LANGUAGES):
        return language
    return None


def user_language(user) -> str:
    """The language to address `user` in: their choice while the site offers it, otherwise
    the installation's (LANGUAGE_CODE)."""
    return supported(getattr(user, "preferred_language", None)) or settings.LANGUAGE_CODE


def in_language_of(user):
    """A context manager: what is rendered inside it is in `user`'s language."""
    return translation.override(user_language(user))


def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """Our profile changed language: Wagtail's copy follows (one UPDATE, only on saves that
    may have changed it)."""
    if created or (update_fields is not None and "preferred_language" not in update_fields):
        return
    from wagtail.users.models import UserProfile

    language = supported(instance.preferred_language)
    if language:
        UserProfile.objects.filter(user_id=instance.pk).exclude(preferred_language=language).update(
            preferred_language=language
        )


def _wagtail_profile_saving(sender, instance, **kwargs):
    """Wagtail's copy is never blank: a blank one makes Wagtail write its notification
    emails (workflow tasks, comments) in the SENDER's language, not the recipient's."""
    if not supported(instance.preferred_language):
        instance.preferred_language = user_language(instance.user)


def _wagtail_profile_saved(sender, instance, **kwargs):
    """Wagtail's account page chose a language for the admin: ours follows, so the rest of
    the site, emails and PDFs use it too."""
    from django.contrib.auth import get_user_model

    language = supported(instance.preferred_language)
    if language:
        get_user_model().objects.filter(pk=instance.user_id).exclude(
            preferred_language=language
        ).update(preferred_language=language)
        if type(instance).user.is_cached(instance):
            instance.user.preferred_language = language


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="lms.language.user_saved")
    pre_save.connect(
        _wagtail_profile_saving,
        sender=UserProfile,
        dispatch_uid="lms.language.wagtail_profile_saving",
    )
    post_save.connect(
        _wagtail_profile_saved,
        sender=UserProfile,
        dispatch_uid="lms.language.wagtail_profile_saved",
    )
