"""Who may enter the supervisor's area at /supervise/, in one place for every page there.

The rule lives beside the pages it guards, not in the quiz or practice rooms, because both of
those rooms' supervisor pages share it and neither may import the other.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from courses.models import Supervision


def may_supervise(user) -> bool:
    """Supervisors by role (the permission), and anyone currently supervising an enrolment
    (an admin may have assigned someone before giving them the role)."""
    return (
        user.has_perm("courses.supervise_trainees")
        or Supervision.objects.filter(supervisor=user, ended_at__isnull=True).exists()
    )


def supervisor_required(view):
    """Sign-in first, then 403 for anyone who supervises nobody and lacks the role; each page
    still looks its object up among the supervisor's current trainees."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_supervise(request.user):
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
