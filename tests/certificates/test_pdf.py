"""The certificate PDF: what a holder, an employer and an attacker would each notice.

Rendering needs no database: the renderer takes the certificate record's pinned fields as a
dict. PDFs are read back with pypdf; embedded fonts are read with fontTools.
"""

import datetime
import gc
import io
import os
import re
import socket
from pathlib import Path

import pytest
import segno
from celery.signals import worker_process_shutdown
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from certificates import pdf
from certificates.codes import code_display, code_generate

FONTS = Path(pdf.__file__).parent / "static" / "certificates" / "fonts"
A4_LANDSCAPE = (841.89, 595.28)  # points


def certificate_data(**overrides) -> dict:
    code = code_generate()
    data = {
        "programme_name": "Peer Support Academy",
        "holder_name": "Anjali Mehta",
        "course_title": "Foundations of peer support",
        "hours": [
            {"category": "One-to-one peer support", "minutes": 1500},
            {"category": "Group facilitation", "minutes": 630},
        ],
        "supervisors": ["Meera Iyer", "Rahul Nair"],
        "issued_on": datetime.date(2026, 11, 22),
        "expires_on": datetime.date(2028, 11, 22),
        "code": code,
        "verify_url": f"https://academy.example.org/verify/{code}/",
        "title": "Certificate of completion",
        "statement": "has completed the training and the supervised practice of",
        "signatory_line": "Practice supervisor",
        "wording_version": "2",
    }
    data.update(overrides)
    return data


def read(pdf_bytes: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes))


def text_of(pdf_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf_bytes).pages)


def embedded_fonts(pdf_bytes: bytes) -> dict[str, TTFont]:
    """Each font resource of the first page by its key, as the font program embedded."""
    fonts = {}
    for key, ref in read(pdf_bytes).pages[0]["/Resources"]["/Font"].items():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        fonts[key.lstrip("/")] = TTFont(io.BytesIO(program.get_data()))
    return fonts


def base_font_families(pdf_bytes: bytes) -> set[str]:
    """The family each embedded font was chosen under, without the subset prefix (ABCDEF+):
    WeasyPrint names a font after the CSS family that matched it, not its file."""
    return {
        str(ref.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1]
        for ref in read(pdf_bytes).pages[0]["/Resources"]["/Font"].values()
    }


def postscript_name(font: TTFont) -> str:
    return font["name"].getDebugName(6)


def shipped_postscript_names() -> set[str]:
    return {postscript_name(TTFont(path)) for path in FONTS.glob("*.ttf")}


def glyphs_drawn(pdf_bytes: bytes) -> dict[str, list[int]]:
    """Glyph ids shown with each font key on the first page (WeasyPrint writes hex TJ arrays)."""
    content = read(pdf_bytes).pages[0].get_contents().get_data().decode("latin-1")
    drawn: dict[str, list[int]] = {}
    for key, array in re.findall(r"/(\w+) [\d.]+ Tf\s*\[(.*?)\]\s*TJ", content, re.S):
        for run in re.findall(r"<([0-9A-Fa-f]*)>", array):
            ids = [int(run[i : i + 4], 16) for i in range(0, len(run), 4)]
            drawn.setdefault(key, []).extend(ids)
    return drawn


class Listener:
    """A TCP port on loopback that records whether anything connected to it."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.setblocking(False)
        self.port = self.server.getsockname()[1]

    def connected(self) -> bool:
        """A connection attempt completes in the kernel's backlog even if nobody accepts it, so
        an empty backlog after a synchronous render means nothing tried."""
        try:
            conn, _ = self.server.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.server.close()


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every URL WeasyPrint asks the certificate fetcher for, during the test."""
    urls = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", spy)
    return urls


def test_certificate_is_one_a4_landscape_page():
    reader = read(pdf.certificate_pdf_render(certificate_data()))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE


@pytest.mark.parametrize("name", ["Anjali Mehta", "José Álvarez"])
def test_holder_course_code_hours_and_dates_can_be_read_as_text(name):
    data = certificate_data(holder_name=name)

    text = text_of(pdf.certificate_pdf_render(data))

    for expected in (
        name,
        "Foundations of peer support",
        "Certificate of completion",
        "Peer Support Academy",
        code_display(data["code"]),
        "One-to-one peer support",
        "25 hours",
        "10 hours 30 minutes",
        "35 hours 30 minutes",  # the total
        "22 November 2026",
        "22 November 2028",
        "Meera Iyer",
        "Rahul Nair",
        "Practice supervisor",
    ):
        assert expected in text


def test_a_certificate_without_expiry_says_so():
    text = text_of(pdf.certificate_pdf_render(certificate_data(expires_on=None)))

    assert "No expiry date" in text
    assert "22 November 2028" not in text


def test_metadata_names_the_certificate_the_programme_and_the_language():
    data = certificate_data(holder_name="José Álvarez", language="hi")

    reader = read(pdf.certificate_pdf_render(data))

    assert reader.metadata.title == (
        "Certificate of completion: José Álvarez, Foundations of peer support"
    )
    assert reader.metadata.author == "Peer Support Academy"
    assert reader.trailer["/Root"]["/Lang"] == "hi"


def test_the_wording_version_is_in_the_pdf_keywords():
    """Not printed (a line costs render time and says nothing to a reader), but a PDF
    reader's properties tell two wordings' certificates apart."""
    pdf_bytes = pdf.certificate_pdf_render(certificate_data(wording_version="3"))

    assert "certificate wording 3" in read(pdf_bytes).metadata["/Keywords"]
    assert "wording" not in text_of(pdf_bytes).lower()


def page_pixels(pdf_bytes: bytes) -> Image.Image:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        return document[0].render(scale=100 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        # Every optional part left out, and a statement with line breaks (<br>).
        {"hours": [], "supervisors": [], "expires_on": None, "logo": "", "wording_version": ""},
        {"statement": "has completed\nthe course of", "holder_name": "\u200fप्रिया शर्मा\u200e"},
        {"supervisors": ["Meera Iyer", "Rahul Nair", "Fatima Sheikh"], "signatory_line": ""},
    ],
)
def test_the_certificate_looks_the_same_without_the_html_defaults(overrides):
    """The certificate leaves out WeasyPrint's HTML5 defaults for speed, so its own stylesheet
    must give every element it uses what those defaults gave (a block for a <div>, a line
    break for a <br>): an element added to the template without a rule shows up here as a
    different page."""
    html, generated = pdf.certificate_html(certificate_data(**overrides))

    with_defaults = pdf.html_pdf_render(html, generated=generated, html_defaults=True)
    without = pdf.html_pdf_render(html, generated=generated, html_defaults=False)

    assert page_pixels(without).tobytes() == page_pixels(with_defaults).tobytes()


def test_the_same_record_renders_the_same_bytes():
    """No clock is read, so regenerating a certificate's PDF gives the identical file."""
    data = certificate_data()

    assert pdf.certificate_pdf_render(data) == pdf.certificate_pdf_render(dict(data))


@pytest.mark.parametrize(
    "name",
    [
        "José Álvarez",
        "प्रिया शर्मा",  # Devanagari
        "প্রিয়া শর্মা",  # Bengali
        "பிரியா சர்மா",  # Tamil
        "ప్రియా శర్మ",  # Telugu
        "\u200fAnjali Mehta\u200e",  # right-to-left and left-to-right marks
    ],
)
def test_every_embedded_font_is_one_we_ship(name):
    """Two checks, because this machine has Debian's Noto installed too: the PostScript name
    inside each embedded font program must be one of our files' (catches DejaVu or any other
    fallback), and the font must have been matched through our own "Academy …" families (a
    system copy of the very same Noto file, picked by fallback, is named after its system
    family, "Noto Sans Devanagari", and would otherwise hide a missing @font-face)."""
    pdf_bytes = pdf.certificate_pdf_render(certificate_data(holder_name=name))
    fonts = embedded_fonts(pdf_bytes)

    assert fonts
    assert {postscript_name(font) for font in fonts.values()} <= shipped_postscript_names()
    assert all(family.startswith("Academy-") for family in base_font_families(pdf_bytes))


@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("प्रिया शर्मा", "NotoSansDevanagari-Bold"),
        ("প্রিয়া শর্মা", "NotoSansBengali-Bold"),
        ("பிரியா சர்மா", "NotoSansTamil-Bold"),
        ("ప్రియా శర్మ", "NotoSansTelugu-Bold"),
    ],
)
def test_a_name_in_an_indian_script_is_drawn_with_real_glyphs_of_its_font(name, font):
    """Not checked by text extraction: shaped text (conjuncts such as प्र, vowel signs drawn
    before their consonant) maps back to characters in a different order or not at all, so
    extraction would fail on a correct PDF. Instead: the script's own font is embedded, the
    name's glyphs are drawn with it, and each drawn glyph has an outline, so nothing is blank
    and nothing is a missing-glyph box (.notdef, glyph 0)."""
    pdf_bytes = pdf.certificate_pdf_render(certificate_data(holder_name=name))
    fonts = embedded_fonts(pdf_bytes)
    keys = [key for key, embedded in fonts.items() if postscript_name(embedded) == font]
    assert len(keys) == 1
    embedded = fonts[keys[0]]

    drawn = glyphs_drawn(pdf_bytes)[keys[0]]

    glyph_names = embedded.getGlyphOrder()
    glyf = embedded["glyf"]
    inked = [gid for gid in drawn if glyf[glyph_names[gid]].numberOfContours != 0]
    assert 0 not in drawn
    assert len(inked) >= len(name.replace(" ", "")) // 2  # conjuncts merge letters
    assert all(gid for gids in glyphs_drawn(pdf_bytes).values() for gid in gids)


def test_the_qr_code_is_the_verification_url():
    data = certificate_data()
    images = read(pdf.certificate_pdf_render(data)).pages[0].images
    assert len(images) == 1
    image = images[0].image.convert("L")

    expected = segno.make(data["verify_url"], error="m", micro=False, mask=pdf.QR_MASK)
    rows = list(expected.matrix_iter(scale=1, border=4))

    assert image.size == (len(rows[0]), len(rows))
    drawn = [
        [image.getpixel((x, y)) < 128 for x in range(image.width)] for y in range(image.height)
    ]
    assert drawn == [[bool(module) for module in row] for row in rows]


def test_html_in_a_name_is_printed_as_text_and_fetches_nothing(listener, fetched):
    name = f'<img src="http://127.0.0.1:{listener.port}/x"> Anjali'
    course = '<link rel="stylesheet" href="file:///etc/passwd">Boundaries'

    pdf_bytes = pdf.certificate_pdf_render(certificate_data(holder_name=name, course_title=course))

    text = text_of(pdf_bytes)
    assert f'<img src="http://127.0.0.1:{listener.port}/x"> Anjali' in text
    assert '<link rel="stylesheet" href="file:///etc/passwd">Boundaries' in text
    assert not listener.connected()
    assert all(url.startswith(("static:", "generated:")) for url in fetched)
    assert len(read(pdf_bytes).pages[0].images) == 1  # the QR code only


def test_markup_that_escaped_the_template_still_reaches_nothing(tmp_path, listener, fetched):
    """Belt and braces: even HTML written into the document directly cannot load a remote
    image or a local stylesheet, because the fetcher refuses them."""
    stylesheet = tmp_path / "hostile.css"
    stylesheet.write_text("@page { size: A3 portrait; }")
    html = (
        f'<link rel="stylesheet" href="{stylesheet.as_uri()}">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<p>Anjali <img src="http://127.0.0.1:{listener.port}/x"></p>'
    )

    reader = read(pdf.html_pdf_render(html))

    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE
    assert not listener.connected()
    assert stylesheet.as_uri() in fetched  # asked, and refused
    assert not reader.pages[0].images


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://academy.example.org/static/certificates/logo.svg",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "data:text/css,@page{size:A3}",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        "static:../../etc/passwd",
        "static:certificates/../../../../etc/passwd",
        "static:%2e%2e/%2e%2e/etc/passwd",
        "static:certificates%2f..%2f..%2fmanage.py",
        "static:/etc/passwd",
        "static:certificates\\..\\..\\manage.py",
        "static:certificates/missing.svg",
        "generated:qr.png",  # only for the render that generated it
        "certificates/logo.svg",  # relative: never resolved against anything else
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyFetcher().fetch(url)


def test_fetcher_serves_our_static_files_and_the_renders_own_images():
    logo = pdf.StaticOnlyFetcher().fetch("static:certificates/logo.svg")
    generated = pdf.StaticOnlyFetcher({"generated:qr.png": (b"png", "image/png")})

    assert logo.content_type == "image/svg+xml"
    assert logo.read().startswith(b"<svg")
    assert generated.fetch("generated:qr.png").read() == b"png"


def test_every_shipped_font_is_loaded_through_the_fetcher(monkeypatch, fetched):
    """Fonts come from our files, never from a same-named font installed on the machine."""
    monkeypatch.setattr(pdf, "_renderer_state", None)
    pdf.certificate_pdf_render(certificate_data())

    loaded = {url.rsplit("/", 1)[-1] for url in fetched if url.endswith(".ttf")}
    assert loaded == {path.name for path in FONTS.glob("*.ttf")}
    pdf.pdf_cleanup()


def test_fonts_folder_is_removed_when_a_worker_process_shuts_down(monkeypatch):
    monkeypatch.setattr(pdf, "_renderer_state", None)
    pdf.certificate_pdf_render(certificate_data())
    folder = Path(pdf._renderer().font_config._folder)
    assert folder.is_dir()

    worker_process_shutdown.send(sender=None, pid=os.getpid(), exitcode=0)

    assert not folder.exists()
    assert len(read(pdf.certificate_pdf_render(certificate_data())).pages) == 1
    pdf.pdf_cleanup()


def test_a_forked_child_renders_with_its_own_fonts_and_leaves_its_parents_alone():
    """Celery's prefork children inherit the parent's renderer; the child must build its own
    and must not delete the parent's font folder, even when the inherited one is collected."""
    pdf.certificate_pdf_render(certificate_data())
    parent_folder = Path(pdf._renderer().font_config._folder)
    read_end, write_end = os.pipe()

    pid = os.fork()
    if pid == 0:  # the child: report its folder and whether its PDF was fine, then leave
        status = 1
        try:
            pdf.pdf_cleanup()  # as a pool child's shutdown hook would, before any render
            gc.collect()
            child_pdf = pdf.certificate_pdf_render(certificate_data())
            child_folder = pdf._renderer().font_config._folder
            gc.collect()
            os.write(write_end, f"{child_folder}\n{len(read(child_pdf).pages)}".encode())
            pdf.pdf_cleanup()
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        child_folder, child_pages = pipe.read().split("\n")
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert child_pages == "1"
    assert Path(child_folder) != parent_folder
    assert not Path(child_folder).exists()
    assert parent_folder.is_dir()
    assert len(read(pdf.certificate_pdf_render(certificate_data())).pages) == 1


def test_a_logo_path_outside_the_static_folders_is_left_out(fetched):
    data = certificate_data(logo="../../../../etc/passwd")

    pdf_bytes = pdf.certificate_pdf_render(data)

    assert "static:../../../../etc/passwd" in fetched  # asked, and refused
    assert len(read(pdf_bytes).pages[0].images) == 1  # the QR code only
    assert data["holder_name"] in text_of(pdf_bytes)


def test_a_logo_read_from_storage_is_printed_instead_of_the_default():
    """An editor's logo lives in media storage, outside the static folders: the caller reads
    it and passes the bytes, so the fetcher still never opens a path it was handed."""
    image = Image.new("RGB", (40, 20), (11, 94, 86))
    png = io.BytesIO()
    image.save(png, format="PNG")

    pdf_bytes = pdf.certificate_pdf_render(
        certificate_data(logo_file=(png.getvalue(), "image/png"))
    )

    sizes = sorted(found.image.size for found in read(pdf_bytes).pages[0].images)
    assert (40, 20) in sizes
    assert len(sizes) == 2  # the logo and the QR code


def test_another_document_of_ours_gets_the_shipped_fonts_and_its_own_page():
    """The hours statement will render through the same fonts with a stylesheet of its own."""
    pdf_bytes = pdf.html_pdf_render(
        "<h1>Hours statement</h1><p>प्रिया शर्मा</p>", stylesheet="static:certificates/fonts.css"
    )

    box = read(pdf_bytes).pages[0].mediabox
    assert float(box.width) < float(box.height)  # WeasyPrint's default page: A4 portrait
    fonts = embedded_fonts(pdf_bytes)
    assert "NotoSansDevanagari-Regular" in {postscript_name(font) for font in fonts.values()}
    assert {postscript_name(font) for font in fonts.values()} <= shipped_postscript_names()


def test_a_long_name_many_hours_and_three_supervisors_stay_on_one_page():
    data = certificate_data(
        holder_name="Anjali Lakshmi Venkataraman-Subramaniam Mehta " * 2,
        hours=[{"category": f"Practice category {n}", "minutes": 600 + n} for n in range(6)],
        supervisors=["Meera Iyer", "Rahul Nair", "Fatima Sheikh"],
    )

    assert len(read(pdf.certificate_pdf_render(data)).pages) == 1


# --- The editor's logo, read from the wording's Wagtail image -------------------------------


def wagtail_png(width: int, height: int):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    png = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 60)).save(png, format="PNG")
    return get_image_model().objects.create(
        title="Programme logo", file=ImageFile(png, name="logo.png")
    )


# Wagtail's rendition generation leaves a SpooledTemporaryFile for garbage collection to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.django_db
def test_the_wordings_logo_is_printed_at_a_sensible_size():
    """An editor's upload of any size prints, scaled down to at most 400 px, instead of the
    default logo; the certificate still has only that logo and the QR code as images."""
    from certificates.selectors import certificate_pdf_data
    from tests.factories.certificates import CertificateFactory, CertificateWordingFactory

    wording = CertificateWordingFactory(version=7, logo=wagtail_png(1200, 600))
    certificate = CertificateFactory(issued=True, wording=wording, wording_version=7)

    data = certificate_pdf_data(certificate)
    pdf_bytes = pdf.certificate_pdf_render(data)

    assert data["logo_file"][1] == "image/jpeg"
    sizes = sorted(found.image.size for found in read(pdf_bytes).pages[0].images)
    assert (400, 200) in sizes
    assert len(sizes) == 2


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.django_db
def test_a_transparent_logo_prints_on_white_as_a_jpeg_embedded_as_it_is():
    """WeasyPrint decodes and encodes a PNG again on every render, but embeds a JPEG's bytes
    as they are; on the certificate's white page a logo flattened onto white looks the same."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from certificates.selectors import certificate_pdf_data
    from tests.factories.certificates import CertificateFactory, CertificateWordingFactory

    png = io.BytesIO()
    logo = Image.new("RGBA", (80, 80), (0, 0, 0, 0))  # transparent, with a teal square
    logo.paste((11, 94, 86, 255), (20, 20, 60, 60))
    logo.save(png, format="PNG")
    image = get_image_model().objects.create(
        title="Transparent logo", file=ImageFile(png, name="logo.png")
    )
    certificate = CertificateFactory(
        issued=True, wording=CertificateWordingFactory(version=11, logo=image), wording_version=11
    )

    data = certificate_pdf_data(certificate)
    body, content_type = data["logo_file"]
    pdf_bytes = pdf.certificate_pdf_render(data)

    assert content_type == "image/jpeg"
    xobjects = read(pdf_bytes).pages[0]["/Resources"]["/XObject"].values()
    jpegs = [x.get_object() for x in xobjects if x.get_object().get("/Filter") == "/DCTDecode"]
    assert len(jpegs) == 1
    assert jpegs[0].get_data() == body  # the rendition's bytes, not encoded again
    flattened = Image.open(io.BytesIO(body)).convert("RGB")
    assert flattened.getpixel((5, 5))[0] > 245  # the transparent corner is white, not black
    assert flattened.getpixel((40, 40))[1] < 110  # the square keeps its colour


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.django_db
def test_without_a_logo_or_with_its_file_gone_the_default_logo_is_printed():
    from certificates.selectors import certificate_pdf_data
    from tests.factories.certificates import CertificateFactory, CertificateWordingFactory

    plain = CertificateFactory(issued=True, wording=CertificateWordingFactory(version=8))
    image = wagtail_png(60, 60)
    image.file.storage.delete(image.file.name)
    broken = CertificateFactory(
        issued=True, wording=CertificateWordingFactory(version=9, logo=image), wording_version=9
    )

    for certificate in (plain, broken):
        data = certificate_pdf_data(certificate)
        assert "logo_file" not in data
        assert pdf.certificate_context(data)["logo_url"] == "static:certificates/logo.svg"
        assert len(read(pdf.certificate_pdf_render(data)).pages[0].images) == 1  # the QR code
