"""Module 1 of the demo course: what peer support is, and is not.

Pure data (see the package docstring for the shape). Original writing."""

LESSON_1 = {
    "title": "Lived experience as a foundation",
    "slug": "lived-experience-as-a-foundation",
    "estimated_minutes": 25,
    "content_note": "",
    "body": [
        ("heading", {"text": "What we mean by peer support", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>A peer is someone on a similar footing to you. In mental health, a peer "
                "supporter is a person who has lived through mental-health challenges of their "
                "own, has found some ways through, and has trained to use that experience to "
                "support others. The support can be emotional (being heard and understood), social "
                "(feeling less alone and belonging somewhere) and practical (finding a service, "
                "getting through a hard week, or working out the next small step).</p>"
                "<p>What makes peer support different is where it comes from. A doctor or "
                "counsellor brings training in assessment and treatment. A peer supporter brings "
                "something else: knowing from the inside what it can feel like to struggle, to be "
                "misunderstood, to wait months for an appointment, or to have a bad day after a "
                "good month. That knowledge is not a qualification in the usual sense, but many "
                "people find it is exactly what they needed.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "Non-clinical by design",
                "body": (
                    "<p>Peer support is non-clinical. You do not diagnose, treat, prescribe or "
                    "give therapy. It works alongside professional help and never replaces it. "
                    "This is not a weakness of the role. It is what lets a peer relationship feel "
                    "equal and human.</p>"
                ),
            },
        ),
        ("heading", {"text": "What people say it gives them", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>People who use peer support often describe the same few things:</p>"
                "<ul>"
                "<li><strong>Validation.</strong> Someone believes them and takes their experience "
                "seriously.</li>"
                "<li><strong>Less isolation.</strong> They are not the only one, and they have "
                "somewhere to belong.</li>"
                "<li><strong>Hope.</strong> Meeting someone further along the road shows that life "
                "can get better, even if everyone's road is different.</li>"
                "<li><strong>Choice.</strong> They set their own goals, at their own pace, instead "
                "of being told what to do.</li>"
                "<li><strong>Practical ideas.</strong> Ways of coping that real people have tried, "
                "offered as options rather than instructions.</li></ul>"
            ),
        ),
        ("heading", {"text": "Mutuality: learning in both directions", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>In a good peer relationship, both people learn. You are not the expert on the "
                "other person's life; they are. You bring your experience and your listening, they "
                "bring theirs, and together you work out what might help. This is called "
                "<em>mutuality</em>. It does not mean that both people share the same amount, or "
                "that you lean on the person for support. It means that neither of you is above "
                "the other.</p>"
                "<p>Intentional Peer Support (IPS), an approach used by many programmes, puts this "
                "idea at its centre. In our own words, it asks peer supporters to pay attention to "
                "four things:</p>"
                "<ul>"
                "<li><strong>Connection:</strong> building a relationship in which the person "
                "feels truly met, not managed.</li>"
                "<li><strong>Worldview:</strong> being curious about how the person makes sense of "
                "their own experience, and noticing how your own story shapes what you hear.</li>"
                "<li><strong>Mutuality:</strong> sharing power in the relationship, so that both "
                "people can grow.</li>"
                "<li><strong>Moving towards:</strong> focusing on what the person wants to move "
                "towards in their life, not only on what they want to get away from.</li></ul>"
                "<p>IPS also invites a change in the question we ask. Instead of “What's wrong "
                "with you?”, it asks “What happened to you?” The first question looks for a fault "
                "to fix. The second makes room for a person's history, their circumstances and "
                "their strengths.</p>"
            ),
        ),
        (
            "reflection",
            {
                "prompt": (
                    "Think of a time someone really listened to you, in any part of your life. "
                    "What did they do, or not do, that made the difference?"
                ),
                "guidance": (
                    "This reflection is private: keep your notes to yourself and share only what "
                    "you choose."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Peer support grows from lived experience, joined with training.",
                    "It offers validation, connection, hope and choice.",
                    (
                        "It is non-clinical and works alongside professional help, never instead "
                        "of it."
                    ),
                    "Mutuality means neither person is the expert on the other's life.",
                ],
            },
        ),
        (
            "further_reading",
            {
                "items": [
                    {
                        "title": "Mental health (World Health Organization)",
                        "url": "https://www.who.int/health-topics/mental-health",
                        "description": (
                            "The WHO's overview of mental health, with links to fact sheets and "
                            "reports."
                        ),
                    },
                ],
            },
        ),
    ],
}

LESSON_2 = {
    "title": "Not therapy, not friendship",
    "slug": "not-therapy-not-friendship",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "The forms peer support takes", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Peer support happens in many places. You may work in one of these, or in "
                "several:</p>"
                "<ul>"
                "<li><strong>Support groups</strong>, in person or online, where people with "
                "shared experiences meet regularly.</li>"
                "<li><strong>One-to-one support</strong>, where a trained peer meets or talks with "
                "one person over a number of weeks.</li>"
                "<li><strong>Online communities and forums</strong>, where people write to each "
                "other, often without giving their real names.</li>"
                "<li><strong>Community programmes</strong>, such as volunteers in a neighbourhood "
                "or village who are known and trusted locally.</li>"
                "<li><strong>Workplace and college programmes</strong>, where colleagues or "
                "students are trained to support each other.</li>"
                "<li><strong>Mentoring, buddy schemes and peer-led workshops</strong>, where the "
                "focus is on learning skills together.</li></ul>"
                "<p>Each form has its own rules about contact, records and what to do when someone "
                "is at risk. Your programme's guidance always comes first. This course gives you "
                "the shared foundations underneath all of them.</p>"
            ),
        ),
        ("heading", {"text": "How peer support differs from therapy", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>A therapist or counsellor is a trained professional who assesses, plans and "
                "delivers treatment, within professional rules. A peer supporter does not assess "
                "or treat. You are not there to analyse the person or to find the cause of their "
                "difficulties. You listen, share what is useful from your own experience, help the "
                "person think about what they want, and connect them to other help when they want "
                "it or need it.</p>"
                "<p>This matters most when someone asks you for something only a professional can "
                "give: a diagnosis, advice about medicine, or treatment for trauma. The kind and "
                "honest answer is that this is outside your role, followed by help to find someone "
                "who can.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "limits",
                "title": "When a request is outside your role",
                "body": (
                    "<p>If someone asks whether they should stop or change their medicine, do not "
                    "advise either way. You can say you understand why they are asking, and "
                    "encourage them to talk it through with the doctor who prescribed it. You can "
                    "offer to help them prepare what they want to say.</p>"
                ),
            },
        ),
        ("heading", {"text": "How peer support differs from friendship", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Peer support can feel warm and close, and that is good. But it is not a "
                "friendship. A friendship goes fully both ways: you each lean on the other, meet "
                "whenever you both like, and there is no plan or purpose behind it. In peer "
                "support, the focus stays on the person you are supporting. There are agreed times "
                "and ways to be in contact, you work within a programme, and you have a supervisor "
                "to talk to. These limits keep the relationship safe and fair for both of you. "
                "Module 2 looks at them closely.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "“Just tell me what's wrong with me”",
                "situation": (
                    "<p>You co-facilitate a weekly peer-support group for students at a college in "
                    "Pune. After the session, Kabir, a second-year engineering student, waits "
                    "until the others have left. He says he has not been sleeping, he cannot "
                    "concentrate, and he has read online that he might have ADHD or depression. "
                    "“You've been through this,” he says. “Just tell me which one it is. I can't "
                    "afford a psychiatrist.”</p>"
                ),
                "questions": [
                    "What might Kabir need from you right now?",
                    (
                        "How could you explain what you can and cannot offer, in words that feel "
                        "warm rather than cold?"
                    ),
                    "What other sources of help could you mention?",
                ],
                "debrief": (
                    "<p>There is no single right answer, but a few things tend to help. Kabir has "
                    "taken a real step by speaking up, and it is worth telling him so. Listening "
                    "to how this has been for him is something you can offer fully.</p>"
                    "<p>You cannot tell him which condition he has, and guessing would not be fair "
                    "to him. You might say: “I can't tell you what it is, and I'd hate to get it "
                    "wrong for you. What I can do is listen, and help you find someone who can "
                    "look at this properly.” Some supporters would add a short piece of their own "
                    "experience here, such as how hard it felt to ask for help the first time. "
                    "Others would keep the focus entirely on Kabir. Both can work.</p>"
                    "<p>Cost is a real barrier, so practical information helps. Many colleges have "
                    "a free counselling service, and government hospitals offer mental-health care "
                    "at low or no cost. Tele-MANAS (14416) is free too: a counsellor can talk "
                    "things through with him in his own language and suggest where to go next. You "
                    "might offer to look up the college service together. Whatever you suggest, "
                    "ask Kabir what he would like to do next, rather than deciding for him.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "Peer support takes many forms: groups, one-to-one, online, community, "
                        "workplace and college."
                    ),
                    "Unlike a therapist, you do not assess, diagnose or treat.",
                    (
                        "Unlike a friend, you keep the focus on the other person, within agreed "
                        "limits."
                    ),
                    (
                        "When something is outside your role, say so kindly and help the person "
                        "find the right help."
                    ),
                ],
            },
        ),
    ],
}

LESSON_3 = {
    "title": "Stigma, and how openness reduces it",
    "slug": "stigma-and-how-openness-reduces-it",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "What stigma is", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Stigma is the set of negative beliefs, words and actions aimed at people "
                "because of a mental-health condition. It shows up as jokes and labels, as "
                "families hiding a relative's illness, as people being passed over for jobs or "
                "marriage, or as someone deciding not to seek help because of what others might "
                "say. It can also turn inward, when a person starts to believe the harmful things "
                "said about them. This is sometimes called self-stigma.</p>"
                "<p>Stigma does real damage. It keeps people silent, delays help, and makes "
                "struggles feel shameful when they are a part of human life. It exists in every "
                "country, though it looks different in different places and communities.</p>"
            ),
        ),
        ("heading", {"text": "How peer support pushes back", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Peer support weakens stigma in a quiet but powerful way. When a person meets "
                "someone who has lived with similar difficulties and is now working, studying, "
                "raising a family or supporting others, the idea that a mental-health condition "
                "defines a whole life starts to crack. Talking openly, in a safe setting, shows "
                "that these experiences can be spoken about without shame.</p>"
                "<p>You do not have to tell your whole story to do this. Sometimes it is enough "
                "that the person knows you have been through something similar. How much to share, "
                "and when, is the subject of Module 3.</p>"
            ),
        ),
        ("heading", {"text": "Language matters", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Words can carry stigma even when we do not mean them to. Peer supporters try "
                "to use language that puts the person first and avoids labels:</p>"
                "<ul>"
                "<li>Say “a person living with depression” rather than “a depressive”.</li>"
                "<li>Say “a person who has stayed in a psychiatric hospital” rather than “a mental "
                "patient”.</li>"
                "<li>Avoid words such as “crazy”, “psycho” or “mad”, even as jokes.</li>"
                "<li>Say “died by suicide” rather than “committed suicide”, which sounds like a "
                "crime.</li>"
                "<li>Where you can, use the words the person uses for their own "
                "experience.</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "People are more than a diagnosis",
                "body": (
                    "<p>A diagnosis can be useful, and some people find it a relief. But it is one "
                    "part of a person, not the whole. Let people tell you who they are.</p>"
                ),
            },
        ),
        (
            "scenario",
            {
                "title": "Talk in the village",
                "situation": (
                    "<p>Lakshmi is a community health volunteer in a village in Tamil Nadu who has "
                    "also trained as a peer supporter. A young mother, Selvi, has been withdrawn "
                    "and tearful since her baby was born. Selvi's mother-in-law tells Lakshmi that "
                    "neighbours are saying Selvi is “not right in the head”, and that the family "
                    "is worried about what people will think. Selvi has agreed to talk with "
                    "Lakshmi, but she is afraid that the whole village will find out.</p>"
                ),
                "questions": [
                    "How might stigma be affecting Selvi and her family?",
                    "What could Lakshmi say to the mother-in-law that respects Selvi's privacy?",
                    "How might Lakshmi help Selvi feel less alone?",
                ],
                "debrief": (
                    "<p>Stigma is working in at least two directions here. The family fears "
                    "gossip, and Selvi may be starting to believe that something is shamefully "
                    "wrong with her. Lakshmi can respond to both without sharing anything Selvi "
                    "tells her.</p>"
                    "<p>With the mother-in-law, Lakshmi might acknowledge the worry and say that "
                    "many new mothers go through a hard time, that it is nothing to be ashamed of, "
                    "and that it often gets better with support. She does not need to confirm or "
                    "deny anything about Selvi.</p>"
                    "<p>With Selvi, Lakshmi can start by listening, somewhere private. If it feels "
                    "right, she might say that she too once went through a very low time and found "
                    "her way through, without going into detail. She can gently mention that the "
                    "doctor at the primary health centre can help, and offer to go with her. She "
                    "should also explain, early and calmly, that what Selvi shares stays private "
                    "unless there is a risk of serious harm. Being honest about that limit is part "
                    "of being trustworthy.</p>"
                ),
            },
        ),
        (
            "reflection",
            {
                "prompt": (
                    "What words about mental health did you hear growing up, at home, at school or "
                    "in films? Which of them would you like to stop using, or help others stop "
                    "using?"
                ),
                "guidance": (
                    "This is a private reflection: write only what you are comfortable with, and "
                    "share it only if you want to."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Stigma silences people and delays help, and it can turn inward.",
                    (
                        "Meeting a peer who is living well challenges the idea that a condition "
                        "defines a life."
                    ),
                    "Person-first, respectful language is a simple, daily way to reduce stigma.",
                    (
                        "Protecting privacy is part of fighting stigma, especially in close "
                        "communities."
                    ),
                ],
            },
        ),
    ],
}

MODULE = {
    "title": "What peer support is, and is not",
    "slug": "what-peer-support-is-and-is-not",
    "introduction": (
        "<p>Peer support is one person with lived experience of mental-health challenges walking "
        "alongside another who is facing something similar. It is not treatment, and it is not the "
        "same as friendship. It is its own kind of relationship, with its own strengths and its "
        "own limits.</p>"
        "<p>In this module you will look at what lived experience brings, the forms peer support "
        "takes, how it differs from therapy and from friendship, and how speaking openly can "
        "weaken stigma. Nothing here asks you to share your own story: reflections are private, "
        "and you choose what, if anything, to share.</p>"
    ),
    "estimated_minutes": 85,
    "lessons": [LESSON_1, LESSON_2, LESSON_3],
}
