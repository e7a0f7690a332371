"""What erasing a person (lms.erasure) leaves in certificates, by the rule in
docs/decisions/0016-erasure.md: every certificate stays, with the holder's name as printed,
its PDF and its events, so /verify/ still answers for it. Nothing here holds what the person
wrote. A certificate cannot be reissued to an erased account (it would print the pseudonym),
and none is issued to one: erasure withdraws the person's enrolments (courses.erasure)."""

from .models import Certificate


def erase_certificates(person, files) -> dict[str, int]:
    return {"certificates_kept": Certificate.objects.filter(user=person).count()}


def register() -> None:
    from lms.erasure import register_erasure_step

    register_erasure_step(name="certificates", order=400, run=erase_certificates)
