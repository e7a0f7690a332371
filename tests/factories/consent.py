"""Privacy notice versions (lms.consent): published or draft, with texts in English and, with
`hindi=True`, Hindi. The test settings publish none (PRIVACY_NOTICE_SETUP is off), so a test
that wants the gate publishes its own here."""

import factory
from django.db.models import Max
from django.utils import timezone

from lms.consent import privacy_notice_cache_forget
from lms.models import PrivacyNotice, PrivacyNoticeText


class PrivacyNoticeTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNoticeText

    language = "en"
    title = factory.Sequence(lambda n: f"How we look after your information ({n})")
    summary = "We keep what you write to train you; your supervisor sees your practice logs."
    body = "<h2>What we keep</h2><p>Your profile, lessons, quiz answers and practice logs.</p>"


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    """A published version with the next number (`published=False`: a draft)."""

    class Meta:
        model = PrivacyNotice
        skip_postgeneration_save = True

    class Params:
        published = True

    version = factory.Maybe(
        "published",
        factory.LazyFunction(
            lambda: (PrivacyNotice.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        ),
        None,
    )
    published_at = factory.Maybe("published", factory.LazyFunction(timezone.now), None)

    @factory.post_generation
    def texts(obj, create, extracted, **kwargs):
        """An English text always; `hindi=True` adds a Hindi one."""
        if not create:
            return
        PrivacyNoticeTextFactory(notice=obj, language="en")
        # The cached version in force would hide this one until it expired.
        privacy_notice_cache_forget()

    @factory.post_generation
    def hindi(obj, create, extracted, **kwargs):
        if create and extracted:
            PrivacyNoticeTextFactory(
                notice=obj,
                language="hi",
                title="हम आपकी जानकारी का ध्यान कैसे रखते हैं",
                summary="हम आपकी प्रगति रखते हैं।",
                body="<p>आपके निजी चिंतन सिर्फ़ आपके हैं।</p>",
            )
