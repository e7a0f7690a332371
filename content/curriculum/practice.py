"""The demo course's supervised practice, as plain data: its settings, activity categories with
the hours each requires, competencies, and a few weeks of the demo trainee's practice.

Pure data, like the lessons and quizzes (see the package docstring); `assessments.practice.demo`
loads it through the practice services. Original writing. The hours are small on purpose: real
schemes ask for hundreds (250 to 500 hours of supervised practice), and an installation sets
its own numbers per course in the editing area; a demo should show a trainee part of the way.

Shape:
    SETTINGS    = {min_minutes, max_minutes, rating_scale (one level a line, lowest first)}
    CATEGORIES  = [{name, required_hours}]
    COMPETENCIES = [{name, description}]
    LOGS        = [{days_ago, start ("HH:MM", the trainee's time), minutes, category, mode,
                    description, reflection, outcome, comment}]
        outcome: approved | submitted | changes_requested | draft. A comment goes with a
        request for changes (required) and may go with an approval.
    OBSERVATIONS = [{competency, days_ago, rating (1 = the scale's lowest), evidence}]
    COMPETENCY_SIGN_OFFS = [{competency, comment}]

Descriptions are de-identified, as the form asks of every trainee: no names, places that
identify anyone, phone numbers or email addresses. Reflections are private to the trainee;
nothing here asks about the trainee's own history.
"""

SETTINGS = {
    "min_minutes": 15,
    "max_minutes": 6 * 60,
    "rating_scale": "Not yet shown\nBeginning\nDeveloping\nShown consistently",
}

CATEGORIES = [
    {"name": "One-to-one peer support", "required_hours": 20},
    {"name": "Group facilitation", "required_hours": 6},
    {"name": "Co-facilitation and shadowing", "required_hours": 4},
    {"name": "Supervision sessions", "required_hours": 4},
]

COMPETENCIES = [
    {
        "name": "Holds boundaries under pressure",
        "description": (
            "Keeps to agreed times, channels and roles when a conversation pulls the other "
            "way, and says so warmly, so the person feels cared for rather than turned away."
        ),
    },
    {
        "name": "Uses self-disclosure with purpose",
        "description": (
            "Shares a little of their own experience only when it serves the other person, "
            "keeps it brief, and hands the conversation back without presenting their path as "
            "the right one."
        ),
    },
    {
        "name": "Recognises risk and follows the referral protocol",
        "description": (
            "Notices talk of suicide or harm, stays with the person, and brings in emergency "
            "or professional help as the programme's protocol sets out, then records and "
            "debriefs."
        ),
    },
    {
        "name": "Looks after their own wellbeing",
        "description": (
            "Notices early signs of strain in themselves, uses supervision and their own "
            "support, and takes a step back when they need to."
        ),
    },
]

ONE_TO_ONE, GROUP, SHADOWING, SUPERVISION = (category["name"] for category in CATEGORIES)

LOGS = [
    {
        "days_ago": 52,
        "start": "10:00",
        "minutes": 60,
        "category": ONE_TO_ONE,
        "mode": "in_person",
        "description": (
            "A first conversation with a peer at the community centre. They talked about "
            "feeling cut off since moving to the city; I mostly listened, and we agreed to meet "
            "again the following week."
        ),
        "reflection": "I was nervous and talked less than I expected to. That seemed to help.",
        "outcome": "approved",
        "comment": "",
    },
    {
        "days_ago": 45,
        "start": "18:00",
        "minutes": 90,
        "category": GROUP,
        "mode": "online",
        "description": (
            "Co-led the weekly online support group with an experienced facilitator. I opened "
            "the check-in round and kept time; six members took part."
        ),
        "reflection": "",
        "outcome": "approved",
        "comment": "A calm, welcoming check-in. Well done.",
    },
    {
        "days_ago": 38,
        "start": "11:00",
        "minutes": 120,
        "category": SHADOWING,
        "mode": "in_person",
        "description": (
            "Shadowed a senior peer supporter during drop-in hours. I watched how she explained "
            "what peer support can and cannot offer at the start of each conversation."
        ),
        "reflection": "I want to borrow her way of naming the limits without sounding cold.",
        "outcome": "approved",
        "comment": "",
    },
    {
        "days_ago": 31,
        "start": "16:00",
        "minutes": 60,
        "category": SUPERVISION,
        "mode": "online",
        "description": (
            "Group supervision with two other trainees. We talked through keeping to agreed "
            "contact times and practised saying no kindly."
        ),
        "reflection": "",
        "outcome": "approved",
        "comment": "",
    },
    {
        "days_ago": 24,
        "start": "10:30",
        "minutes": 75,
        "category": ONE_TO_ONE,
        "mode": "phone",
        "description": (
            "A follow-up call with a peer I have met twice before. They chose a small goal for "
            "the week, a short walk each morning, and we talked about what might get in the way."
        ),
        "reflection": "I noticed I wanted to suggest goals for them. I held back.",
        "outcome": "approved",
        "comment": "Good to see the goal was theirs.",
    },
    {
        "days_ago": 17,
        "start": "10:00",
        "minutes": 45,
        "category": ONE_TO_ONE,
        "mode": "in_person",
        "description": "Met a peer at a café near the library.",
        "reflection": "",
        "outcome": "changes_requested",
        "comment": (
            "Thank you. Please add what you talked about and what you agreed for next time, "
            "still without names, so the entry shows the support you gave."
        ),
    },
    {
        "days_ago": 14,
        "start": "10:00",
        "minutes": 60,
        "category": ONE_TO_ONE,
        "mode": "phone",
        "description": (
            "A call with a peer preparing to go back to college. We talked about how they might "
            "explain a gap in their studies, and I shared briefly how I handled a similar moment "
            "before turning back to their plans."
        ),
        "reflection": "Sharing felt right this time. I kept it to two sentences.",
        "outcome": "submitted",
        "comment": "",
    },
    {
        "days_ago": 10,
        "start": "18:00",
        "minutes": 90,
        "category": GROUP,
        "mode": "online",
        "description": (
            "Led the check-in and closing rounds of the online group on my own for the first "
            "time, with the facilitator present. When one member wanted to keep going past the "
            "end, I offered a follow-up message instead, as the group agreed."
        ),
        "reflection": "",
        "outcome": "submitted",
        "comment": "",
    },
    {
        "days_ago": 6,
        "start": "15:00",
        "minutes": 60,
        "category": SUPERVISION,
        "mode": "in_person",
        "description": (
            "One-to-one supervision. We went back over a conversation in which a peer said they "
            "felt hopeless, and walked through the referral steps together."
        ),
        "reflection": "I felt relieved to go through it with someone. I slept better after.",
        "outcome": "submitted",
        "comment": "",
    },
    {
        "days_ago": 3,
        "start": "11:00",
        "minutes": 90,
        "category": SHADOWING,
        "mode": "in_person",
        "description": (
            "Co-facilitated a wellbeing workshop on sleep routines with a senior peer. I ran "
            "the small-group activity."
        ),
        "reflection": "",
        "outcome": "submitted",
        "comment": "",
    },
    {
        "days_ago": 1,
        "start": "10:00",
        "minutes": 60,
        "category": ONE_TO_ONE,
        "mode": "online",
        "description": (
            "An online conversation with a peer about getting through the first week of a new "
            "job. Still writing this up."
        ),
        "reflection": "",
        "outcome": "draft",
        "comment": "",
    },
]

HOLDS_BOUNDARIES, SELF_DISCLOSURE = COMPETENCIES[0]["name"], COMPETENCIES[1]["name"]

OBSERVATIONS = [
    {
        "competency": HOLDS_BOUNDARIES,
        "days_ago": 31,
        "rating": 3,
        "evidence": (
            "In a supervision role-play, ended a call at the agreed time while staying warm, "
            "and offered the next agreed contact instead."
        ),
    },
    {
        "competency": HOLDS_BOUNDARIES,
        "days_ago": 10,
        "rating": 4,
        "evidence": (
            "Kept the online group to its agreed end time when a member wanted to carry on, "
            "and followed up afterwards as the group had agreed."
        ),
    },
    {
        "competency": SELF_DISCLOSURE,
        "days_ago": 14,
        "rating": 3,
        "evidence": (
            "Shared a brief part of their own experience of returning to study, then turned "
            "the conversation back to the peer's own plans."
        ),
    },
]

COMPETENCY_SIGN_OFFS = [
    {
        "competency": HOLDS_BOUNDARIES,
        "comment": "Shown in group and one-to-one work, kindly and consistently.",
    },
]

# What `manage.py demo_almost_certified` adds to bring the demo trainee's approved hours up to
# every requirement: one kind of session per activity, logged as often as the hours need.
TOP_UP_LOGS = {
    ONE_TO_ONE: {
        "mode": "in_person",
        "description": (
            "A regular one-to-one session at the community centre. We looked back at the week, "
            "what had helped and what had been hard, and the peer chose one small step for the "
            "days ahead."
        ),
        "reflection": "Slowing down and leaving silences gave them room to find their own words.",
    },
    GROUP: {
        "mode": "online",
        "description": (
            "Facilitated the weekly online support group. I opened with the group's agreements, "
            "kept the rounds fair so quieter members had space, and closed on time."
        ),
        "reflection": "",
    },
    SHADOWING: {
        "mode": "in_person",
        "description": (
            "Co-facilitated a drop-in session with a senior peer supporter. We agreed our roles "
            "beforehand and debriefed together afterwards."
        ),
        "reflection": "The debrief helped me see what I had missed while I was busy listening.",
    },
    SUPERVISION: {
        "mode": "online",
        "description": (
            "One-to-one supervision. We went through my recent sessions, the boundaries I had "
            "held and where I felt unsure, and I updated my wellbeing plan."
        ),
        "reflection": "",
    },
}

# Evidence for the competencies that have no observation yet, and the supervisor's sign-off
# comment, for the same command.
TOP_UP_OBSERVATIONS = {
    COMPETENCIES[2]["name"]: (
        "In a supervision role-play about a peer who hinted at ending their life, asked "
        "directly and calmly about suicide, stayed with the peer and followed the referral "
        "protocol to connect them with crisis help."
    ),
    COMPETENCIES[3]["name"]: (
        "Noticed they were tired after a run of difficult sessions, raised it in supervision "
        "and agreed a lighter week, using their wellbeing plan."
    ),
}
TOP_UP_OBSERVATION_RATING = 4  # "Shown consistently", the scale's highest
TOP_UP_SIGN_OFF_COMMENT = "Shown consistently in practice and in supervision."
TOP_UP_OBSERVATION_DEFAULT = "Shown in supervised practice and discussed in supervision."
