"""Certificate PDF figures for `manage.py bench`: one certificate against WeasyPrint's floor.

The floor is WeasyPrint rendering a one-line document with its defaults in the same process,
so the ratio says what our document costs on top of WeasyPrint itself, whatever the machine's
speed (FACTS.md measured about 3× on a prototype). The two are timed in alternation, so a
noisy neighbour slows both alike. The certificate is a realistic one: a Devanagari name,
four hours categories, two supervisors, the logo and the QR code.
"""

import datetime
import statistics
import time

from weasyprint import HTML

from lms.bench import benchmark

from .codes import code_generate
from .pdf import certificate_pdf_render

REPEAT = 20


def bench_certificate_data() -> dict:
    code = code_generate()
    return {
        "programme_name": "Peer Support Academy",
        "holder_name": "प्रिया शर्मा (Priya Sharma)",
        "course_title": "Foundations of peer support",
        "hours": [
            {"category": "One-to-one peer support", "minutes": 1500},
            {"category": "Group facilitation", "minutes": 630},
            {"category": "Supervision", "minutes": 300},
            {"category": "Community outreach", "minutes": 240},
        ],
        "supervisors": ["Meera Iyer", "Rahul Nair"],
        "issued_on": datetime.date(2026, 11, 22),
        "expires_on": datetime.date(2028, 11, 22),
        "code": code,
        "verify_url": f"https://academy.example.org/verify/{code}/",
        "title": "Certificate of completion",
        "statement": "has completed the training, the supervised practice and the code of "
        "ethics of",
        "signatory_line": "Practice supervisor",
        "wording_version": "1",
    }


@benchmark
def certificate_pdf():
    data = bench_certificate_data()

    def floor() -> bytes:
        return HTML(string="<p>One line.</p>").write_pdf()

    def certificate() -> bytes:
        return certificate_pdf_render(data)

    pdf = certificate()  # the first render in a process builds fonts and the stylesheet
    floor()
    floor_times, certificate_times = [], []
    for _ in range(REPEAT):
        for func, times in ((floor, floor_times), (certificate, certificate_times)):
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
    certificate_ms = statistics.median(certificate_times)
    floor_ms = statistics.median(floor_times)
    return {
        "certificate_pdf_ms": round(certificate_ms, 2),
        "pdf_floor_ms": round(floor_ms, 2),
        "certificate_pdf_ratio": round(certificate_ms / floor_ms, 2),
        "certificate_pdf_kb": round(len(pdf) / 1024, 1),
    }
