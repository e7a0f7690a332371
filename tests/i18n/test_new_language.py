"""A new language is a setting and a catalogue away: nothing in the models changes with it."""

from lms.language import language_choices
from lms.models import User


def test_adding_a_language_needs_no_migration():
    # The migration records the callable, not today's list: a new LANGUAGES entry changes
    # no model state, so `makemigrations` has nothing to write.
    _, _, _, kwargs = User._meta.get_field("preferred_language").deconstruct()
    assert kwargs["choices"] is language_choices


def test_the_profile_offers_each_language(settings):
    from lms.forms import ProfileForm

    settings.LANGUAGES = [*settings.LANGUAGES, ("bn", "বাংলা")]
    choices = dict(ProfileForm().fields["preferred_language"].choices)
    assert choices.get("bn") == "বাংলা" and choices.get("hi") == "हिन्दी"
