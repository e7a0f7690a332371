"""Module 4 of the demo course: burnout and sustaining yourself.

Pure data (see the package docstring for the shape). Original writing."""

LESSON_1 = {
    "title": "Recognising burnout and compassion fatigue",
    "slug": "recognising-burnout-and-compassion-fatigue",
    "estimated_minutes": 30,
    "content_note": (
        "This lesson is about burnout and the strain of supporting people in distress. If this "
        "brings up something difficult for you, Tele-MANAS is free and open 24/7 on 14416 or "
        "1-800-891-4416. You can also talk to your supervisor at any time."
    ),
    "body": [
        ("heading", {"text": "Three kinds of strain", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Helpers use several words for the ways this work can wear people down. They "
                "overlap, and you do not need to fit your experience neatly into one of them, but "
                "the words can help you notice what is happening.</p>"
                "<ul>"
                "<li><strong>Burnout</strong> builds up over time when there is too much demand "
                "and too little rest, control or support. It often shows up as exhaustion, feeling "
                "distant or cynical about the work, and feeling that nothing you do makes a "
                "difference.</li>"
                "<li><strong>Compassion fatigue</strong> is a wearing down of your ability to "
                "care, after a long time of caring for people in distress. You may feel numb or "
                "irritable, or dread the next conversation.</li>"
                "<li><strong>Vicarious distress</strong>, sometimes called vicarious or secondary "
                "trauma, is when hearing about other people's painful experiences starts to affect "
                "you as if they had happened to you. You might have images you cannot shake off, "
                "feel jumpy, sleep badly, or feel that the world is less safe than it "
                "was.</li></ul>"
                "<p>For peer supporters there is another layer. Someone else's story may be very "
                "like your own, and it can stir up old memories and feelings. This is not a sign "
                "of failure. It is a known part of the role, and one of the reasons good "
                "programmes build in supervision and support.</p>"
            ),
        ),
        ("heading", {"text": "Signs to watch for", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Signs vary from person to person. Some common ones:</p>"
                "<ul>"
                "<li>Feeling tired all the time, even after rest.</li>"
                "<li>Sleeping badly, or dreaming about the people you support.</li>"
                "<li>Dreading messages or sessions, or putting off replies.</li>"
                "<li>Feeling irritable, numb or tearful more often than usual.</li>"
                "<li>Thinking about the work all the time, or feeling guilty whenever you "
                "rest.</li>"
                "<li>Losing interest in things you used to enjoy.</li>"
                "<li>Old coping habits, or early signs of your own difficulties, coming "
                "back.</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "self_care",
                "title": "Notice early, act early",
                "body": (
                    "<p>Burnout is much easier to turn around when you catch it early, so small "
                    "signs are worth taking seriously. Mention them to your supervisor while they "
                    "are small, not once they have grown.</p>"
                ),
            },
        ),
        (
            "scenario",
            {
                "title": "“Who will take the calls?”",
                "situation": (
                    "<p>Sunita has volunteered on an NGO's peer-support helpline in Delhi for two "
                    "years, alongside her job as a schoolteacher. Lately she has taken extra "
                    "shifts because the team is short of volunteers. She tells a fellow volunteer, "
                    "Paul, that she cannot stop thinking about one caller's story, that she keeps "
                    "snapping at her own children, and that she has started to feel nothing she "
                    "does on the line helps anyone. “But I can't cut back,” she says. “Who will "
                    "take the calls?”</p>"
                ),
                "questions": [
                    "What signs of strain can you see?",
                    "If you were Paul, what might you say?",
                    "What could Sunita do, and what could the programme do?",
                ],
                "debrief": (
                    "<p>Several signs stand out: a caller's story she cannot put down, "
                    "irritability at home, and a sense that her work makes no difference. Taking "
                    "on extra shifts out of loyalty is a very common path into burnout.</p>"
                    "<p>Paul can start by listening and by gently saying what he notices, without "
                    "labelling it: “That sounds like a lot to carry. Feeling like this isn't a "
                    "weakness.” He could encourage her to speak to her supervisor soon, and offer "
                    "to help her find the words.</p>"
                    "<p>Her belief that no one else will take the calls deserves a gentle "
                    "challenge. Covering the rota is the programme's responsibility, not Sunita's "
                    "alone, and an exhausted volunteer cannot give callers her best. Options "
                    "include going back to her usual shifts, taking a short break, getting support "
                    "in supervision with the caller's story, and leaning on her own supports "
                    "outside the helpline. If her low mood lasts or deepens, she deserves the same "
                    "professional help she would encourage a caller to seek.</p>"
                ),
            },
        ),
        (
            "crisis_resources",
            {
                "heading": "If you are struggling",
                "intro": (
                    "You deserve support too. These services are free, and they are there for you "
                    "as well as for the people you support."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "Burnout, compassion fatigue and vicarious distress are common, "
                        "understandable responses to this work."
                    ),
                    "Other people's stories can stir up your own experience.",
                    "Learn your early signs and act on them early.",
                    "Gaps in a rota are the programme's responsibility, not yours to fill alone.",
                ],
            },
        ),
    ],
}

LESSON_2 = {
    "title": "Your own wellbeing and recovery plan",
    "slug": "your-own-wellbeing-and-recovery-plan",
    "estimated_minutes": 30,
    "content_note": (
        "This lesson asks you to think about your own wellbeing, and everything you write is "
        "private. If this brings up something difficult for you, Tele-MANAS is free and open 24/7 "
        "on 14416 or 1-800-891-4416."
    ),
    "body": [
        ("heading", {"text": "Why a plan helps", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Many peer supporters already know a lot about what keeps them well, because "
                "they learned it the hard way. A written wellbeing plan turns that knowledge into "
                "something you can use when you are too tired or stressed to think clearly. It "
                "also helps you notice changes early, before a difficult patch becomes a "
                "crisis.</p>"
                "<p>There is no one right format. Some people use a recovery plan made with a "
                "clinician or a recovery programme. Others keep a page in a notebook or a note on "
                "their phone. What matters is that it is yours, in your own words, and that you "
                "look at it now and then.</p>"
            ),
        ),
        ("heading", {"text": "What a plan might include", "level": "h2"}),
        (
            "paragraph",
            (
                "<ul>"
                "<li><strong>What I'm like when I'm well.</strong> A few words to remind "
                "yourself.</li>"
                "<li><strong>What keeps me well, day to day and week to week.</strong> Sleep, "
                "food, movement, prayer or quiet time, time with people, time alone, creative "
                "things: whatever works for you.</li>"
                "<li><strong>What can knock me off balance.</strong> For example certain dates, "
                "certain kinds of stories, lack of sleep, or conflict at home or work.</li>"
                "<li><strong>Early signs that I'm struggling.</strong> What you notice first, and "
                "what the people close to you notice.</li>"
                "<li><strong>What I'll do when I notice them.</strong> Small, concrete steps, such "
                "as taking a day off from support work, calling a friend, or asking for time with "
                "your supervisor.</li>"
                "<li><strong>Who I can turn to.</strong> People, services and helplines, including "
                "at least one that is open 24 hours.</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "self_care",
                "title": "Rest is part of the work",
                "body": (
                    "<p>Planning time off, switching off the programme phone outside your hours, "
                    "and having parts of your life that have nothing to do with mental health are "
                    "not luxuries. They are what let you keep doing this work well.</p>"
                ),
            },
        ),
        ("heading", {"text": "Keeping your own recovery first", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>If you have treatment or support of your own, keep it going. It can be "
                "tempting to think that because you now help others, you should not need help "
                "yourself. The opposite is true. A supporter who keeps using their own supports "
                "shows, quietly, that recovery is an ongoing process and that asking for help is "
                "normal.</p>"
                "<p>If you notice your own difficulties returning, it is okay to step back from "
                "supporting others for a while. Good programmes expect this and will not hold it "
                "against you. Talk to your supervisor about a plan, including how the people you "
                "support will be looked after in the meantime. Coming back when you are ready, "
                "perhaps gradually, is part of the same plan.</p>"
            ),
        ),
        ("heading", {"text": "A regular check-in", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>A plan only helps if you use it. Some supporters set aside five minutes at the "
                "end of each week to ask themselves a few questions: How am I sleeping? Am I "
                "dreading any part of the work? Have I done at least one thing this week just for "
                "me? Is anything from a conversation still with me? If the answers worry you, look "
                "at the steps in your plan and take one of them.</p>"
                "<p>You can choose whether to share your plan. Some people give a copy to a family "
                "member, a friend or their supervisor, so that someone else can spot the early "
                "signs too. Others keep it entirely to themselves. Either is fine.</p>"
            ),
        ),
        (
            "reflection",
            {
                "prompt": (
                    "Think of one small thing that reliably helps you on a hard day, and one early "
                    "sign that tells you that you're running low. Where could you note them so you "
                    "will find them when you need them?"
                ),
                "guidance": (
                    "This reflection is private: you do not need to share any of it, in this "
                    "course or anywhere else."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "A written wellbeing plan helps you act when you are too tired to think "
                        "clearly."
                    ),
                    (
                        "Include what keeps you well, what knocks you off balance, your early "
                        "signs and who you can turn to."
                    ),
                    "Rest, and a life outside the work, are part of doing the work well.",
                    "Keep your own supports going, and step back if you need to.",
                ],
            },
        ),
    ],
}

LESSON_3 = {
    "title": "Supervision and support for supporters",
    "slug": "supervision-and-support-for-supporters",
    "estimated_minutes": 30,
    "content_note": (
        "This lesson includes an example of a supporter responding to a caller who talked about "
        "suicide, without any detail of methods. If this brings up something difficult for you, "
        "Tele-MANAS is free and open 24/7 on 14416 or 1-800-891-4416."
    ),
    "body": [
        ("heading", {"text": "What supervision is for", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Most peer-support programmes give each supporter a supervisor: an experienced "
                "peer worker or professional who meets with you regularly. Supervision is not "
                "about checking up on you or catching mistakes. It is a space to think about your "
                "work, get advice on difficult situations, look after your wellbeing, and keep "
                "learning.</p>"
                "<p>You might use supervision to:</p>"
                "<ul>"
                "<li>Talk through a situation you are unsure about, such as a boundary "
                "question.</li>"
                "<li>Get guidance when you are worried about someone's safety.</li>"
                "<li>Debrief after a difficult conversation, so that you do not carry it "
                "alone.</li>"
                "<li>Notice how the work is affecting you, especially when someone's story is "
                "close to your own.</li>"
                "<li>Plan what you want to learn and get better at.</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "Bring the hard things",
                "body": (
                    "<p>Supervision works best when you bring what you are unsure about, not only "
                    "what went well. A supervisor cannot help with what they do not know about. "
                    "Saying “I think I got this wrong” is a sign of a good supporter.</p>"
                ),
            },
        ),
        ("heading", {"text": "Getting the most from supervision", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Come with a few notes on what you want to discuss. Share your feelings as well "
                "as the facts, and be honest about boundaries that have slipped. Between sessions, "
                "know how to reach a supervisor or on-call lead quickly if something urgent "
                "happens. If supervision is not helping, or you do not feel safe with your "
                "supervisor, tell your programme lead. You deserve supervision that works for "
                "you.</p>"
            ),
        ),
        ("heading", {"text": "Peer support for peer supporters", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Peer supporters also gain a great deal from each other. Some programmes run "
                "regular reflective groups where supporters talk about what is hard in the work, "
                "without naming anyone they support. Others pair new supporters with experienced "
                "ones as buddies. These spaces follow the same ideas as the work itself: "
                "mutuality, listening and confidentiality, with the same limits.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "After a hard call",
                "situation": (
                    "<p>Imran volunteers on a student peer-support line run by a college in "
                    "Kolkata. Last night a caller told him she did not want to live any more. "
                    "Imran stayed with her on the line, asked her directly about suicide, and "
                    "followed the line's crisis procedure with his shift lead, who arranged "
                    "emergency help. This morning he heard that she is safe. Even so, he could not "
                    "sleep, and he keeps replaying the call and wondering whether he said the "
                    "wrong thing.</p>"
                ),
                "questions": [
                    "What would you want Imran to know right now?",
                    "What might a good debrief with his supervisor cover?",
                    "What else could help him over the next few days?",
                ],
                "debrief": (
                    "<p>Imran did what a peer supporter should do: he stayed, asked directly, and "
                    "followed the crisis procedure. Even when things go as well as they can, it is "
                    "normal to feel shaken, to replay the conversation and to doubt yourself. "
                    "These feelings show that he cares. They do not show that he failed.</p>"
                    "<p>A good debrief would give him room to tell the story and say how he feels. "
                    "It would look at what went well and what, if anything, he might do "
                    "differently, without blame, and make sure the call is properly recorded. His "
                    "supervisor might also ask how he is sleeping, whether the call echoes "
                    "anything in his own life, and whether a short break from shifts would "
                    "help.</p>"
                    "<p>Over the next few days Imran could turn to his wellbeing plan, spend time "
                    "with people he trusts, and join the programme's reflective group. If the "
                    "distress does not ease, talking to a counsellor is a sensible next step. "
                    "People who support others through a crisis deserve support themselves.</p>"
                ),
            },
        ),
        (
            "crisis_resources",
            {
                "heading": "Help for you, too",
                "intro": (
                    "If a conversation has left you distressed, talk to your supervisor, and "
                    "remember that these free services are there for you as well."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Supervision is a space to think, learn and look after yourself, not a test.",
                    "Bring the hard things, including mistakes and slipped boundaries.",
                    "Always debrief after a crisis or a distressing contact.",
                    "Reflective groups and buddies let supporters support each other.",
                ],
            },
        ),
    ],
}

MODULE = {
    "title": "Burnout and sustaining yourself",
    "slug": "burnout-and-sustaining-yourself",
    "introduction": (
        "<p>Supporting people through hard times is meaningful work, and it takes something out of "
        "you. Peer supporters can be especially affected, because other people's stories may echo "
        "their own. Looking after yourself is not selfish or optional: it is part of doing the "
        "work safely, and part of being able to keep doing it.</p>"
        "<p>This module looks at the signs of burnout, compassion fatigue and vicarious distress; "
        "at your own wellbeing and recovery plan; and at how supervision and support from other "
        "peer supporters can carry you through. Some of it may feel close to home, so go at your "
        "own pace.</p>"
    ),
    "estimated_minutes": 90,
    "lessons": [LESSON_1, LESSON_2, LESSON_3],
}
