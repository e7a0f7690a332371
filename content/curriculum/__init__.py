"""The demo course "Foundations of Peer Support", as plain data.

Five modules of original lessons, one file each. No Django or Wagtail here: the demo-content
loader turns this into course, module and lesson pages with StreamField bodies.

Shape:
    COURSE = {title, slug, summary, audience, learning_outcomes, estimated_hours, modules}
    MODULE = {title, slug, introduction (rich text), estimated_minutes, lessons}
    LESSON = {title, slug, estimated_minutes, content_note, body}
    body   = [(block_type, value), ...] with block types:
        heading           {"text", "level": "h2" | "h3"}
        paragraph         rich text
        callout           {"kind": key_idea | boundary_tip | limits | self_care, "title", "body"}
        scenario          {"title", "situation", "questions": [str], "debrief"}
        reflection        {"prompt", "guidance"}
        takeaways         {"items": [str]}
        further_reading   {"items": [{"title", "url", "description"}]}
        crisis_resources  {"heading", "intro"}  (the site adds its crisis lines, from a snippet)

Rich text is HTML limited to <p>, <strong>, <em>, <ul>, <ol>, <li> and <a href>. Reflections are
private to the trainee and are never graded. A lesson's content_note is empty unless the lesson
deals with a sensitive subject, and then it always names where help is available.
"""

from .module_1 import MODULE as MODULE_1
from .module_2 import MODULE as MODULE_2
from .module_3 import MODULE as MODULE_3
from .module_4 import MODULE as MODULE_4
from .module_5 import MODULE as MODULE_5

COURSE = {
    "title": "Foundations of Peer Support",
    "slug": "foundations-of-peer-support",
    "summary": (
        "A practical introduction to mental-health peer support: what it is and is not, how to "
        "hold boundaries, how to share your own experience with purpose, how to look after "
        "yourself, and how to recognise when someone needs more help than a peer can give."
    ),
    "audience": (
        "People with lived experience of mental-health challenges who are training to support "
        "others as volunteers or peer workers, in India and elsewhere. It also suits coordinators "
        "and supervisors who want a shared foundation with their teams. No clinical background is "
        "needed."
    ),
    "learning_outcomes": [
        (
            "Explain what peer support is, how it differs from therapy and from friendship, and "
            "how it works alongside professional help."
        ),
        (
            "Agree, explain and hold boundaries around time, contact, gifts, money and dual "
            "relationships."
        ),
        "Explain confidentiality and its limits, including when safeguarding overrides it.",
        (
            "Decide when, why and how much of your own lived experience to share, for the benefit "
            "of the person you support."
        ),
        (
            "Recognise signs of burnout and compassion fatigue, and sustain yourself with a "
            "wellbeing plan, supervision and peer support."
        ),
        (
            "Recognise warning signs of risk, ask directly about suicide, and stay with a person "
            "while connecting them to emergency help."
        ),
        (
            "Make warm referrals to professionals and services, and document and debrief after a "
            "crisis or safeguarding concern."
        ),
    ],
    "estimated_hours": 9,
    "modules": [MODULE_1, MODULE_2, MODULE_3, MODULE_4, MODULE_5],
}
