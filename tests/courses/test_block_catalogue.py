"""Every lesson block offers editors an icon, a description, its own template and a preview."""

import pytest

from courses.blocks import LessonStreamBlock


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(LessonStreamBlock.base_blocks))
def test_each_lesson_block_has_icon_description_template_and_preview(name):
    block = LessonStreamBlock().child_blocks[name]

    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.get_description()
    assert block.meta.template == f"blocks/{name}.html"
    assert block.is_previewable
    html = block.render(block.get_preview_value())
    assert html.strip() or name == "image"  # no image in an empty library: nothing to show


def test_there_is_no_raw_html_block():
    assert "html" not in LessonStreamBlock.base_blocks
    assert "raw_html" not in LessonStreamBlock.base_blocks


@pytest.mark.django_db
def test_editor_sees_a_styled_preview_of_the_scenario_block(client, editor):
    block = LessonStreamBlock().child_blocks["scenario"]
    client.force_login(editor)

    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/css/site.css" in html
    assert "A message at midnight" in html
