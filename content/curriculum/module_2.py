"""Module 2 of the demo course: boundaries.

Pure data (see the package docstring for the shape). Original writing."""

LESSON_1 = {
    "title": "Why boundaries protect both people",
    "slug": "why-boundaries-protect-both-people",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "What a boundary is", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>A boundary is a clear, agreed limit in a relationship. In peer support, "
                "boundaries cover things like when you are available, how people can reach you, "
                "what you will and will not do, and what happens to what you hear. Many are set by "
                "your programme. Others you agree with each person at the start.</p>"
                "<p>Boundaries can feel awkward at first, especially for people who come to this "
                "work because they care deeply. It can seem kinder to always answer, always say "
                "yes, always stay a little longer. In practice, the opposite is often true.</p>"
            ),
        ),
        ("heading", {"text": "Who boundaries protect", "level": "h2"}),
        (
            "paragraph",
            (
                "<p><strong>They protect the person you support.</strong> Clear limits mean they "
                "know what to expect and can rely on it. They encourage a wide circle of support, "
                "instead of dependence on one person. And they make sure that when someone needs "
                "more than a peer can give, the right help is brought in.</p>"
                "<p><strong>They protect you.</strong> Without limits, peer supporters can end up "
                "on call day and night, carrying other people's distress alone. That is a direct "
                "road to burnout, which Module 4 covers. Looking after your own wellbeing is part "
                "of the role, not a break from it.</p>"
                "<p><strong>They protect the relationship.</strong> A relationship that one person "
                "cannot keep up will often end suddenly, and a sudden ending can hurt far more "
                "than a clear limit would have.</p>"
            ),
        ),
        ("heading", {"text": "Time, availability and contact channels", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Agree early on how and when you will be in contact, and write it down if your "
                "programme asks you to. Useful questions to settle include:</p>"
                "<ul>"
                "<li>Which channel will you use: the programme's phone or app, a group chat, or "
                "in-person meetings? Many programmes ask supporters not to use their personal "
                "number or social media.</li>"
                "<li>What hours are you available, and how quickly will you usually reply?</li>"
                "<li>What should the person do if they need help when you are not available? "
                "Always give them a 24-hour option, such as Tele-MANAS on 14416.</li>"
                "<li>How long will the support last, and how will it end?</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "boundary_tip",
                "title": "Say the limit before it is tested",
                "body": (
                    "<p>It is much easier to agree a limit at the start (“I'm available on "
                    "weekdays between 10 and 6, and I usually reply within a day”) than to bring "
                    "one in after someone has got used to late-night replies.</p>"
                ),
            },
        ),
        (
            "scenario",
            {
                "title": "A message at 1 a.m.",
                "situation": (
                    "<p>For three weeks you have been supporting Arjun, a 24-year-old call-centre "
                    "worker in Hyderabad, through your programme. You agreed to talk on the "
                    "programme's WhatsApp number on weekday afternoons. At 1:10 a.m. on a Saturday "
                    "your phone lights up. Arjun has messaged your personal number, which he got "
                    "from a mutual friend: “Can't sleep again. Everything is too much. Are you "
                    "up?”</p>"
                ),
                "questions": [
                    "What are your options, right now and in the morning?",
                    (
                        "How might you respond to a possible sign of risk while still keeping the "
                        "boundary?"
                    ),
                    "What would you want to talk about with your supervisor?",
                ],
                "debrief": (
                    "<p>This situation has two parts: a possible sign of distress, and a boundary "
                    "that has been crossed. Safety comes first, so start there.</p>"
                    "<p>“Everything is too much” may mean a tired, bad night, or it may mean more. "
                    "If you have seen the message, many programmes would want you to send a short, "
                    "caring reply that checks on safety and points to 24-hour help, for example: "
                    "“I'm sorry tonight is so hard. I can't talk now, but Tele-MANAS is free and "
                    "open all night on 14416. If you are thinking of harming yourself or you are "
                    "in danger, please call 112. I'll message you from the programme number on "
                    "Monday.” If he replies that he is in danger, follow your programme's crisis "
                    "procedure, which Module 5 covers.</p>"
                    "<p>Some programmes would rather you did not reply from a personal number at "
                    "all, and have an out-of-hours procedure instead. Find out what yours says "
                    "before a night like this happens.</p>"
                    "<p>The boundary itself can wait for a calm moment on the agreed channel. You "
                    "might say you are glad he reached out, explain why you use the programme "
                    "number, and talk together about what helps on nights like this. Then tell "
                    "your supervisor, both about the contact and about how it left you "
                    "feeling.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Boundaries protect the person you support, you, and the relationship itself.",
                    (
                        "Agree channels, hours and reply times at the start, and always give a "
                        "24-hour option."
                    ),
                    "When a boundary is crossed and there may be risk, respond to safety first.",
                    "Talk through boundary questions with your supervisor.",
                ],
            },
        ),
    ],
}

LESSON_2 = {
    "title": "Gifts, money and dual relationships",
    "slug": "gifts-money-and-dual-relationships",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "Why gifts and money are tricky", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Giving gifts is a warm custom in many cultures. At Diwali, Eid, Christmas or "
                "Pongal, or at the end of a period of support, a person may want to say thank you "
                "with sweets, a card or something they made. Refusing can feel rude. At the same "
                "time, gifts and money can quietly change a relationship. A person may feel they "
                "owe you, or worry that your support depends on what they give. You may start to "
                "feel you owe them something in return.</p>"
                "<p>Most programmes have a written policy. Common approaches are to accept only "
                "small gifts, such as food to share or a card, to record any gift, and to decline "
                "anything of real value, cash or loans. Follow your programme's rule. If there is "
                "none, ask your supervisor.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "boundary_tip",
                "title": "Never lend or borrow money",
                "body": (
                    "<p>Do not lend money to, borrow money from, or do paid work for a person you "
                    "support, even when their need is real. Instead, help them find proper sources "
                    "of help, such as government schemes, NGOs or community funds, and talk to "
                    "your supervisor.</p>"
                ),
            },
        ),
        ("heading", {"text": "Dual relationships", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>A dual relationship is when you have a second kind of relationship with "
                "someone you support: they are also your relative, neighbour, classmate, "
                "colleague, landlord or customer. In small towns, villages, colleges and "
                "workplaces, some overlap is hard to avoid. The aim is not to pretend it is not "
                "there, but to notice it and manage it openly.</p>"
                "<p>Dual relationships matter because they can change what the person feels able "
                "to say, and what you can say or do in return. A colleague may hold back for fear "
                "of gossip at work. A neighbour may expect you to take sides in a family matter. A "
                "romantic or sexual relationship with a person you support is never acceptable, "
                "because of the trust and the imbalance of power involved.</p>"
                "<p>When an overlap exists, tell your supervisor and talk about it with the "
                "person. Often the best option is for another supporter to work with them. If that "
                "is not possible, agree together how you will handle meeting in other settings, "
                "for example that you will not mention the peer support unless they do.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "Two roles at work",
                "situation": (
                    "<p>Meera works in finance at a software company in Bengaluru and volunteers "
                    "in its workplace peer-support programme. She has met Thomas, a developer who "
                    "has been struggling since his father died, four times. This week Thomas moves "
                    "into a team whose expense claims Meera's team checks. At the end of their "
                    "session he hands her an expensive box of chocolates and says, “You've been a "
                    "lifesaver. Please, I insist.”</p>"
                ),
                "questions": [
                    "What overlaps and pressures do you notice here?",
                    "How might Meera respond to the gift without hurting Thomas?",
                    "What options are there for the peer support from now on?",
                ],
                "debrief": (
                    "<p>There are two separate issues, and it helps to untangle them. The gift is "
                    "a kind gesture and Thomas's thanks is real. Depending on the programme's "
                    "policy, Meera might accept it and suggest sharing it with the peer-support "
                    "volunteers, or she might thank him warmly and explain that volunteers do not "
                    "accept gifts of value. Either way, she records it and mentions it to her "
                    "supervisor. Naming the policy helps, because it shows the refusal is not "
                    "personal.</p>"
                    "<p>The new work link is the bigger question. Meera now has some power over a "
                    "part of Thomas's working life. He may start to hold back in sessions, or "
                    "worry that what he says could affect how his claims are treated. Meera should "
                    "tell the programme lead about the overlap. Options include handing over to "
                    "another volunteer, with Thomas's agreement and a proper introduction, or "
                    "continuing with clear safeguards, such as a colleague checking his claims "
                    "instead of her. What matters most is that Thomas has a real say, and that any "
                    "change is explained so that it does not feel like rejection while he is "
                    "grieving.</p>"
                ),
            },
        ),
        (
            "reflection",
            {
                "prompt": (
                    "Are there communities, workplaces or groups you belong to where a dual "
                    "relationship could easily arise? How might you prepare for that?"
                ),
                "guidance": (
                    "This reflection is private: note whatever is useful to you and share only "
                    "what you choose."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "Gifts are often kind but can create a sense of debt: follow your "
                        "programme's policy and record them."
                    ),
                    "Never lend, borrow or exchange money with a person you support.",
                    (
                        "Dual relationships are common in close communities: notice them, tell "
                        "your supervisor and manage them openly."
                    ),
                    (
                        "A romantic or sexual relationship with a person you support is never "
                        "acceptable."
                    ),
                ],
            },
        ),
    ],
}

LESSON_3 = {
    "title": "Confidentiality and its limits",
    "slug": "confidentiality-and-its-limits",
    "estimated_minutes": 30,
    "content_note": (
        "This lesson mentions situations where someone may be at risk of serious harm, including "
        "abuse. If this brings up something difficult for you, Tele-MANAS is free and open 24/7 on "
        "14416 or 1-800-891-4416."
    ),
    "body": [
        ("heading", {"text": "Start with the limits", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>People often tell a peer supporter things they have told no one else. Keeping "
                "those things private is one of the strongest ways to earn trust. But "
                "confidentiality in peer support is not absolute, and the person needs to know "
                "that before they share, not after.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "Safety comes before secrecy",
                "body": (
                    "<p>If someone is at risk of serious harm to themselves or to others, or a "
                    "child or a vulnerable adult is being harmed, your duty to keep people safe "
                    "overrides confidentiality. You will follow your programme's safeguarding "
                    "procedure. That may mean telling your supervisor or contacting emergency "
                    "help, even if the person asks you not to.</p>"
                ),
            },
        ),
        ("heading", {"text": "How to explain confidentiality", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Explain it at your first meeting, in plain words, and come back to it whenever "
                "it is needed. For example:</p>"
                "<p><em>“What you tell me stays between us and my supervisor, who helps me do this "
                "work well. I won't share it with your family, your college or your employer. The "
                "one exception is if I'm worried that you or someone else is at risk of serious "
                "harm. Then I'd need to get help, and I'd try to talk to you about it "
                "first.”</em></p>"
                "<p>Check your programme's own wording. Some programmes also keep short written "
                "notes or share information within a team. Whatever your rules, the person should "
                "know who may see what they say.</p>"
            ),
        ),
        ("heading", {"text": "Everyday confidentiality", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Most confidentiality comes down to ordinary habits:</p>"
                "<ul>"
                "<li>Do not talk about the people you support with friends or family, even without "
                "names. In a small community, a few details are enough to identify someone.</li>"
                "<li>Do not post about them on social media, even kindly.</li>"
                "<li>Keep any notes where only the right people can see them, in the programme's "
                "systems, not in your personal phone or chat history.</li>"
                "<li>In a group, agree that what is shared in the group stays there, while being "
                "honest that you cannot guarantee what every member will do.</li>"
                "<li>If you meet someone you support in public, let them choose whether to greet "
                "you.</li></ul>"
            ),
        ),
        ("heading", {"text": "When you have to break confidentiality", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>If you believe someone is at risk of serious harm, do not promise to keep it "
                "secret. Where it is safe, tell the person what you are going to do and why, and "
                "involve them as much as you can. Share only what is needed, with the people who "
                "need to know, and record what you did. Module 5 covers this step by step.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "“Promise you won't tell anyone”",
                "situation": (
                    "<p>Gurpreet is a member of a peer-support group you run at a community centre "
                    "in Ludhiana. After the session she waits for the others to leave and says, "
                    "“Can I tell you something? But you have to promise not to tell anyone.”</p>"
                ),
                "questions": [
                    "What would you say before Gurpreet shares?",
                    (
                        "How could you be honest about the limits without closing the conversation "
                        "down?"
                    ),
                ],
                "debrief": (
                    "<p>It is tempting to promise, because you want her to feel safe. But a "
                    "promise you might have to break does more damage later. A better option is to "
                    "be honest now, and warm: “I really want to hear it. I keep what people tell "
                    "me private, with one exception: if I thought you or someone else might be "
                    "seriously harmed, I'd need to get help. If that happened, I'd talk to you "
                    "first about what to do.”</p>"
                    "<p>Most people go on to share. Some pause, and that is their choice to make. "
                    "If Gurpreet decides not to share now, let her know the door stays open, and "
                    "make sure she knows about 24-hour help such as Tele-MANAS. Either way, you "
                    "can mention the conversation to your supervisor without needing to repeat "
                    "anything she has not told you.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Explain confidentiality and its limits at the start, before people share.",
                    "When someone is at risk of serious harm, safety overrides confidentiality.",
                    "Never promise to keep a secret you might have to break.",
                    "Everyday habits, from notes to social media, protect people's privacy.",
                ],
            },
        ),
    ],
}

LESSON_4 = {
    "title": "Saying no kindly, and when a boundary slips",
    "slug": "saying-no-kindly-and-when-a-boundary-slips",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "Saying no without pushing someone away", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Sooner or later someone will ask for something you cannot give: more time, "
                "your personal number, a loan, a visit to their home, or help with something "
                "outside your role. Saying no can feel like letting them down. It helps to "
                "remember that a clear, kind no is a form of respect. It tells the person the "
                "truth about what you can offer, so they can look for what they need.</p>"
                "<p>A kind no often has three parts:</p>"
                "<ol>"
                "<li><strong>Acknowledge</strong> the request and the need behind it: “I can hear "
                "how much you want someone with you at the hearing.”</li>"
                "<li><strong>State the limit</strong> simply, without long apologies or excuses: "
                "“That isn't something I can do in this role.”</li>"
                "<li><strong>Offer what you can</strong>: “What I can do is help you think about "
                "who could go with you, and we can talk on Thursday about how it went.”</li></ol>"
            ),
        ),
        (
            "callout",
            {
                "kind": "boundary_tip",
                "title": "Keep it short and warm",
                "body": (
                    "<p>Long explanations can make a limit sound as if it is up for debate. One "
                    "honest sentence, said with warmth, is usually enough. You can calmly repeat "
                    "it if you need to.</p>"
                ),
            },
        ),
        ("heading", {"text": "When a boundary slips", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Boundaries slip for everyone, including experienced supporters. You might stay "
                "on a call an hour longer than planned, give out your personal number in a hard "
                "moment, or notice a friendship forming. What matters is noticing and responding, "
                "not pretending it did not happen.</p>"
                "<p>Some signs that a boundary may be slipping:</p>"
                "<ul>"
                "<li>You think about the person a lot outside your agreed times, or keep checking "
                "for their messages.</li>"
                "<li>You feel you are the only one who can help them.</li>"
                "<li>You are keeping something about the relationship from your supervisor.</li>"
                "<li>You feel resentful, drained or uneasy after contact.</li></ul>"
                "<p>When you notice a slip, talk to your supervisor first. Then plan together how "
                "to reset the boundary with the person. Own your part: “I said you could message "
                "me any time, and I've realised I can't keep that up. I'm sorry for the confusion. "
                "Here's what I can offer.” Then keep to the new limit consistently. If it was the "
                "other person who crossed a line, restate the limit calmly and without blame. If "
                "anyone's behaviour makes you feel unsafe, end the contact and tell your "
                "supervisor straight away.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "The forum regular",
                "situation": (
                    "<p>You are a trained volunteer moderator on an online peer forum for people "
                    "living with anxiety. Wei Jie, a member in Singapore, has started sending you "
                    "private messages every day, sometimes several an hour. They are friendly and "
                    "often funny, and you have begun replying from your phone in the evenings. "
                    "Today he writes: “You're the only one who gets me. Can we move to Instagram "
                    "so I can see your real life?”</p>"
                ),
                "questions": [
                    "Which boundaries have already started to slip, and how did it happen?",
                    "What would you say to Wei Jie, and what would you do next?",
                    "How could you support Wei Jie to build a wider circle of support?",
                ],
                "debrief": (
                    "<p>Several small steps led here: private messages instead of the forum, "
                    "replies outside your moderating hours, and a growing sense that you are his "
                    "main support. None of these was a terrible decision on its own, and noticing "
                    "the pattern now is a good thing.</p>"
                    "<p>Moving to your personal social media would blur the line further, so the "
                    "answer is no. You might reply: “I'm really glad the forum has helped, and "
                    "I've enjoyed our chats. I keep my personal accounts separate from my "
                    "volunteer role, so I won't be moving to Instagram. From now on I'll reply "
                    "only during my moderating hours.” You could then point him to group threads "
                    "where he can connect with other members, and to support where he lives.</p>"
                    "<p>Talk to your lead moderator or supervisor before you reply, or soon after. "
                    "They may suggest sharing the contact with other moderators, and they can help "
                    "you think about how this has affected you. If Wei Jie ever writes something "
                    "that suggests he is at risk, the forum's crisis procedure applies, whatever "
                    "the boundary.</p>"
                ),
            },
        ),
        (
            "reflection",
            {
                "prompt": (
                    "Which is harder for you: saying no, or holding a limit once you have set it? "
                    "What might help?"
                ),
                "guidance": (
                    "This reflection is private, so keep your answer to yourself unless you choose "
                    "to share it."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "A kind no acknowledges the need, states the limit briefly and offers what "
                        "you can."
                    ),
                    "Boundaries slip for everyone: learn to notice the signs early.",
                    (
                        "Reset a slipped boundary with your supervisor's help, owning your part "
                        "without blame."
                    ),
                    "If you feel unsafe, end the contact and tell your supervisor.",
                ],
            },
        ),
    ],
}

MODULE = {
    "title": "Boundaries",
    "slug": "boundaries",
    "introduction": (
        "<p>Boundaries are the agreed limits of a peer relationship: when and how you are in "
        "contact, what you will and will not do, and what happens to what people tell you. Good "
        "boundaries are not walls. They make the relationship safe, fair and lasting, for the "
        "person you support and for you.</p>"
        "<p>In this module you will practise setting and holding boundaries around time and "
        "contact, gifts and money, overlapping relationships, and confidentiality, including the "
        "times when confidentiality has to give way to safety. You will also practise saying no "
        "kindly, and what to do when a boundary slips.</p>"
    ),
    "estimated_minutes": 120,
    "lessons": [LESSON_1, LESSON_2, LESSON_3, LESSON_4],
}
