"""A trainee who reads in Hindi, on a 360 px phone, in a real browser (issue 16): a visitor
switches the site to Hindi with the footer's language switch, signs in through the Hindi
sign-in form, reads a lesson in Hindi, takes the module's quiz in Hindi, logs a practice
session and downloads their certificate. Every page says <html lang="hi">, shows no English
interface text (tests/i18n/catalogue.py), fits the phone and passes axe (nothing serious or
critical). The trainee is one step from nowhere: `certifiable_build` meets every rule, so the
certificate is issued before the journey starts and the quiz is taken again.

Controls are found by their place and type, not their English names: the point is that the
names are Hindi.
"""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.quizzes.translations import questions_to_translate, translate_quiz
from certificates.models import Certificate
from certificates.services import certificate_evaluate
from lms import roles
from lms.timezones import user_today
from tests.courses.test_translations import HINDI_TEXT, HINDI_TITLE, hindi_translation
from tests.factories import UserFactory
from tests.factories.certificates import certifiable_build
from tests.i18n.catalogue import english_leftovers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "a-long-demo-passphrase-42"
HINDI_QUIZ_TITLE = "अपनी समझ जाँचें"
HINDI_PROMPT = "आप किसी से सार्वजनिक जगह पर मिलते हैं। सबसे अच्छा क़दम क्या है?"
_axe = Axe()


def check_page(page) -> None:
    """The page is in Hindi, with no English interface text, fits 360 px and passes axe."""
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    leftovers = english_leftovers(page.content())
    assert not leftovers, f"{page.url} shows English interface text: {leftovers}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"
    violations = [
        v for v in _axe.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not violations, f"axe on {page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


# The factory lesson's other texts, in Hindi (tests/factories/courses.py lesson_body).
HINDI_BLOCK_TEXT = {
    "crisis_resources": {
        "heading": "अगर किसी को अभी मदद चाहिए",
        "intro": "ये सेवाएँ मुफ़्त हैं। आपको संकट अकेले नहीं सँभालना है।",
    },
}


def hindi_lesson(lesson):
    """The lesson's published Hindi translation, every text of its body in Hindi."""
    body = []
    for block in lesson.body.raw_data:
        value = block["value"]
        if block["type"] == "heading":
            value = {**value, "text": HINDI_TITLE}
        elif block["type"] == "paragraph":
            value = f"<p>{HINDI_TEXT}</p>"
        elif block["type"] == "takeaways":
            items = [
                {**item, "value": "दयालु रहें।"} if isinstance(item, dict) else "दयालु रहें।"
                for item in value["items"]
            ]
            value = {**value, "title": "मुख्य बातें", "items": items}
        elif block["type"] in HINDI_BLOCK_TEXT:
            value = {**value, **HINDI_BLOCK_TEXT[block["type"]]}
        body.append({**block, "value": value})
    return hindi_translation(lesson, title=HINDI_TITLE, body=body)


def hindi_quiz(quiz, reviewer) -> None:
    """The quiz's approved Hindi, every text its English has."""
    questions = []
    for question in questions_to_translate(quiz):
        snapshot = question.snapshot()
        questions.append(
            {
                "prompt": HINDI_PROMPT,
                "general_feedback": "सार्वजनिक जगह आप दोनों को सुरक्षित रखती है।"
                if snapshot.get("general_feedback")
                else "",
                "options": [
                    {
                        "text": f"विकल्प {position}",
                        "feedback": "यह सोचने लायक़ है।" if option.get("feedback") else "",
                    }
                    for position, option in enumerate(snapshot.get("options", []), start=1)
                ],
            }
        )
    introduction = "एक छोटा प्रश्न।" if quiz.introduction else ""
    data = {"title": HINDI_QUIZ_TITLE, "introduction": introduction, "questions": questions}
    translate_quiz(quiz, "hi", data, approved_by=reviewer)


@pytest.fixture
def hindi_trainee(site):
    """A certified-to-be trainee who reads in Hindi, with Hindi for a lesson and the quiz."""
    trainee = UserFactory(
        role=roles.TRAINEE,
        email="anita.hindi@example.org",
        full_name="अनीता शर्मा",
        preferred_language="hi",
        password=PASSWORD,
    )
    built = certifiable_build(user=trainee, modules=1, lessons=2)
    hindi_lesson(built.tree.lessons[0])
    hindi_quiz(built.quiz, UserFactory(role=roles.CLINICAL_REVIEWER))
    certificate_evaluate(enrolment=built.enrolment)  # tasks run at once: rendered and issued
    assert Certificate.objects.get(enrolment=built.enrolment).status == "issued"
    return trainee, built


def test_a_hindi_trainee_signs_in_learns_practises_and_downloads_a_certificate(
    phone_page, hindi_trainee
):
    page = phone_page
    trainee, built = hindi_trainee

    # A visitor switches to Hindi in the footer, then signs in through the Hindi form.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch = page.locator("footer form select")
    switch.select_option("hi")
    page.locator("footer form button").click()
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    check_page(page)
    page.locator("input[name=login]").fill(trainee.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator("input[name=password]")).to_have_count(0)

    # The lesson, in Hindi at its English URL.
    lesson = built.tree.lessons[0]
    page.goto(lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(HINDI_TITLE)
    expect(page.get_by_text(HINDI_TEXT).first).to_be_visible()
    check_page(page)

    # The quiz, in Hindi: start a new attempt, answer, submit.
    page.goto(f"/learn/quizzes/{built.quiz.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(HINDI_QUIZ_TITLE)
    check_page(page)
    page.locator("main form[action$='/start/'] button[type=submit]").click()
    expect(page.get_by_text(HINDI_PROMPT)).to_be_visible()
    check_page(page)
    page.locator("main input[type=radio]").first.check()
    page.locator("main button[value=review]").click()
    page.locator("main form[action$='/submit/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/result/$"))
    check_page(page)

    # A practice session, logged and sent to the supervisor.
    page.goto(f"/learn/practice/{built.tree.course.pk}/new/")
    check_page(page)
    yesterday = user_today(trainee) - timedelta(days=1)
    page.locator("input[name=day]").fill(yesterday.isoformat())
    page.locator("input[name=start]").fill("10:00")
    page.locator("input[name=hours]").fill("1")
    page.locator("input[name=minutes]").fill("30")
    page.locator("select[name=category]").select_option(index=1)
    page.locator("input[name=mode]").first.check()
    page.locator("textarea[name=description]").fill("एक साथी की पूरी बात ध्यान से सुनी।")
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_role("status").or_(page.locator(".messages")).first).to_be_visible()
    assert built.enrolment.practice_logs.count() == 2
    check_page(page)

    # The certificate: the course page offers it, and it downloads.
    page.goto(built.tree.course.url)
    check_page(page)
    certificate = Certificate.objects.get(enrolment=built.enrolment)
    link = page.locator(f"a[href$='/{certificate.code}/download/']").first
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
