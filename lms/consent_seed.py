"""The first privacy notice, which `setup_site` publishes when none exists (lms.consent), in
English and Hindi. Editors publish later versions in the admin (Settings → Privacy notices).

Its words follow what the site does: what each role sees is the rule of
docs/decisions/0014-organisations.md and of the trainee's own screens (reflections are private
unless shared, a practice log's reflection is never shown, scenario responses are never
shared); what erasure keeps is lms/erasure.py's rule; the periods are the settings'
(RETENTION_INACTIVE_DAYS, RETENTION_WARNING_DAYS, ERASURE_COOLING_OFF_DAYS) when it is written.
An installation that changes them, or what its programme does, publishes a new version.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import PrivacyNotice, PrivacyNoticeText


def _period(days: int, language: str) -> str:
    years, rest = divmod(days, 365)
    if days and not rest:
        if language == "hi":
            return f"{years} साल"
        return "one year" if years == 1 else f"{years} years"
    return f"{days} दिन" if language == "hi" else f"{days} days"


def _values(language: str) -> dict:
    inactive = getattr(settings, "RETENTION_INACTIVE_DAYS", 730)
    return {
        "site": settings.LMS_SITE_NAME,
        "profile": reverse("profile"),
        "inactive": _period(inactive, language) if inactive else "",
        "warning": _period(getattr(settings, "RETENTION_WARNING_DAYS", 30), language),
        "cooling_off": getattr(settings, "ERASURE_COOLING_OFF_DAYS", 7),
    }


EN_TITLE = "How we look after your information"
EN_SUMMARY = (
    "To train you, we keep your profile, what you write in lessons, your quiz answers, your "
    "practice logs, your competencies and your certificates. Your supervisor and the programme "
    "admins of your organisation see what they need to support and certify you; your private "
    "reflections are yours alone. From your profile you can get a copy of your data or "
    "withdraw your consent at any time."
)
EN_INACTIVE = (
    "If you do not sign in for {inactive} and hold no certificate, we email you, and erase "
    "your data {warning} later unless you sign in again."
)

HI_TITLE = "हम आपकी जानकारी का ध्यान कैसे रखते हैं"
HI_SUMMARY = (
    "आपको प्रशिक्षण देने के लिए हम आपकी प्रोफ़ाइल, पाठों में आपका लिखा हुआ, क्विज़ के उत्तर, "
    "अभ्यास लॉग, दक्षताएँ और प्रमाणपत्र रखते हैं। आपके सुपरवाइज़र और आपके संगठन के प्रोग्राम "
    "एडमिन उतना ही देखते हैं जितना आपकी मदद करने और आपको प्रमाणित करने के लिए ज़रूरी है; आपके "
    "निजी चिंतन सिर्फ़ आपके हैं। आप कभी भी अपनी प्रोफ़ाइल से अपने डेटा की कॉपी ले सकते हैं या "
    "अपनी सहमति वापस ले सकते हैं।"
)
HI_INACTIVE = (
    "अगर आप {inactive} तक साइन इन नहीं करते और आपके पास कोई प्रमाणपत्र नहीं है, तो हम आपको "
    "ईमेल करते हैं, और अगर आप फिर से साइन इन नहीं करते तो {warning} बाद आपका डेटा मिटा देते हैं।"
)

# Title, summary and the sentence on inactive accounts; the full text is a template,
# templates/lms/privacy_notice_first/<language>.html.
TEXTS = {
    "en": (EN_TITLE, EN_SUMMARY, EN_INACTIVE),
    "hi": (HI_TITLE, HI_SUMMARY, HI_INACTIVE),
}


def privacy_notice_text_build(language: str) -> PrivacyNoticeText:
    title, summary, inactive = TEXTS[language]
    values = _values(language)
    values["inactive_sentence"] = inactive.format(**values) if values["inactive"] else ""
    body = render_to_string(f"lms/privacy_notice_first/{language}.html", values)
    return PrivacyNoticeText(language=language, title=title, summary=summary, body=body.strip())


def privacy_notice_first_publish() -> PrivacyNotice | None:
    """Publish version 1 in English and Hindi (the languages of LANGUAGES it has), unless a
    version exists already (published or draft): returns the new version, or None."""
    from django.utils import timezone

    with transaction.atomic():
        if PrivacyNotice.objects.exists():
            return None
        languages = [code for code, _name in settings.LANGUAGES if code in TEXTS]
        notice = PrivacyNotice(version=1, published_at=timezone.now())
        notice.texts = [privacy_notice_text_build(language) for language in languages]
        notice.full_clean()
        notice.save()
    from .consent import privacy_notice_cache_forget

    privacy_notice_cache_forget()
    transaction.on_commit(privacy_notice_cache_forget)
    return notice
