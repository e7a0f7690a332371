"""Domain events the courses app announces upward, sent explicitly by services after commit.

enrolment_progressed(sender=Enrolment, enrolment_id=int): a trainee completed a lesson. The
certificates app listens to queue an eligibility check; a periodic sweep re-checks anyway.
"""

from django.dispatch import Signal

enrolment_progressed = Signal()
