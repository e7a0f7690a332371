"""Fixtures for the trainee's path: a small course, a trainee enrolled in it, a client."""

import pytest

from courses.services import enrolment_create
from tests.factories import course_tree_build


@pytest.fixture
def tree(db):
    """A live course of 2 modules × 3 lessons, each lesson with a scenario and a reflection."""
    return course_tree_build(modules=2, lessons=3)


@pytest.fixture
def enrolment(tree, trainee):
    return enrolment_create(user=trainee, course=tree.course)


@pytest.fixture
def trainee_client(client, trainee, enrolment):
    client.force_login(trainee)
    return client
