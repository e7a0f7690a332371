"""Module 3 of the demo course: sharing lived experience with purpose.

Pure data (see the package docstring for the shape). Original writing."""

LESSON_1 = {
    "title": "When a story helps, and when it harms",
    "slug": "when-a-story-helps-and-when-it-harms",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "Why sharing can help", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>When a peer supporter says “I've been there too”, something often shifts. The "
                "person may feel less strange, less alone and less ashamed. Hearing that someone "
                "else struggled and found a way forward can bring hope. A short piece of your "
                "story can also show that hard things are safe to talk about here.</p>"
                "<p>Sharing can be practical, too. You might mention something that helped you "
                "cope, or how you found the courage to go to a first appointment, not as advice "
                "but as one example among many.</p>"
            ),
        ),
        ("heading", {"text": "When sharing can harm", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>The same story can go wrong. Some common ways:</p>"
                "<ul>"
                "<li><strong>It takes the spotlight.</strong> The person came to be heard, and "
                "ends up listening to you.</li>"
                "<li><strong>It adds weight.</strong> Painful details of your story can upset "
                "someone who is already struggling, or leave them worrying about you.</li>"
                "<li><strong>It compares.</strong> “Mine was worse” or “Mine was exactly the same” "
                "can make the person feel their experience is being judged or flattened.</li>"
                "<li><strong>It prescribes.</strong> “This is what worked for me, so you should do "
                "it” can feel like pressure.</li>"
                "<li><strong>It comes too soon.</strong> Before trust is built, sharing can feel "
                "as if you are making it about yourself.</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "Ask: whose need does this serve?",
                "body": (
                    "<p>Before you share, pause and ask yourself: “Why do I want to say this now? "
                    "Is it for them, or for me?” If you want to share because you feel awkward, "
                    "want to be liked, want to prove that you understand, or need to talk about "
                    "your own pain, it is probably not the moment. Those needs are real, and the "
                    "place to meet them is with your supervisor or your own supports.</p>"
                ),
            },
        ),
        ("heading", {"text": "A quick check before you share", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Many peer supporters run through a few quick questions:</p>"
                "<ol>"
                "<li>Is this for the person's benefit?</li>"
                "<li>Is this the right time? Have I listened enough first?</li>"
                "<li>Can I keep it short and leave out painful details?</li>"
                "<li>Will I hand the conversation back to them afterwards?</li></ol>"
                "<p>If you cannot answer yes to all of these, keep listening instead. You can "
                "always share later, but you cannot take back what you have said.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "The same exam, the same fear",
                "situation": (
                    "<p>Riya, a first-year nursing student in Guwahati, meets you through her "
                    "college's peer-mentoring scheme. She has failed an exam and is panicking "
                    "about the resit: she is barely eating and cries most evenings. Years ago you "
                    "failed the same exam and went through a very dark time afterwards, including "
                    "a stay in hospital. As she talks, you feel a strong urge to tell her the "
                    "whole story.</p>"
                ),
                "questions": [
                    "Whose need would telling the whole story serve right now?",
                    (
                        "If you decided to share something, what might you say, and what would you "
                        "leave out?"
                    ),
                    "How would you hand the conversation back to Riya?",
                ],
                "debrief": (
                    "<p>A strong urge to share is worth noticing. Part of it may be a real wish to "
                    "help, and part may be your own memories stirring. That does not make you a "
                    "poor supporter. It is a signal to slow down.</p>"
                    "<p>One option is not to share yet, and to keep listening and asking what the "
                    "resit means to her. Another is to share a small, hopeful piece: “I failed an "
                    "exam in my first year too. It felt like the end of the world at the time. It "
                    "wasn't, though it took me a while to see that.” That shows you understand, "
                    "without the heavy parts of your story. Then hand it back: “What's been the "
                    "hardest part for you?”</p>"
                    "<p>Telling the full story, including the hospital stay, would probably shift "
                    "the focus to you and could frighten her. Because Riya is not eating well and "
                    "is distressed most evenings, you might also talk with her about the college "
                    "counselling service, and check gently how she is coping. If your own memories "
                    "stay with you after the session, take them to supervision.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "Sharing can bring hope and ease shame when it is short and for the "
                        "person's benefit."
                    ),
                    "It harms when it takes the spotlight, adds weight, compares or prescribes.",
                    "Before you share, ask: whose need does this serve?",
                    "After sharing, hand the conversation back.",
                ],
            },
        ),
    ],
}

LESSON_2 = {
    "title": "How much to share, and respecting other paths",
    "slug": "how-much-to-share-and-respecting-other-paths",
    "estimated_minutes": 30,
    "content_note": (
        "This lesson briefly mentions self-harm and suicide attempts, without any detail. If this "
        "brings up something difficult for you, Tele-MANAS is free and open 24/7 on 14416 or "
        "1-800-891-4416."
    ),
    "body": [
        ("heading", {"text": "Less is usually more", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Useful sharing is usually brief. A sentence or two is often enough to show "
                "that you understand from the inside. The person does not need the full timeline, "
                "the names of your medicines or your worst moments. Focus on the <em>shape</em> of "
                "the experience, such as feeling stuck, finding one thing that helped, or learning "
                "to ask for help, rather than the details.</p>"
                "<p>Talk about the past in a way that shows you can hold it steadily. If a memory "
                "is still raw for you, it is usually better not to use it in your work for "
                "now.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "limits",
                "title": "Leave out harmful details",
                "body": (
                    "<p>Never describe the details of self-harm or a suicide attempt, including "
                    "your own. Details can be distressing, and for someone who is struggling they "
                    "can increase risk. You can say that you went through a very hard time and "
                    "found help, without saying more.</p>"
                ),
            },
        ),
        ("heading", {"text": "Your path is one path", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Every person's recovery is their own. What helped you may not help them, and "
                "what you chose not to do may be exactly right for them. Medicine, therapy, faith, "
                "family, exercise, creative work, a change of job, leaving a relationship: people "
                "find very different things useful. A peer supporter's job is not to lead someone "
                "down their own road, but to help them find theirs.</p>"
                "<p>Notice the difference between these two ways of sharing:</p>"
                "<ul>"
                "<li>“I stopped my medicine and got better. You should try it.” This presents your "
                "path as the answer, and strays into medical advice you are not in a position to "
                "give.</li>"
                "<li>“Something that helped me was walking every morning. I don't know if anything "
                "like that would suit you. What has helped you, even a little?” This offers an "
                "example and hands the choice back.</li></ul>"
            ),
        ),
        ("heading", {"text": "Worldview, and “what happened to you”", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>In the IPS approach from Module 1, paying attention to worldview means being "
                "curious about how the person understands their own experience. One person may "
                "describe what they are going through in medical terms; another in terms of "
                "family, faith, stress, injustice or trauma. You do not need to agree or disagree. "
                "Your sharing should make room for their way of seeing things, not replace it with "
                "yours.</p>"
                "<p>Asking “What happened to you?” rather than “What's wrong with you?” fits here "
                "too. It keeps the focus on the person's story, told in their own words, and it "
                "quietly reminds you that your story is a different one.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "“What do you think I should do?”",
                "situation": (
                    "<p>On a moderated online peer forum, Hannah, a member in Leeds, writes that "
                    "her family keeps telling her to pray more and to stop taking her "
                    "antidepressants. Another volunteer, Vikram, has replied publicly: “I stopped "
                    "mine and prayer changed my life. Trust the process!” Hannah has now posted "
                    "again, asking you directly what you think she should do.</p>"
                ),
                "questions": [
                    "What is helpful, and what is unhelpful, in Vikram's reply?",
                    (
                        "How could you reply to Hannah in a way that respects both her faith and "
                        "her own choices about treatment?"
                    ),
                    "Is there anything you would do beyond replying?",
                ],
                "debrief": (
                    "<p>Vikram's reply comes from a real and important experience, and his faith "
                    "clearly matters to him. The trouble is that it presents his path as the right "
                    "one and, in effect, gives advice about medicine. Hannah may now feel pressure "
                    "from two directions.</p>"
                    "<p>A helpful reply can respect both faith and medicine, and hand the choice "
                    "back to Hannah. For example: “It sounds like you're getting a lot of strong "
                    "opinions. People find very different things helpful, and for many people "
                    "faith and treatment sit side by side. Decisions about stopping medicine are "
                    "best made with your doctor, who can help you do it safely if that's what you "
                    "decide. What feels most important to you in all this?”</p>"
                    "<p>Beyond replying, you could flag Vikram's post to the lead moderator, "
                    "following the forum's rules, rather than criticising him in public. A private "
                    "conversation about sharing with purpose could help him. It is a chance for "
                    "him to learn, not a punishment.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Share briefly: the shape of an experience, not the details.",
                    "Never share details of self-harm or a suicide attempt.",
                    "Your path is one path: offer examples, never prescriptions.",
                    "Make room for the person's own worldview and words.",
                ],
            },
        ),
    ],
}

LESSON_3 = {
    "title": "Protecting your own privacy",
    "slug": "protecting-your-own-privacy",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "Your story belongs to you", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Being a peer supporter does not mean giving up your privacy. Your story is "
                "yours. You decide which parts of it to use in your work, and you can change your "
                "mind. Some supporters are very open. Others say only that they have lived "
                "experience, without saying what it was. Both are valid.</p>"
                "<p>It helps to decide some of this in advance, when you are calm, rather than in "
                "the middle of a conversation. Some supporters find it useful to think in three "
                "layers:</p>"
                "<ul>"
                "<li><strong>Open:</strong> things you are comfortable sharing with anyone you "
                "support.</li>"
                "<li><strong>Sometimes:</strong> things you might share with care, with some "
                "people, when it is clearly useful to them.</li>"
                "<li><strong>Private:</strong> things you keep for yourself, your own supporters "
                "and perhaps your supervisor.</li></ul>"
            ),
        ),
        (
            "reflection",
            {
                "prompt": (
                    "Without writing down anything you would not want someone else to read, think "
                    "about which parts of your experience might belong in each layer for you "
                    "today."
                ),
                "guidance": (
                    "This is private and for you alone; you never need to show it to anyone, and "
                    "your answer can change over time."
                ),
            },
        ),
        ("heading", {"text": "Once said, hard to unsay", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>In a group, an online forum or a workplace, what you share can travel further "
                "than you expect. Something said in a college group might reach your classmates. "
                "Something written on a forum can be copied, and it may stay online for years. "
                "Before you share, think about who else might hear or read it, and whether you are "
                "comfortable with that.</p>"
                "<p>Other people in your story have privacy too. Family members, partners or "
                "friends may be part of your experience. Leave out details that would identify "
                "them, or that they would not want shared.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "boundary_tip",
                "title": "Keep your personal life separate",
                "body": (
                    "<p>Use the programme's channels, not your personal phone number or social "
                    "media, and think about what your public profiles show. A person you support "
                    "may look you up. This is not about hiding. It is about choosing.</p>"
                ),
            },
        ),
        ("heading", {"text": "You never have to disclose", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Reflections in this course are private, and you will never be asked to "
                "disclose your own history to pass it. The same applies in your role: if anyone "
                "pressures you to share more than you want, at work, in a programme or in "
                "training, you can say no and raise it with your supervisor or programme lead. In "
                "India, the Digital Personal Data Protection Act 2023 also sets out rights over "
                "your personal data, such as giving or withdrawing consent and asking for your "
                "data to be corrected or erased.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "Asked to speak at work",
                "situation": (
                    "<p>Farhan volunteers in his company's peer-support network in Chennai. The HR "
                    "team asks him to speak about his own experience of depression at an all-staff "
                    "event for World Mental Health Day, and to let them post the video on the "
                    "company's public social media. He is proud of his recovery, but he has never "
                    "told his manager or most of his team.</p>"
                ),
                "questions": [
                    "What might Farhan want to think about before he agrees?",
                    "What options does he have between saying yes to everything and saying no?",
                ],
                "debrief": (
                    "<p>This is Farhan's decision, and either answer is valid. Speaking could "
                    "reduce stigma at work and encourage colleagues to seek help. It could also "
                    "change how some people see him, and a public video is very hard to take "
                    "back.</p>"
                    "<p>There are many middle paths. He could speak at the event but ask that it "
                    "is not recorded, or that any video stays inside the company. He could talk "
                    "about peer support and his role in the network, mentioning that he has lived "
                    "experience without naming a diagnosis. He could write a short piece without "
                    "his name on it. He could ask for time to decide, and talk it over with "
                    "someone he trusts first.</p>"
                    "<p>Whatever he chooses, he can ask HR to confirm his choices in writing and "
                    "to let him see anything before it is published. A workplace that values peer "
                    "support should never pressure anyone to disclose more than they want to.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "Your story is yours: decide in advance what is open, what you share "
                        "sometimes and what stays private."
                    ),
                    "What you share can travel, so think about who else might hear or see it.",
                    "Protect the privacy of other people in your story.",
                    "You never have to disclose more than you choose, in training or at work.",
                ],
            },
        ),
    ],
}

MODULE = {
    "title": "Sharing lived experience with purpose",
    "slug": "sharing-lived-experience-with-purpose",
    "introduction": (
        "<p>Your lived experience is at the heart of peer support, but sharing it is a skill, not "
        "a reflex. A well-chosen sentence about your own journey can bring hope and ease shame. "
        "The same story told at the wrong time, or in the wrong way, can take attention away from "
        "the person, or suggest there is only one right way to recover.</p>"
        "<p>This module helps you decide when to share, how much, and for whose benefit, and how "
        "to protect your own privacy along the way. You never have to share anything you do not "
        "want to, in this course or in your role.</p>"
    ),
    "estimated_minutes": 90,
    "lessons": [LESSON_1, LESSON_2, LESSON_3],
}
