"""The GIFT upload screen and bank download in the Wagtail admin, as an editor uses them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Question, QuestionBank
from assessments.quizzes.gift_reader import parse_gift
from tests.factories.assessments import (
    MatchingQuestionFactory,
    QuestionBankFactory,
    QuestionCategoryFactory,
    TrueFalseQuestionFactory,
)

pytestmark = pytest.mark.django_db

GOOD = b"""$CATEGORY: $course$/top/Referral

::Refer today:: Thoughts of suicide tonight call for a referral today.{T}

::Helpline:: Name the national tele mental health helpline.{=Tele-MANAS =Tele MANAS}
"""


@pytest.fixture
def index_url():
    return reverse("gift_import:index")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(content: bytes, name: str = "bank.gift.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def count():
    return Question.objects.non_polymorphic().count()


def test_editor_sees_the_form_and_the_menu_item(editor_client, index_url):
    response = editor_client.get(index_url)
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert "Check and import" in response.text
    assert "in Moodle&#x27;s GIFT format, at most 2.0 MB." in response.text
    home = editor_client.get(reverse("wagtailadmin_home"))
    assert "Import questions" in home.text


def test_upload_into_a_new_bank_imports_drafts_and_says_so(editor_client, index_url):
    response = editor_client.post(
        index_url, {"file": upload(GOOD), "new_bank_name": "Module 2"}, follow=True
    )
    bank = QuestionBank.objects.get(name="Module 2")
    assert response.redirect_chain == [(f"{index_url}?bank={bank.pk}", 302)]
    assert "2 questions imported into “Module 2” as drafts for clinical review." in response.text
    assert "true/false questions: 1" in response.text
    assert set(Question.objects.values_list("status", flat=True)) == {"draft"}
    assert set(Question.objects.values_list("category__name", flat=True)) == {"Referral"}


def test_upload_into_an_existing_bank(editor_client, index_url):
    bank = QuestionBankFactory(name="Module 2")
    response = editor_client.post(index_url, {"file": upload(GOOD), "bank": bank.pk})
    assert response.status_code == 302
    assert Question.objects.filter(category__bank=bank).count() == 2


def test_every_problem_is_shown_with_its_line_and_nothing_is_saved(editor_client, index_url):
    text = (
        b"::Fine:: A question that imports.{T}\n\n"
        b"::Partial:: Which is right?{=Yes ~%50%<script>alert(1)</script>}\n\n"
        b"::Range:: How many?{#=3 =%50%4}\n"
    )
    response = editor_client.post(index_url, {"file": upload(text), "new_bank_name": "Module 2"})
    assert response.status_code == 400
    assert "Nothing was imported: the file has 2 problems." in response.text
    assert "<tr><td>3</td><td>Option “&lt;script&gt;alert(1)&lt;/script&gt;”" in response.text
    assert "<tr><td>5</td><td>The question has 2 numerical answers" in response.text
    assert "<script>alert(1)" not in response.text
    assert count() == 0
    assert not QuestionBank.objects.exists()


def test_a_syntax_error_is_shown_with_its_line(editor_client, index_url):
    response = editor_client.post(
        index_url, {"file": upload(b"::A:: Q {T}\n\n::B:: Q {=a ~b\n"), "new_bank_name": "B"}
    )
    assert response.status_code == 400
    assert "<tr><td>3</td><td>The answer block has no closing" in response.text
    assert count() == 0


def test_a_twenty_megabyte_file_gets_a_clear_message(editor_client, index_url):
    huge = upload(b"::A:: Q {T}\n" * 1_700_000)  # about 20 MB
    response = editor_client.post(index_url, {"file": huge, "new_bank_name": "Module 2"})
    assert response.status_code == 400
    assert "The file is 20.4 MB; GIFT files of at most 2.0 MB are accepted." in response.text
    assert count() == 0
    assert not QuestionBank.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        ("::A:: Caf\u00e9 {T}".encode("latin-1"), "The file is not UTF-8 text"),
        ("::A:: Q {T}".encode("utf-16"), "The file is encoded as UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text"),
    ],
)
def test_empty_and_non_utf8_files_get_a_clear_message(editor_client, index_url, content, message):
    response = editor_client.post(index_url, {"file": upload(content), "new_bank_name": "M"})
    assert response.status_code == 400
    assert message in response.text
    assert count() == 0
    assert not QuestionBank.objects.exists()


def test_a_file_and_one_bank_are_required(editor_client, index_url):
    bank = QuestionBankFactory(name="Module 2")
    neither = editor_client.post(index_url, {"file": upload(GOOD)})
    assert "Choose the bank to import into, or name a new one." in neither.text
    both = editor_client.post(
        index_url, {"file": upload(GOOD), "bank": bank.pk, "new_bank_name": "Other"}
    )
    assert "Choose an existing bank or name a new one, not both." in both.text
    no_file = editor_client.post(index_url, {"new_bank_name": "Module 3"})
    assert no_file.status_code == 400
    assert count() == 0


def test_importing_the_same_file_twice_is_refused_on_the_page(editor_client, index_url):
    editor_client.post(index_url, {"file": upload(GOOD), "new_bank_name": "Module 2"})
    again = editor_client.post(index_url, {"file": upload(GOOD), "new_bank_name": "Module 2"})
    assert again.status_code == 400
    assert "is already in the category “Referral” of this bank" in again.text
    assert count() == 2


def test_editor_downloads_a_bank_as_gift(editor_client, index_url):
    bank = QuestionBankFactory(name="Module 2: referral")
    TrueFalseQuestionFactory(category=QuestionCategoryFactory(bank=bank), name="Refer?")
    page = editor_client.get(index_url)
    export_url = reverse("gift_import:export", args=[bank.pk])
    assert export_url in page.text
    response = editor_client.get(export_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="module-2-referral.gift.txt"'
    [question] = parse_gift(response.content.decode("utf-8"))
    assert (question.name, question.kind) == ("Refer?", "true_false")


def test_a_bank_gift_cannot_write_is_explained_instead_of_downloaded(editor_client, index_url):
    bank = QuestionBankFactory(name="Module 2")
    MatchingQuestionFactory(
        category=QuestionCategoryFactory(bank=bank),
        name="Arrows",
        pairs=[{"prompt": "A -> B", "answer": "1"}, {"prompt": "C", "answer": "2"}],
    )
    response = editor_client.get(reverse("gift_import:export", args=[bank.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"{index_url}?bank={bank.pk}"
    assert "“Arrows” cannot be written as GIFT" in response.text


def test_a_missing_bank_is_not_found(editor_client):
    assert editor_client.get(reverse("gift_import:export", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ["trainee", "supervisor"])
def test_trainees_and_supervisors_get_a_403(client, request, role, index_url):
    client.force_login(request.getfixturevalue(role))
    bank = QuestionBankFactory(name="Module 2")
    assert client.get(index_url).status_code == 403
    response = client.post(index_url, {"file": upload(GOOD), "new_bank_name": "Module 2"})
    assert response.status_code == 403
    assert client.get(reverse("gift_import:export", args=[bank.pk])).status_code == 403
    assert count() == 0


@pytest.mark.parametrize("role", ["reviewer", "programme_admin"])
def test_admin_users_who_cannot_add_questions_are_turned_away(client, request, role, index_url):
    """Wagtail answers a refused admin user with its own "no permission" redirect to the
    dashboard, as everywhere else in this admin."""
    client.force_login(request.getfixturevalue(role))
    bank = QuestionBankFactory(name="Module 2")
    TrueFalseQuestionFactory(category=QuestionCategoryFactory(bank=bank))
    home = reverse("wagtailadmin_home")
    for response in (
        client.get(index_url),
        client.post(index_url, {"file": upload(GOOD), "new_bank_name": "Module 3"}),
        client.get(reverse("gift_import:export", args=[bank.pk])),
    ):
        assert response.status_code == 302
        assert response["Location"] == home
        assert "Content-Disposition" not in response
    assert count() == 1
    assert not QuestionBank.objects.filter(name="Module 3").exists()
    assert "Import questions" not in client.get(home).text


def test_signed_out_visitors_are_sent_to_sign_in(client, index_url):
    response = client.get(index_url)
    assert response.status_code == 302
    assert "login" in response["Location"]
