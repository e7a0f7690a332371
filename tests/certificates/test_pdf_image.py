"""The certificate PDF as a reader sees it: Indian-script names checked on the rendered page.

Shaped text does not extract exactly from a PDF (conjuncts and reordered vowel signs map back
to characters in another order, or not at all), so issue 7 asks for this check on an image of
the page. The page is rasterised with PDFium (pypdfium2), a renderer independent of
WeasyPrint, and the name's ink is compared with the same name drawn by a second shaping
engine, Pillow with libraqm (HarfBuzz), from the same shipped bold font file; and with the
name drawn unshaped (Pillow's basic layout: one glyph per character, in typed order, so
vowel signs sit after their consonant and viramas show). The PDF must look like the first and
clearly unlike the second.

Nothing about the layout is assumed: the name is found as the pixels that change when only
the holder's name changes, and the references are scaled to the box it was printed in, so
the name's place and size come from the page. Which font file was embedded is test_pdf.py's
concern (a system copy of the same Noto would pass here).
"""

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from certificates import pdf
from tests.certificates.test_pdf import FONTS, certificate_data

DPI = 200  # the name (24pt when this was written) comes out about 60 pixels tall
PLACEHOLDER = "Gaby Quigley"  # Latin, with ascenders and descenders to span the line
INK = 128  # grey level: darker is ink (the name is printed near-black on white)
CHANGED = 32  # grey levels two renders must differ by for a pixel to count as changed
REFERENCE_PX = 200  # the references' font size: large, then scaled down to the name's box
SIMILAR = 0.8  # IoU the PDF's name must reach with the shaped reference (it reached 0.92–0.95)
MARGIN = 0.25  # ... and by how much it must beat the unshaped one (it beat it by 0.65–0.70)
MISSING_GLYPHS = 0.3  # IoU with a row of .notdef boxes to stay under (0.12–0.14; tofu: 0.45)

# Common names whose shaped and unshaped forms differ visibly: conjuncts, reph, below-base
# forms, vowel signs drawn before their consonant, Tamil's consonant-and-u ligatures (மு, ரு).
# Each with the shipped bold font that covers its script.
NAMES = [
    pytest.param(("प्रिया शर्मा", "NotoSansDevanagari-Bold.ttf"), id="devanagari"),
    pytest.param(("প্রিয়াঙ্কা বিশ্বাস", "NotoSansBengali-Bold.ttf"), id="bengali"),
    pytest.param(("செல்வி முருகன்", "NotoSansTamil-Bold.ttf"), id="tamil"),
    pytest.param(("శ్రీలక్ష్మి రెడ్డి", "NotoSansTelugu-Bold.ttf"), id="telugu"),
]


def page_image(pdf_bytes: bytes) -> Image.Image:
    """The first page in grey levels (mode L), as PDFium draws it."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        page = document[0]
        try:
            return page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        document.close()


def ink(image: Image.Image) -> Image.Image:
    """A bilevel mask of the image's ink."""
    return image.point(lambda grey: 255 if grey < INK else 0).convert("1")


def name_region(page: Image.Image, placeholder_page: Image.Image) -> Image.Image:
    """The name as printed on `page`, cropped to its ink.

    Everything above the name is the same on both pages; everything below may have moved (a
    line in another script can be taller), so the name is the first band of changed rows, and
    the band ends at the first row where nothing changed.
    """
    changed = ImageChops.difference(page, placeholder_page).point(
        lambda grey: 255 if grey > CHANGED else 0
    )
    box = changed.getbbox()
    assert box, "the holder's name changed nothing on the page"
    top = bottom = box[1]
    while bottom < page.height and changed.crop((0, bottom, page.width, bottom + 1)).getbbox():
        bottom += 1
    left, _, right, _ = changed.crop((0, top, page.width, bottom)).getbbox()
    band = page.crop((left, top, right, bottom))
    return band.crop(ink(band).getbbox())


def drawn_by_pillow(name: str, font_file: str, layout: ImageFont.Layout) -> Image.Image:
    """The name in black on white with Pillow, at REFERENCE_PX, cropped to its ink."""
    if layout == ImageFont.Layout.RAQM:
        # Pillow's wheels bundle libraqm and load FriBiDi, which Pango (so WeasyPrint) needs
        # too; without them Pillow would quietly lay the name out unshaped.
        assert features.check("raqm"), "Pillow cannot shape text here (libraqm or FriBiDi)"
    font = ImageFont.truetype(str(FONTS / font_file), REFERENCE_PX, layout_engine=layout)
    left, top, right, bottom = font.getbbox(name)
    pad = REFERENCE_PX // 4
    image = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - left, pad - top), name, font=font, fill=0)
    return image.crop(ink(image).getbbox())


def similarity(printed: Image.Image, reference: Image.Image) -> float:
    """Intersection over union of the two inks, the reference scaled to the printed box."""
    a = ink(printed)
    b = ink(reference.resize(printed.size, Image.Resampling.LANCZOS))
    union = ImageChops.logical_or(a, b).histogram()[255]
    return ImageChops.logical_and(a, b).histogram()[255] / union


@pytest.fixture(scope="module")
def data() -> dict:
    """One certificate's fields for every render here, so only the name ever differs."""
    return certificate_data(holder_name=PLACEHOLDER)


@pytest.fixture(scope="module")
def placeholder_page(data) -> Image.Image:
    return page_image(pdf.certificate_pdf_render(data))


@pytest.fixture(scope="module", params=NAMES)
def printed(request, data, placeholder_page) -> tuple[str, str, Image.Image]:
    """(name, its font file, the name as printed): one render per name for the module."""
    name, font_file = request.param
    page = page_image(pdf.certificate_pdf_render({**data, "holder_name": name}))
    return name, font_file, name_region(page, placeholder_page)


def test_an_indian_script_name_is_printed_shaped(printed):
    """The PDF's name matches a second engine's shaping of it, and clearly not the unshaped
    letters: conjuncts formed, vowel signs placed before or around their consonant."""
    name, font_file, region = printed
    shaped = similarity(region, drawn_by_pillow(name, font_file, ImageFont.Layout.RAQM))
    unshaped = similarity(region, drawn_by_pillow(name, font_file, ImageFont.Layout.BASIC))

    assert shaped >= SIMILAR, f"{name}: {shaped:.3f} like the shaped name"
    assert shaped - unshaped >= MARGIN, f"{name}: {shaped:.3f} shaped, {unshaped:.3f} unshaped"


def test_an_indian_script_name_is_not_printed_as_missing_glyph_boxes(printed):
    """Tofu, one .notdef box per letter, is what a face that failed to load leaves when no
    other font on the machine has the script. The shaped comparison fails then too; this
    says why. The boxes are drawn with the shipped Latin font, which has none of these
    letters."""
    name, _, region = printed
    latin = "NotoSans-Bold.ttf"
    assert not set(name.replace(" ", "")) & {chr(c) for c in TTFont(FONTS / latin).getBestCmap()}

    boxes = similarity(region, drawn_by_pillow(name, latin, ImageFont.Layout.BASIC))

    assert boxes < MISSING_GLYPHS, f"{name}: {boxes:.3f} like a row of missing-glyph boxes"
