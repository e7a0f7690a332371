"""The demo course's code of ethics, published, so the demo trainee can read and accept it.

Idempotent: a course that already has any code of ethics is left as it is (an editor may have
written their own). It does not accept the code for the demo trainee nor certify them: the
demo shows the way to a certificate, and the trainee takes the last steps themselves.
"""

from django.db import transaction
from django.utils import timezone

from content.demo import demo_refuse_production
from courses.models import CoursePage

from .models import CodeOfEthics

DEMO_CODE_OF_ETHICS = """\
As a peer supporter I offer what I know from my own life, alongside the person I support and \
never in charge of them. I agree to keep to this code in all my peer support work.

Mutuality and respect. I treat the people I support as the experts on their own lives. I listen \
more than I advise, I ask "what happened to you" rather than "what is wrong with you", and I \
never present my own path to recovery as the right one for anyone else.

Boundaries. I keep boundaries that protect us both: agreed times and ways of contact, no money, \
loans or valuable gifts, and no romantic, business or other relationship that would mix with \
the support. When a boundary is crossed, by me or by the other person, I name it kindly and \
talk it through with my supervisor.

Confidentiality and its limits. What a person shares with me stays private. I tell them at the \
start where that privacy ends: when someone's life or safety is at risk, or when the law \
requires it, I will involve others, and I will tell the person when I can. I record only what \
my role needs, and I never use names in notes, practice logs or supervision.

Working within my role. Peer support complements professional care; it does not replace it. I do \
not diagnose, prescribe or offer therapy. I work within my training and my experience, and I \
ask for help when a situation goes beyond them.

Safety and referral. If someone talks about ending their life or harming someone, I stay with \
them, listen, and help them reach emergency or crisis help at once: in India Tele-MANAS on \
14416 or 1-800-891-4416, or 112 in an emergency. I connect people to professionals and \
services when they need more than I can offer, and I debrief with my supervisor afterwards.

Looking after myself. I notice the signs of burnout and of carrying other people's distress. I \
keep to my own wellbeing plan, use supervision honestly, and step back for a while when I need \
to, because I cannot support anyone well while neglecting myself.
"""


def ethics_demo_load(*, course: CoursePage) -> bool:
    """Publish version 1 of the demo code of ethics; True when it was created."""
    demo_refuse_production()
    with transaction.atomic():
        if CodeOfEthics.objects.filter(course=course).exists():
            return False
        CodeOfEthics.objects.create(
            course=course, version=1, text=DEMO_CODE_OF_ETHICS, published_at=timezone.now()
        )
    return True
