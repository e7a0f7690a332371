"""Question text reaches the page escaped (plain) or sanitised (HTML), never raw, never twice."""

from django.template import Context, Template

from assessments.quizzes.text import markdown_to_html, question_html


def _render(text, text_format):
    template = Template("{% load assessments_tags %}{{ text|question_text:fmt }}")
    return template.render(Context({"text": text, "fmt": text_format}))


def test_plain_text_is_escaped_once_with_paragraphs():
    html = _render("Is 2 < 3?\n\nSay why.", "plain")
    assert html == "<p>Is 2 &lt; 3?</p>\n\n<p>Say why.</p>"


def test_html_keeps_formatting_and_loses_scripts_and_handlers():
    html = _render('<p onclick="x()">Be <strong>kind</strong><script>alert(1)</script></p>', "html")
    assert html == "<p>Be <strong>kind</strong></p>"


def test_links_lose_javascript_urls_and_gain_rel():
    html = str(
        question_html('<a href="javascript:alert(1)">x</a> <a href="https://a.in">y</a>', "html")
    )
    assert "javascript" not in html
    assert 'rel="noopener noreferrer"' in html


def test_markdown_is_rendered_then_sanitised():
    assert markdown_to_html("**Listen** first <img src=x onerror=alert(1)>") == (
        "<p><strong>Listen</strong> first </p>"
    )
