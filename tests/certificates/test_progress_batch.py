"""The cohort progress dashboard evaluates the certificate rules for a whole cohort at once:
each trainee's "what's left" is, word for word, the checklist they read on their course page,
and the queries do not grow with the number of trainees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.progress.evaluate import RULE_READS, progress_for
from certificates.rules import RULES
from certificates.selectors import certification_checklist
from courses.organisations import enrolments_for
from courses.selectors import enrolments_active
from lms import roles
from tests.factories import UserFactory

from .progress_world import places_add, world_build

pytestmark = pytest.mark.django_db


def _cohort_progress(world, user):
    enrolments = enrolments_for(user, enrolments_active().filter(cohort=world.cohort))
    return progress_for(course=world.course, enrolments=enrolments)


def _words(results):
    return [(result.name, result.met, result.reason) for result in results]


def test_batch_rules_say_what_each_trainees_own_checklist_says():
    world = world_build()
    admin = UserFactory(role=roles.PROGRAMME_ADMIN)
    progress = {row.enrolment.pk: row for row in _cohort_progress(world, admin)}

    assert set(progress) == {enrolment.pk for enrolment in world.trainees.values()}
    for place, enrolment in world.trainees.items():
        assert _words(progress[enrolment.pk].checklist) == _words(
            certification_checklist(enrolment)
        ), place

    by_place = {place: progress[e.pk] for place, e in world.trainees.items()}
    assert by_place["ethics_left"].left_words == "Code of ethics: Accept the code of ethics"
    assert by_place["ethics_left"].one_rule_left
    assert by_place["started"].waiting_on_supervisor and by_place["essay"].waiting_on_supervisor
    assert not by_place["all_met"].waiting_on_supervisor
    assert "Accept the code of ethics again" in by_place["renewing"].left_words
    assert by_place["certified"].checklist == [] and by_place["certified"].certified
    assert by_place["revoked"].checklist == [] and not by_place["revoked"].certified
    assert by_place["certified"].days_to_certificate == 10  # enrolled 30 days, certified 20 ago
    assert (by_place["started"].lessons_completed, by_place["started"].lessons_total) == (1, 4)

    # The batch runs each rule once per distinct value of what it reads: RULE_READS must
    # name all of it, or trainees would share an answer that is not theirs.
    assert set(RULE_READS) == set(RULES)
    for place, row in by_place.items():
        for rule in RULES:
            spy = _Reads(row.facts)
            rule(spy)
            assert spy.read <= set(RULE_READS[rule]), (place, rule.__name__, spy.read)


class _Reads:
    """Facts that note which of them a rule reads."""

    def __init__(self, facts):
        self._facts, self.read = facts, set()

    def __getattr__(self, name):
        self.read.add(name)
        return getattr(self._facts, name)


def test_the_queries_do_not_grow_with_the_trainees():
    world = world_build()
    admin = UserFactory(role=roles.PROGRAMME_ADMIN)
    _cohort_progress(world, admin)  # fills the course's cached outline and checklist

    with CaptureQueriesContext(connection) as few:
        assert len(_cohort_progress(world, admin)) == 9
    places_add(world)
    places_add(world)
    with CaptureQueriesContext(connection) as many:
        assert len(_cohort_progress(world, admin)) == 27
    assert len(many) == len(few), [q["sql"][:80] for q in many.captured_queries]
