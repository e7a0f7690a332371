"""Certificate PDFs: WeasyPrint rendering from a plain dict, with shipped fonts and a QR code.

The PDF is derived from the certificate record (STYLE §5), so this module knows nothing of
models: the caller passes the record's pinned fields as a dict and gets bytes back. That keeps
the renderer testable on its own and lets a regenerated PDF use exactly what was certified.

Rendering runs in a worker with no request and prints text a trainee typed, so nothing in the
document may reach the network or the disk beyond our own static files: every value is
autoescaped by the template, and WeasyPrint's URL fetcher serves only `static:` URLs (paths
found by Django's staticfiles finders) and the images this module made for the render at hand
(`generated:` URLs, held in memory: the QR code), and refuses everything else, `data:` too.

WeasyPrint is fast only when its font configuration and parsed stylesheets are reused (about
23 ms a certificate instead of ~37, and no memory growth: see shared/FACTS.md), so they are
made once per process, lazily, and remade in a forked child. Every PDF stylesheet imports
`static:certificates/fonts.css`, so other documents (the hours statement) share the fonts.

Each font configuration copies the fonts into `$TMPDIR/weasyprint-*` and removes that folder
only when garbage-collected on a clean exit, which pool children never have; `pdf_cleanup`
removes it at exit and when a Celery pool process shuts down.
"""

import atexit
import io
import mimetypes
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

import segno
from celery.signals import worker_process_shutdown
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image, ImageOps
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lms.durations import minutes_words as duration_words

from .codes import code_display

STATIC_SCHEME = "static"
GENERATED_SCHEME = "generated"
QR_URL = f"{GENERATED_SCHEME}:qr.png"
QR_MASK = 2  # of QR's eight masks (0–7): see qr_png
QR_QUIET_ZONE = 4  # light modules around the code, as the QR standard asks
_QR_GREY = bytes([255, 0]) + bytes(254)  # segno's modules (0 light, 1 dark) as grey levels
LOGO_URL = f"{GENERATED_SCHEME}:logo"
BASE_URL = f"{STATIC_SCHEME}:certificates/"
STYLESHEET_URL = f"{STATIC_SCHEME}:certificates/certificate.css"
DEFAULT_LOGO = "certificates/logo.svg"
TEMPLATE = "certificates/pdf/certificate.html"


class RefusedURL(ValueError):
    """A URL the certificate renderer will not fetch (anything but our own static files)."""


def static_path(url: str) -> str:
    """The static path a `static:` URL names; RefusedURL for any other URL or a path that
    could leave the static folders (`..`, absolute, backslashes, NUL, percent-encoded tricks).
    """
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() != STATIC_SCHEME:
        raise RefusedURL(f"only {STATIC_SCHEME}: URLs are fetched, not {scheme.lower()[:20]}:")
    path = unquote(rest.split("?", 1)[0].split("#", 1)[0])
    parts = PurePosixPath(path).parts
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(part in ("..", ".") for part in parts)
    ):
        raise RefusedURL("a static path must stay inside the static folders")
    return path


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for certificates: our static files, nothing else.

    No network (http, https, ftp), no `file:` (a stylesheet link to `file:///etc/passwd`), no
    `data:`. `generated` maps the `generated:` URLs of one render to the bytes this module
    made for it. A refusal raises, and WeasyPrint then leaves the resource out and logs it;
    the render itself goes on, so a hostile value costs an image, never a certificate.
    """

    def __init__(self, generated: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols=[STATIC_SCHEME, GENERATED_SCHEME])
        self.generated = dict(generated or {})

    def fetch(self, url, headers=None):
        if url in self.generated:
            body, content_type = self.generated[url]
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        path = static_path(url)
        try:
            found = finders.find(path)
        except SuspiciousFileOperation as error:
            raise RefusedURL("a static path must stay inside the static folders") from error
        if not found:
            raise RefusedURL(f"no static file {path}")
        with open(found, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


@dataclass
class _Renderer:
    pid: int
    fetcher: StaticOnlyFetcher
    font_config: FontConfiguration
    # Parsed stylesheets and static images (the logo) by URL, reused by every render.
    stylesheets: dict[str, CSS] = field(default_factory=dict)
    images: dict = field(default_factory=dict)

    def stylesheet(self, url: str) -> CSS:
        """The stylesheet at `url`, parsed on first use; its @font-face rules load the fonts
        into this process's one font configuration (once: WeasyPrint skips a face it has)."""
        if url not in self.stylesheets:
            self.stylesheets[url] = CSS(
                url=url, url_fetcher=self.fetcher, font_config=self.font_config
            )
        return self.stylesheets[url]


_renderer_state: _Renderer | None = None
_inherited: list[_Renderer] = []  # kept alive in a forked child: see _renderer()
_lock = threading.RLock()


def _renderer() -> _Renderer:
    """This process's fetcher, font configuration and parsed stylesheets, made on first use.

    A forked child (Celery prefork, multiprocessing) must not share its parent's: the font
    folder belongs to the parent, so the child makes its own and keeps the inherited one
    referenced with its folder forgotten, or garbage collection in the child would delete the
    parent's fonts under it.
    """
    global _renderer_state
    state = _renderer_state
    if state is not None and state.pid == os.getpid():
        return state
    with _lock:
        if _renderer_state is not None and _renderer_state.pid != os.getpid():
            _renderer_state.font_config._folder = None
            _inherited.append(_renderer_state)
            _renderer_state = None
        if _renderer_state is None:
            _renderer_state = _Renderer(os.getpid(), StaticOnlyFetcher(), FontConfiguration())
        return _renderer_state


def pdf_cleanup() -> None:
    """Remove this process's WeasyPrint font folder; the next render makes a new one."""
    global _renderer_state
    with _lock:
        state, _renderer_state = _renderer_state, None
    if state is None:
        return
    folder = state.font_config._folder
    state.font_config._folder = None
    if state.pid != os.getpid():  # inherited from the parent, whose folder it is
        _inherited.append(state)
    elif folder:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(pdf_cleanup)


@worker_process_shutdown.connect(weak=False)
def _pdf_cleanup_on_worker_process_shutdown(**kwargs) -> None:
    """Celery pool children leave with os._exit, which skips atexit."""
    pdf_cleanup()


def qr_png(url: str) -> bytes:
    """The verification URL as a QR code: an 8-bit grey PNG of one pixel per module with the
    quiet zone.

    The template scales it up with `image-rendering: pixelated`, so the PDF shows sharp
    squares at any size. A bitmap, not SVG: WeasyPrint parses and draws an SVG path of a few
    hundred runs in Python on every render, which cost about a tenth of the certificate. Grey
    at 8 bits, not segno's 1-bit PNG: WeasyPrint converts a 1-bit image to RGB and encodes it
    again on every render, and embeds an 8-bit grey one as it is.

    The mask pattern is fixed: choosing the best of eight (segno's default) scores each in
    Python and took another tenth of the render. Every mask is a valid code that scanners
    read; the best one only makes large uniform areas a little less likely.
    """
    qr = segno.make(str(url), error="m", micro=False, mask=QR_MASK)
    size = len(qr.matrix)
    modules = Image.frombytes("L", (size, size), b"".join(qr.matrix).translate(_QR_GREY))
    out = io.BytesIO()
    ImageOps.expand(modules, border=QR_QUIET_ZONE, fill=255).save(out, format="PNG")
    return out.getvalue()


def certificate_context(data: dict) -> dict:
    """The template's context: `data` as given, plus what is derived for display."""
    hours = [
        {"category": row["category"], "duration": duration_words(row["minutes"])}
        for row in data.get("hours") or []
    ]
    total = data.get("total_minutes")
    if total is None:
        total = sum(int(row["minutes"] or 0) for row in data.get("hours") or [])
    logo = data.get("logo", DEFAULT_LOGO)
    logo_url = f"{STATIC_SCHEME}:{logo}" if logo else ""
    if data.get("logo_file"):
        logo_url = LOGO_URL
    return {
        "language": data.get("language") or settings.LANGUAGE_CODE,
        "programme_name": data["programme_name"],
        "logo_url": logo_url,
        "holder_name": data["holder_name"],
        "course_title": data["course_title"],
        "hours": hours,
        "total_duration": duration_words(total),
        "supervisors": list(data.get("supervisors") or []),
        "issued_on": data["issued_on"],
        "expires_on": data.get("expires_on"),
        "code": code_display(data["code"]),
        "verify_url": data["verify_url"],
        "qr_url": QR_URL,
        "title": data["title"],
        "statement": data["statement"],
        "signatory_line": data.get("signatory_line", ""),
        "wording_version": data.get("wording_version", ""),
    }


class _HTMLWithoutDefaults(HTML):
    """A document styled by its own stylesheets alone, without WeasyPrint's HTML5 user-agent
    stylesheet.

    That stylesheet has a few hundred rules, and WeasyPrint matches the ones that are not
    indexed by tag or class against every element of every document: about a tenth of a
    certificate's render went there, for the dozen kinds of element it uses. The certificate's
    stylesheet sets those elements' display itself. `_ua_stylesheets` is WeasyPrint's own
    hook for this (its HTML class defines it to return that stylesheet); if a WeasyPrint
    upgrade stopped calling it, the HTML defaults would come back and the certificate would
    only be slower, which `make bench` shows.
    """

    def _ua_stylesheets(self, forms=False):
        return []


def html_pdf_render(
    html: str,
    *,
    stylesheet: str = STYLESHEET_URL,
    generated: dict[str, tuple[bytes, str]] | None = None,
    html_defaults: bool = True,
) -> bytes:
    """HTML of ours to PDF with the shipped fonts and the static-only fetcher.

    For documents built from our templates, like the trainee's hours statement: give it a
    `stylesheet` (a `static:` URL) that imports `static:certificates/fonts.css`, parsed once
    per process. Never pass HTML with unescaped user input. `generated` maps `generated:` URLs
    the HTML uses to (bytes, content type) made for this render. `html_defaults=False` leaves
    out WeasyPrint's HTML5 defaults (see `_HTMLWithoutDefaults`), for a stylesheet that sets
    the display of every element its document uses, as the certificate's does.
    """
    state = _renderer()
    fetcher = StaticOnlyFetcher(generated) if generated else state.fetcher
    document_class = HTML if html_defaults else _HTMLWithoutDefaults
    # Each render gets its own image cache, seeded with the static images parsed before: a
    # shared one would also keep this render's QR code (always at the same `generated:` URL)
    # and hand it to the next certificate.
    cache = dict(state.images)
    with _lock:  # one render at a time per process: fontconfig state is shared
        css = state.stylesheet(stylesheet)
        document = document_class(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[css], font_config=state.font_config, cache=cache)
        for url, image in cache.items():
            if url.startswith(f"{STATIC_SCHEME}:"):
                state.images.setdefault(url, image)
    return pdf


def certificate_pdf_render(data: dict) -> bytes:
    """The certificate PDF (A4 landscape) for a certificate record's pinned fields.

    `data` keys (strings are printed as given, escaped; dates are `datetime.date`):

    - `programme_name`: the issuing programme, printed at the top and the PDF's author.
    - `holder_name`: the name as printed, in any script the shipped fonts cover.
    - `course_title`: the course as certified.
    - `hours`: list of `{"category": str, "minutes": int}`, in print order; may be empty.
    - `total_minutes` (optional): the total printed; the sum of `hours` when absent.
    - `supervisors`: list of names, one signature line each; may be empty.
    - `issued_on`, `expires_on` (None: "No expiry date").
    - `code`: the certificate code in canonical form; printed grouped (`code_display`).
    - `verify_url`: the absolute URL of its `/verify/<code>/` page, printed and as a QR code.
    - `title`, `statement`, `signatory_line`: the certificate wording (statement may have
      line breaks); `wording_version` (optional): kept in the PDF's keywords ("certificate
      wording 3"), so a reader can tell revisions apart without a line printed for it.
    - `logo` (optional): a static path (default `certificates/logo.svg`; falsy for none).
    - `logo_file` (optional): `(bytes, content type)` of a logo read from storage (an
      editor's upload), printed instead of `logo`; an SVG's own references are refused.
    - `language` (optional): the BCP 47 tag for `<html lang>` and the PDF's /Lang, and the
      language of the fixed labels; default `LANGUAGE_CODE`.

    The PDF's title is the wording's title with the holder and course, its author the
    programme, its creation date the issue date; no clock is read, so the same record renders
    the same document.
    """
    html, generated = certificate_html(data)
    return html_pdf_render(html, generated=generated, html_defaults=False)


def certificate_html(data: dict) -> tuple[str, dict[str, tuple[bytes, str]]]:
    """The certificate's HTML for `data` (as `certificate_pdf_render` takes it) and the
    images it uses that were made for it (the QR code, an editor's logo) by `generated:` URL.
    """
    with translation.override(data.get("language") or settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATE, certificate_context(data))
    generated = {QR_URL: (qr_png(data["verify_url"]), "image/png")}
    if data.get("logo_file"):
        generated[LOGO_URL] = tuple(data["logo_file"])
    return html, generated
