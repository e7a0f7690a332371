"""Issue 6, point 5: a supervisor records observations of competencies on the course's scale
and signs each off once, with an append-only sign-off whose digest pins the observations it
rests on. Bad input is refused with a message and nothing written; two sign-offs racing on
PostgreSQL: exactly one wins."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from assessments.models import (
    CompetencyObservation,
    CompetencySignOff,
    PracticeSettings,
    SignOffError,
)
from assessments.practice import services as practice
from assessments.practice.selectors import (
    competency_observations_digest,
    competency_sign_off_intact,
    competency_status_for,
    rating_scale_for,
)
from assessments.practice.services import (
    PracticeError,
    competency_observation_record,
    competency_sign_off,
)
from courses.models import Enrolment, Supervision
from lms import roles
from lms.timezones import user_today
from tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)

pytestmark = pytest.mark.django_db

ATTEST = "I observed this competency in supervised practice."


@pytest.fixture
def enrolment(trainee, supervisor):
    enrolment = EnrolmentFactory(user=trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


@pytest.fixture
def competency(enrolment):
    return CompetencyFactory(course=enrolment.course, name="Holds boundaries under pressure")


def _observe(enrolment, competency, supervisor, **overrides):
    values = {
        "enrolment": enrolment,
        "competency": competency,
        "supervisor": supervisor,
        "observed_on": user_today(supervisor) - timedelta(days=1),
        "rating": 3,
        "evidence": "Kept to the agreed session length kindly when asked to stay on.",
    }
    values.update(overrides)
    return competency_observation_record(**values)


def _sign_off(enrolment, competency, supervisor, **overrides):
    values = {
        "enrolment": enrolment,
        "competency": competency,
        "supervisor": supervisor,
        "attestation": ATTEST,
        "signature": "S. Supervisor",
    }
    values.update(overrides)
    return competency_sign_off(**values)


# --- Scale ----------------------------------------------------------------------------------


def test_rating_scale_is_the_courses_own_or_the_default(enrolment):
    assert rating_scale_for(enrolment.course_id) == [
        "Not yet shown",
        "Beginning",
        "Developing",
        "Shown consistently",
    ]
    PracticeSettings.objects.create(
        course=enrolment.course, rating_scale="  Emerging \n\n Secure\r\nStrong\n"
    )
    assert rating_scale_for(enrolment.course_id) == ["Emerging", "Secure", "Strong"]


# --- Observations ---------------------------------------------------------------------------


def test_supervisor_records_an_observation(enrolment, competency, supervisor):
    observation = _observe(enrolment, competency, supervisor, evidence="  Held a boundary.  ")

    assert (observation.rating, observation.evidence, observation.recorded_by) == (
        3,
        "Held a boundary.",
        supervisor,
    )
    assert observation.recorded_at is not None


def _other_course_competency():
    return CompetencyFactory(course=course_tree_build(modules=1, lessons=1).course)


BAD_OBSERVATIONS = [
    ({"rating": 0}, "rating from the course's scale"),
    ({"rating": 5}, "rating from the course's scale"),
    ({"rating": "3"}, "rating from the course's scale"),
    ({"rating": None}, "rating from the course's scale"),
    ({"evidence": "  "}, "Describe what you observed"),
    ({"evidence": "x" * 2001}, "at most 2000 characters"),
    ({"evidence": "Ring her on 98450 12345 after."}, "de-identified"),
    ({"evidence": "Wrote to sam.peer@example.com about it."}, "de-identified"),
    ({"observed_on": None}, "Enter the date"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_OBSERVATIONS)
def test_bad_observation_is_refused_with_a_message_and_nothing_written(
    enrolment, competency, supervisor, overrides, message
):
    with pytest.raises(PracticeError, match=message):
        _observe(enrolment, competency, supervisor, **overrides)
    assert not CompetencyObservation.objects.exists()


def test_observation_dates_are_checked_in_the_supervisors_zone(enrolment, competency, supervisor):
    supervisor.time_zone = "Pacific/Kiritimati"  # UTC+14: their today may be UTC's tomorrow
    supervisor.save()
    today = user_today(supervisor)

    with pytest.raises(PracticeError, match="cannot be in the future"):
        _observe(enrolment, competency, supervisor, observed_on=today + timedelta(days=1))
    with pytest.raises(PracticeError, match="before the trainee enrolled"):
        _observe(enrolment, competency, supervisor, observed_on=today - timedelta(days=40))
    assert not CompetencyObservation.objects.exists()
    assert _observe(enrolment, competency, supervisor, observed_on=today).observed_on == today


def test_only_the_current_supervisor_records_and_only_for_their_course(
    enrolment, competency, supervisor
):
    stranger = UserFactory(role=roles.SUPERVISOR)
    with pytest.raises(PracticeError, match="current supervisor"):
        _observe(enrolment, competency, stranger)
    with pytest.raises(PracticeError, match="for yourself"):
        _observe(enrolment, competency, enrolment.user)
    with pytest.raises(PracticeError, match="another course"):
        _observe(enrolment, _other_course_competency(), supervisor)

    Supervision.objects.filter(enrolment=enrolment).update(ended_at=timezone.now())
    with pytest.raises(PracticeError, match="current supervisor"):
        _observe(enrolment, competency, supervisor)
    assert not CompetencyObservation.objects.exists()

    SupervisionFactory(enrolment=enrolment, supervisor=stranger)
    assert _observe(enrolment, competency, stranger).recorded_by == stranger


def test_no_observations_for_a_withdrawn_enrolment(enrolment, competency, supervisor):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(PracticeError, match="no longer active"):
        _observe(enrolment, competency, supervisor)
    assert not CompetencyObservation.objects.exists()


# --- Sign-off -------------------------------------------------------------------------------


def test_sign_off_needs_an_observation_first(enrolment, competency, supervisor):
    with pytest.raises(PracticeError, match="at least one observation"):
        _sign_off(enrolment, competency, supervisor)
    assert not CompetencySignOff.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"attestation": " "}, "Agree to the attestation"),
        ({"signature": ""}, "Type your name"),
        ({"comment": "z" * 2001}, "at most 2000 characters"),
    ],
)
def test_sign_off_without_attestation_or_signature_is_refused(
    enrolment, competency, supervisor, overrides, message
):
    _observe(enrolment, competency, supervisor)
    with pytest.raises(PracticeError, match=message):
        _sign_off(enrolment, competency, supervisor, **overrides)
    assert not CompetencySignOff.objects.exists()


def test_only_the_current_supervisor_signs_off(enrolment, competency, supervisor):
    _observe(enrolment, competency, supervisor)
    with pytest.raises(PracticeError, match="current supervisor"):
        _sign_off(enrolment, competency, UserFactory(role=roles.SUPERVISOR))
    with pytest.raises(PracticeError, match="for yourself"):
        _sign_off(enrolment, competency, enrolment.user)
    assert not CompetencySignOff.objects.exists()


def test_sign_off_pins_the_observations_and_is_given_once(enrolment, competency, supervisor):
    first = _observe(enrolment, competency, supervisor, rating=2)
    second = _observe(enrolment, competency, supervisor, rating=4)

    sign_off = _sign_off(enrolment, competency, supervisor, comment=" Consistent. ")

    assert (sign_off.decided_by, sign_off.comment, sign_off.signature) == (
        supervisor,
        "Consistent.",
        "S. Supervisor",
    )
    assert sign_off.content_digest == competency_observations_digest([second, first])
    assert len(sign_off.content_digest) == 64 and competency_sign_off_intact(sign_off)

    with pytest.raises(PracticeError, match="already signed off"):
        _sign_off(enrolment, competency, supervisor)
    # Nothing more is added under a sign-off, so its digest stays verifiable.
    with pytest.raises(PracticeError, match="already signed off"):
        _observe(enrolment, competency, supervisor)
    assert CompetencySignOff.objects.count() == 1
    assert CompetencyObservation.objects.count() == 2


def test_a_changed_observation_is_detected_by_the_digest(enrolment, competency, supervisor):
    observation = _observe(enrolment, competency, supervisor)
    sign_off = _sign_off(enrolment, competency, supervisor)

    CompetencyObservation.objects.filter(pk=observation.pk).update(rating=4)
    assert not competency_sign_off_intact(sign_off)

    CompetencyObservation.objects.filter(pk=observation.pk).update(rating=3)
    assert competency_sign_off_intact(sign_off)
    CompetencyObservation.objects.filter(pk=observation.pk).update(evidence="Rewritten later.")
    assert not competency_sign_off_intact(sign_off)


def test_competency_sign_offs_cannot_be_changed_or_deleted(enrolment, competency, supervisor):
    _observe(enrolment, competency, supervisor)
    sign_off = _sign_off(enrolment, competency, supervisor)

    sign_off.comment = "Rewritten."
    with pytest.raises(SignOffError):
        sign_off.save()
    with pytest.raises(SignOffError):
        sign_off.delete()
    assert CompetencySignOff.objects.get().comment == ""


def test_the_database_refuses_a_second_sign_off_and_the_service_says_so(
    enrolment, competency, supervisor
):
    _observe(enrolment, competency, supervisor)
    first = _sign_off(enrolment, competency, supervisor)
    duplicate = CompetencySignOff(
        enrolment=enrolment,
        competency=competency,
        decided_by=supervisor,
        decided_at=timezone.now(),
        attestation=ATTEST,
        signature="x",
        content_digest=first.content_digest,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    with pytest.raises(PracticeError, match="already signed off"):
        practice._validated_save(
            duplicate, constraint_messages=practice.COMPETENCY_SIGN_OFF_CONSTRAINT_MESSAGES
        )


# --- Status ---------------------------------------------------------------------------------


def test_status_lists_every_competency_with_labelled_observations_in_four_queries(
    enrolment, supervisor, django_assert_num_queries
):
    PracticeSettings.objects.create(
        course=enrolment.course, rating_scale="Emerging\nSecure\nStrong"
    )
    boundaries = CompetencyFactory(course=enrolment.course, name="Holds boundaries")
    disclosure = CompetencyFactory(course=enrolment.course, name="Uses self-disclosure")
    wellbeing = CompetencyFactory(course=enrolment.course, name="Looks after own wellbeing")
    yesterday = user_today(supervisor) - timedelta(days=1)
    _observe(enrolment, boundaries, supervisor, rating=1, observed_on=yesterday)
    _observe(enrolment, boundaries, supervisor, rating=3, observed_on=yesterday)
    _observe(enrolment, boundaries, supervisor, rating=2, observed_on=yesterday - timedelta(days=3))
    _sign_off(enrolment, boundaries, supervisor)
    _observe(enrolment, disclosure, supervisor, rating=2)
    # Someone else's observations do not show.
    other = EnrolmentFactory(course=enrolment.course)
    Enrolment.objects.filter(pk=other.pk).update(enrolled_at=enrolment.enrolled_at)
    SupervisionFactory(enrolment=other, supervisor=supervisor)
    _observe(other, wellbeing, supervisor, rating=3)

    with django_assert_num_queries(4):
        statuses = competency_status_for(enrolment)
        shown = [
            (
                s.competency.name,
                s.status,
                s.latest_rating,
                s.latest_rating_label,
                [(o.rating_label, o.recorded_by.full_name) for o in s.observations],
                s.sign_off.decided_by.full_name if s.sign_off else None,
            )
            for s in statuses
        ]

    name = supervisor.full_name
    assert shown == [
        (
            "Holds boundaries",
            "signed_off",
            3,
            "Strong",
            [("Strong", name), ("Emerging", name), ("Secure", name)],
            name,
        ),
        ("Uses self-disclosure", "observed", 2, "Secure",
         [("Secure", name)], None),
        ("Looks after own wellbeing", "not_observed", None, "", [], None),
    ]  # fmt: skip
    assert statuses[2].status_label == "Not yet observed"


# --- PostgreSQL: a real race ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_postgres_two_sign_offs_at_once_exactly_one_wins(postgres, enrolment, supervisor):
    """Two real transactions on separate connections sign off the same competency (a double
    click, two tabs): the enrolment lock serialises them, the loser is told it is already
    signed off, and one row exists."""
    competency = CompetencyFactory(course=enrolment.course, name="Recognises risk")
    _observe(enrolment, competency, supervisor)
    barrier = threading.Barrier(2)
    results = []

    def sign(comment):
        try:
            barrier.wait(timeout=10)
            sign_off = _sign_off(
                Enrolment.objects.get(pk=enrolment.pk), competency, supervisor, comment=comment
            )
            results.append(("ok", sign_off.comment))
        except PracticeError as error:
            results.append(("refused", error.message))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(c,)) for c in ("First tab.", "Second tab.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert "already signed off" in next(m for kind, m in results if kind == "refused")
    winner = next(comment for kind, comment in results if kind == "ok")
    assert CompetencySignOff.objects.get().comment == winner


@pytest.mark.django_db(transaction=True)
def test_postgres_trigger_refuses_updating_competency_sign_offs(
    postgres, enrolment, competency, supervisor
):
    _observe(enrolment, competency, supervisor)
    _sign_off(enrolment, competency, supervisor)

    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        CompetencySignOff.objects.update(comment="Rewritten")
    assert CompetencySignOff.objects.get().comment == ""
