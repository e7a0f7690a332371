"""Quizzes in the trainee's language: reading, showing, writing and approving translations.

The translated text sits beside the source rows (`assessments.models.translations`); nothing
here creates a quiz, question or option. The pages read a question's translation by the id its
snapshot records and lay it over the snapshot's text (`localise_snapshot`), so what a trainee
answers, and what is graded and analysed, is always the source row. A translation shows only
when it is approved, complete, and approved against the source text the page would show
(`question_digest`): edit the English after approval and that object falls back to English,
marked `lang="en"` with a note, until a reviewer approves the translation again.

Short answers: a translated accepted answer is one more accepted answer, with its source
answer's id, frozen into each new attempt's snapshot (`add_translated_answers`), so a Hindi
answer typed in any language's page grades right, and a regrade keeps it.

Editors write translations in the admin (`admin/translations.py`) or through
`translate_quiz`, which the demo loader uses; reviewers approve them with
`translations_approve`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from assessments.models import (
    Question,
    QuestionPartTranslation,
    QuestionTranslation,
    Quiz,
    QuizQuestion,
    QuizTranslation,
    TranslationStatus,
)

SOURCE_LANGUAGE = settings.LANGUAGE_CODE.split("-")[0]
# A question's own translated fields; those a type lacks stay blank.
QUESTION_FIELDS = ("prompt", "general_feedback", "feedback_true", "feedback_false")
# Each snapshot key of parts, and the fields of its rows a trainee reads, with the name each
# has in QuestionPartTranslation.
PART_FIELDS = {
    "options": {"text": "text", "feedback": "feedback"},
    "accepted_answers": {"text": "text", "feedback": "feedback"},
    "pairs": {"prompt": "text", "answer": "answer"},
}
QUIZ_FIELDS = ("title", "introduction")


def translation_languages() -> list[tuple[str, str]]:
    """The languages a quiz may be translated into: every site language but the source's."""
    return [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def target_language(language: str | None = None) -> str | None:
    """The language to translate into (the active one by default), or None for the source
    language or one the site does not offer."""
    code = (language or get_language() or SOURCE_LANGUAGE).split("-")[0].lower()
    return code if code in dict(translation_languages()) else None


# --- What a translation follows ---------------------------------------------------------------


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def question_digest(snapshot: dict) -> str:
    """A hash of the source text a trainee reads in this question (a snapshot's or a live
    question's `snapshot()`): the same whatever the order its options were shuffled into."""
    data: list = [snapshot.get(field) or "" for field in QUESTION_FIELDS]
    for kind, fields in PART_FIELDS.items():
        rows = [p for p in snapshot.get(kind, ()) if not p.get("language")]
        data.append(sorted([p["id"], *(p.get(f) or "" for f in fields)] for p in rows))
    return _digest(data)


def quiz_digest(quiz: Quiz) -> str:
    return _digest([getattr(quiz, field) or "" for field in QUIZ_FIELDS])


# --- Reading, for the trainee's pages ---------------------------------------------------------


@dataclass
class QuizText:
    """A quiz's title and introduction as a page shows them, and in which language."""

    title: str
    introduction: str
    lang: str
    untranslated: bool  # a translation was wanted but none is approved: shown in the source


def quiz_text(quiz: Quiz, language: str | None = None) -> QuizText:
    """The quiz's approved translation into `language` (the active one), or its own text.
    One query in a translated language, none in the source language."""
    language = target_language(language)
    source = QuizText(quiz.title, quiz.introduction, SOURCE_LANGUAGE, language is not None)
    if language is None:
        return source
    row = (
        QuizTranslation.objects.filter(
            quiz_id=quiz.pk, language=language, status=TranslationStatus.APPROVED
        )
        .values("title", "introduction", "source_digest")
        .first()
    )
    if row is None or row["source_digest"] != quiz_digest(quiz) or not row["title"]:
        return source
    if quiz.introduction and not row["introduction"]:
        return source
    return QuizText(row["title"], row["introduction"], language, False)


def question_texts(question_ids, language: str | None) -> dict[int, dict]:
    """The approved translations of these questions into `language`, by question id: their
    fields, `digest`, and `parts` by (kind, source id). One query (the parts are joined)."""
    ids = {pk for pk in question_ids if pk}
    if language is None or not ids:
        return {}
    texts: dict[int, dict] = {}
    rows = QuestionTranslation.objects.filter(
        question_id__in=ids, language=language, status=TranslationStatus.APPROVED
    ).values_list(
        "question_id",
        *QUESTION_FIELDS,
        "source_digest",
        "parts__kind",
        "parts__part_id",
        "parts__text",
        "parts__feedback",
        "parts__answer",
    )
    for question_id, *fields, digest, kind, part_id, text, feedback, answer in rows:
        entry = texts.setdefault(
            question_id,
            {**dict(zip(QUESTION_FIELDS, fields, strict=True)), "digest": digest, "parts": {}},
        )
        if kind:
            entry["parts"][(kind, part_id)] = {"text": text, "feedback": feedback, "answer": answer}
    return texts


def _translated_part(kind: str, part: dict, translated: dict | None) -> dict | None:
    """The part with its text in the translation, or None if a text it needs is missing."""
    if translated is None:
        return None
    result = dict(part)
    for field, stored in PART_FIELDS[kind].items():
        if part.get(field):
            if not translated[stored]:
                return None
            result[field] = translated[stored]
    return result


def _translated_answers(answers: list[dict], text: dict, language: str) -> list[dict] | None:
    """A short answer's accepted answers to show in `language`: those accepted in it first,
    then the source's, which stay as written (a name like Tele-MANAS is often kept) with
    their feedback translated. None when a feedback is missing in the translation."""
    own = [a for a in answers if a.get("language") == language]
    source = []
    for answer in answers:
        if answer.get("language"):
            continue
        translated = text["parts"].get(("accepted_answers", answer["id"]))
        feedback = answer.get("feedback") or ""
        if feedback:
            if not (translated and translated["feedback"]):
                return None
            feedback = translated["feedback"]
        source.append({**answer, "feedback": feedback})
    return own + source


def _translated_copy(snapshot: dict, text: dict, language: str) -> dict | None:
    """The snapshot in `language`, or None when the translation does not cover all of it."""
    copy = dict(snapshot)
    for field in QUESTION_FIELDS:
        if snapshot.get(field):
            if not text[field]:
                return None
            copy[field] = text[field]
    labels = {}
    if "accepted_answers" in snapshot:
        accepted = _translated_answers(snapshot["accepted_answers"], text, language)
        if accepted is None:
            return None
        copy["accepted_answers"] = accepted
    for kind in ("options", "pairs"):
        if kind not in snapshot:
            continue
        parts = []
        for part in snapshot[kind]:
            translated = _translated_part(kind, part, text["parts"].get((kind, part["id"])))
            if translated is None:
                return None
            parts.append(translated)
            if kind == "pairs":
                labels[part["answer"]] = translated["answer"]
        copy[kind] = parts
    # Matching posts the source answer and shows its translation.
    copy["_answer_labels"] = labels
    copy["_lang"] = language
    return copy


def _source_only(snapshot: dict) -> dict:
    if "accepted_answers" not in snapshot:
        return snapshot
    accepted = [a for a in snapshot["accepted_answers"] if not a.get("language")]
    return {**snapshot, "accepted_answers": accepted}


def localise_snapshot(snapshot: dict, text: dict | None, language: str | None) -> dict:
    """A copy of a question's snapshot to show in `language`: its approved translation when
    it is complete and follows this snapshot's source text, else the source text marked
    `_untranslated`. Ids, the key and the answers' values never change. For display only:
    grading reads the stored snapshot."""
    if language is None:
        return _source_only(snapshot)
    if text is not None and text["digest"] == question_digest(snapshot):
        translated = _translated_copy(snapshot, text, language)
        if translated is not None:
            return translated
    return {**_source_only(snapshot), "_lang": SOURCE_LANGUAGE, "_untranslated": True}


def localise_feedback(feedback: dict, shown_snapshot: dict, response) -> list[str]:
    """A graded answer's feedback (`Grade.feedback`, by part id) in the language of
    `shown_snapshot` (from `localise_snapshot`), where it has a text for that part."""
    by_key = {}
    for kind in ("options", "accepted_answers"):
        for part in shown_snapshot.get(kind, ()):
            if not part.get("language") and part.get("feedback"):
                by_key[str(part["id"])] = part["feedback"]
    if response is True:
        by_key["answer"] = shown_snapshot.get("feedback_true") or ""
    elif response is False:
        by_key["answer"] = shown_snapshot.get("feedback_false") or ""
    return [by_key.get(key) or text for key, text in feedback.items()]


# --- Grading: translated accepted answers ----------------------------------------------------


def add_translated_answers(snapshots: list[dict]) -> None:
    """Add to each short answer snapshot the approved translations of its accepted answers,
    each under its source answer's id and marked with its language. One query, none without
    short answers. A translation made for other English text is left out."""
    short = {s["question_id"]: s for s in snapshots if s.get("type") == "short_answer"}
    if not short:
        return
    digests = {pk: question_digest(s) for pk, s in short.items()}
    rows = (
        QuestionPartTranslation.objects.filter(
            kind=QuestionPartTranslation.Kind.ACCEPTED_ANSWER,
            translation__question_id__in=short,
            translation__status=TranslationStatus.APPROVED,
        )
        .exclude(text="")
        .order_by("translation__language", "part_id")
        .values_list(
            "translation__question_id",
            "translation__language",
            "translation__source_digest",
            "part_id",
            "text",
            "feedback",
        )
    )
    for question_id, language, digest, part_id, text, feedback in rows:
        snapshot = short[question_id]
        if digest != digests[question_id]:
            continue
        source = {a["id"]: a for a in snapshot["accepted_answers"] if not a.get("language")}
        if part_id in source:
            snapshot["accepted_answers"].append(
                {
                    "id": part_id,
                    "text": text,
                    "feedback": feedback or source[part_id]["feedback"],
                    "language": language,
                }
            )


# --- Writing and approving, for editors and reviewers ------------------------------------------


class TranslationRefused(ValueError):
    """A translation that cannot be saved as given; the message says why, for an editor."""


def questions_to_translate(quiz: Quiz) -> list[Question]:
    """The questions a quiz can ask, with their parts, in the order a translation lists them:
    the quiz's own order, or for a random draw its category's questions by name."""
    from assessments.quizzes.selectors import questions_with_parts

    if quiz.selection == Quiz.Selection.RANDOM and quiz.draw_category_id:
        return questions_with_parts(
            Question.objects.filter(category_id=quiz.draw_category_id).order_by("name", "pk")
        )
    ids = list(
        QuizQuestion.objects.filter(quiz=quiz)
        .order_by("sort_order", "pk")
        .values_list("question_id", flat=True)
    )
    loaded = {q.pk: q for q in questions_with_parts(Question.objects.filter(pk__in=ids))}
    return [loaded[pk] for pk in dict.fromkeys(ids) if pk in loaded]


def _checked_language(language: str) -> str:
    code = target_language(language)
    if code is None or code != language:
        raise TranslationRefused(f"{language!r} is not a language quizzes are translated into.")
    return code


def _set(row, values: dict, fields) -> bool:
    changed = False
    for field in fields:
        value = (values.get(field) or "").strip()
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    return changed


def _after_edit(row, *, changed: bool, digest: str, by, approved_by, now) -> None:
    """An edit sends a translation back to review; `approved_by` approves it as saved."""
    if changed or row.pk is None:
        row.status = TranslationStatus.DRAFT
        row.source_digest = digest
        row.updated_by = by
        row.approved_by = row.approved_at = None
    if approved_by is not None:
        row.status = TranslationStatus.APPROVED
        row.source_digest = digest
        row.approved_by = approved_by
        row.approved_at = now


def _any_text(values) -> bool:
    """Whether a dict of fields (and its `parts`) holds any text that is not blank."""
    if not values:
        return False
    if isinstance(values, dict):
        return any(_any_text(value) for value in values.values())
    return bool(str(values).strip())


def texts_save(
    *,
    quiz: Quiz,
    language: str,
    quiz_fields: dict | None,
    questions: dict[int, dict],
    by=None,
    approved_by=None,
) -> int:
    """Save a quiz's translation into `language`, by source ids: `quiz_fields` holds title
    and introduction; `questions` maps a question id to its fields and `parts`, a dict of
    (kind, part id) → {text, feedback, answer}. A changed object goes back to draft (review
    again) unless `approved_by` approves everything saved. Returns how many objects changed."""
    language = _checked_language(language)
    now = timezone.now()
    changed_count = 0
    with transaction.atomic():
        row = QuizTranslation.objects.filter(quiz=quiz, language=language).first()
        if row is None and not _any_text(quiz_fields):
            quiz_fields = None  # nothing written yet: no row
        if quiz_fields is not None:
            row = row or QuizTranslation(quiz=quiz, language=language)
            changed = _set(row, quiz_fields, QUIZ_FIELDS)
            changed_count += changed
            _after_edit(
                row,
                changed=changed,
                digest=quiz_digest(quiz),
                by=by,
                approved_by=approved_by,
                now=now,
            )
            row.save()
        by_id = {q.pk: q for q in questions_to_translate(quiz)}
        existing = {
            t.question_id: t
            for t in QuestionTranslation.objects.filter(
                question_id__in=by_id, language=language
            ).prefetch_related("parts")
        }
        for question_id, values in questions.items():
            question = by_id.get(question_id)
            if question is None:
                raise TranslationRefused(f"Question {question_id} is not part of “{quiz}”.")
            if question_id not in existing and not _any_text(values):
                continue  # nothing written yet: no row
            snapshot = question.snapshot()
            row = existing.get(question_id) or QuestionTranslation(
                question=question, language=language
            )
            changed = _set(row, values, QUESTION_FIELDS)
            parts = {(p.kind, p.part_id): p for p in row.parts.all()} if row.pk else {}
            new_parts = []
            for (kind, part_id), part_values in (values.get("parts") or {}).items():
                if not any(p["id"] == part_id for p in snapshot.get(kind, ())):
                    raise TranslationRefused(f"{kind} {part_id} is not part of “{question}”.")
                if (kind, part_id) not in parts and not _any_text(part_values):
                    continue
                part = parts.get((kind, part_id)) or QuestionPartTranslation(
                    kind=kind, part_id=part_id
                )
                if _set(part, part_values, ("text", "feedback", "answer")) or part.pk is None:
                    changed = True
                    new_parts.append(part)
            changed_count += changed
            _after_edit(
                row,
                changed=changed,
                digest=question_digest(snapshot),
                by=by,
                approved_by=approved_by,
                now=now,
            )
            row.save()
            for part in new_parts:
                part.translation = row
                part.save()
    return changed_count


def translations_approve(*, quiz: Quiz, language: str, by) -> int:
    """Approve the saved translation of a quiz and its questions into `language`, as they
    are now and against the source text as it is now. Returns how many objects it approved.
    Permission checks are the caller's (the admin view's)."""
    language = _checked_language(language)
    now = timezone.now()
    approved = 0
    with transaction.atomic():
        row = QuizTranslation.objects.select_for_update().filter(quiz=quiz, language=language)
        for quiz_row in row:
            quiz_row.status = TranslationStatus.APPROVED
            quiz_row.source_digest = quiz_digest(quiz)
            quiz_row.approved_by, quiz_row.approved_at = by, now
            quiz_row.save()
            approved += 1
        questions = {q.pk: q for q in questions_to_translate(quiz)}
        for question_row in QuestionTranslation.objects.select_for_update().filter(
            question_id__in=questions, language=language
        ):
            question_row.status = TranslationStatus.APPROVED
            question_row.source_digest = question_digest(
                questions[question_row.question_id].snapshot()
            )
            question_row.approved_by, question_row.approved_at = by, now
            question_row.save()
            approved += 1
    return approved


def _by_position(items, name: str, count: int) -> dict[int, dict]:
    """A list (first = position 1) or a dict keyed by 1-based position, as {position: item}."""
    if items is None:
        return {}
    if isinstance(items, dict):
        found = {int(position): item for position, item in items.items()}
    else:
        found = dict(enumerate(items, start=1))
    extra = [position for position in found if not 1 <= position <= count]
    if extra:
        raise TranslationRefused(f"{name}: no position {extra[0]} (there are {count}).")
    return found


def translate_quiz(quiz: Quiz, language: str, data: dict, approved_by=None, by=None) -> int:
    """Translate a quiz from plain data by positions, as the demo loader writes it:

        {"title": ..., "introduction": ...,
         "questions": [  # in the quiz's order (a list, or a dict keyed 1, 2, ...)
             {"prompt": ..., "general_feedback": ...,
              "options": [{"text": ..., "feedback": ...}],  # single choice, multiple response
              "feedback_true": ..., "feedback_false": ...,    # true/false
              "answers": [{"text": ..., "feedback": ...}],    # short answer: more accepted answers
              "pairs": [{"prompt": ..., "answer": ...}]},      # matching
         ]}

    Options, answers and pairs follow the source's editor order and may be a list or a dict
    keyed by 1-based position. Questions or parts left out keep their current translation.
    `approved_by` (a clinical reviewer) approves the result at once. Returns how many objects
    changed."""
    questions = questions_to_translate(quiz)
    entries = _by_position(data.get("questions"), "questions", len(questions))
    by_id = {}
    for position, values in entries.items():
        question = questions[position - 1]
        snapshot = question.snapshot()
        parts = {}
        for kind, key in (
            ("options", "options"),
            ("accepted_answers", "answers"),
            ("pairs", "pairs"),
        ):
            source = snapshot.get(kind, [])
            given = _by_position(values.get(key), f"question {position} {key}", len(source))
            for part_position, part_values in given.items():
                part = dict(part_values)
                if kind == "pairs":
                    part["text"] = part.pop("prompt", "")
                parts[(kind, source[part_position - 1]["id"])] = part
        by_id[question.pk] = {
            **{field: values.get(field, "") for field in QUESTION_FIELDS},
            "parts": parts,
        }
    quiz_fields = {field: data.get(field, "") for field in QUIZ_FIELDS}
    if not any(quiz_fields.values()):
        quiz_fields = None
    return texts_save(
        quiz=quiz,
        language=language,
        quiz_fields=quiz_fields,
        questions=by_id,
        by=by or approved_by,
        approved_by=approved_by,
    )
