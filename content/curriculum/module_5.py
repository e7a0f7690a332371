"""Module 5 of the demo course: the limits of peer help (risk, referral, crisis escalation,
safeguarding, documenting and debriefing).

Pure data (see the package docstring for the shape). Original writing."""

LESSON_1 = {
    "title": "Recognising risk",
    "slug": "recognising-risk",
    "estimated_minutes": 35,
    "content_note": (
        "This lesson discusses suicide and harm to self and others. It contains no details of "
        "methods. If it brings up something difficult for you, Tele-MANAS is free and open 24/7 on "
        "14416 or 1-800-891-4416, and in an emergency in India you can call 112."
    ),
    "body": [
        ("heading", {"text": "Why this matters", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Most people you support will never be in immediate danger. But some will, at "
                "some point, and it is not always obvious. Peer supporters are sometimes the first "
                "person someone tells, because they feel understood and not judged. That trust is "
                "a chance to help someone reach safety.</p>"
                "<p>Your role is not to assess risk the way a clinician does, or to predict what "
                "someone will do. It is to notice, to ask, to take what you hear seriously, and to "
                "bring in help.</p>"
            ),
        ),
        ("heading", {"text": "Signs that someone may be at risk", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Warning signs can be spoken, written, or shown in how someone behaves. These "
                "call for a closer, caring check-in:</p>"
                "<ul>"
                "<li>Talking or writing about wanting to die, not wanting to be here, or being a "
                "burden to others.</li>"
                "<li>Talking about feeling hopeless or trapped, or that there is no way out.</li>"
                "<li>Saying goodbye in an unusual way, or giving away things that matter to "
                "them.</li>"
                "<li>Pulling away from people, or a sudden calm after a very low period.</li>"
                "<li>Talking about hurting themselves.</li>"
                "<li>Talking about wanting to hurt someone else, or about being hurt or threatened "
                "by someone.</li>"
                "<li>Being so distressed, confused, drunk or high that they may not be able to "
                "keep themselves safe.</li></ul>"
                "<p>No list is complete, and some people at risk show few signs. Trust your sense "
                "that something is wrong, and check it out.</p>"
            ),
        ),
        ("heading", {"text": "Ask directly, and calmly", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>If you are worried that someone may be thinking about suicide, ask them "
                "directly. You might say: “Sometimes when people feel as bad as you're describing, "
                "they think about suicide. Are you thinking about suicide?” Using the word plainly "
                "shows that you can hear the answer.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "Asking does not put the idea in someone's head",
                "body": (
                    "<p>Research and long experience in suicide prevention show that asking "
                    "someone directly about suicide does not make them more likely to act on it. "
                    "Many people feel relief that someone finally asked. Not asking is the bigger "
                    "risk.</p>"
                ),
            },
        ),
        (
            "paragraph",
            (
                "<p>If they say yes, stay calm, thank them for telling you, and listen. Do not "
                "argue, lecture or promise to keep it secret. Let them know help is available and "
                "that you will help them reach it. The next lesson covers what to do, step by "
                "step.</p>"
                "<p>If someone talks about harming another person, take it just as seriously. Stay "
                "calm, do not challenge or provoke them, keep yourself safe, and follow your "
                "programme's procedure. If anyone is in immediate danger, call 112.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "“I don't see the point any more”",
                "situation": (
                    "<p>You support Deepa, a 38-year-old woman in Nagpur, through your NGO's peer "
                    "programme, on the programme's WhatsApp number during agreed hours. It is 8:45 "
                    "p.m., just before your shift ends, when she writes: “Thank you for everything "
                    "these past weeks. I don't see the point any more. You've been kind but I'm "
                    "tired of being a burden on everyone.”</p>"
                ),
                "questions": [
                    "Which parts of Deepa's message concern you, and why?",
                    "What would you write back, and would you also offer to call?",
                    "What would you do about your shift ending?",
                ],
                "debrief": (
                    "<p>Several things in this message are warning signs: a thank-you that sounds "
                    "like a goodbye, not seeing the point, and feeling like a burden. Any one of "
                    "them is worth checking. Together they call for a direct, prompt response.</p>"
                    "<p>Many supporters would ask if they can call, because a voice conversation "
                    "makes it easier to stay with someone and hear how they are. Others would stay "
                    "in writing if that is what Deepa prefers. Either way, be warm and direct: "
                    "“Deepa, I'm really glad you messaged. I'm worried about what you said. Are "
                    "you thinking about suicide?” Then listen to her answer and respond to what "
                    "she tells you.</p>"
                    "<p>Your shift ending does not end your responsibility to act on a risk you "
                    "have noticed. Follow your programme's crisis procedure and tell your "
                    "supervisor or on-call lead straight away. Before you step away, make sure "
                    "Deepa is connected to help: Tele-MANAS on 14416, or 112 if she is in "
                    "immediate danger. A careful handover matters far more than finishing on "
                    "time.</p>"
                ),
            },
        ),
        (
            "crisis_resources",
            {
                "heading": "If someone is at risk",
                "intro": (
                    "Keep these numbers where you can find them quickly, share them with anyone "
                    "who may need them, and use them yourself whenever you need to."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "Notice spoken, written and behavioural warning signs, and trust your "
                        "sense that something is wrong."
                    ),
                    (
                        "Ask directly and calmly about suicide: asking does not put the idea in "
                        "someone's head."
                    ),
                    "Take talk of harming others just as seriously, and keep yourself safe.",
                    "Never promise secrecy about risk: act, and involve your supervisor.",
                ],
            },
        ),
    ],
}

LESSON_2 = {
    "title": "Staying with the person and getting emergency help",
    "slug": "staying-with-the-person-and-getting-emergency-help",
    "estimated_minutes": 35,
    "content_note": (
        "This lesson discusses suicide and harm to self and others. It contains no details of "
        "methods. If it brings up something difficult for you, Tele-MANAS is free and open 24/7 on "
        "14416 or 1-800-891-4416, and in an emergency in India you can call 112."
    ),
    "body": [
        ("heading", {"text": "Your steps in a crisis", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>When someone tells you they are thinking about suicide, or you believe someone "
                "is in danger, your job is not to fix the problem or talk them out of their "
                "feelings. It is to stay with them, listen, help them stay safe right now, and "
                "connect them with people who can help. Your programme's crisis procedure tells "
                "you exactly who to contact and how. Learn it before you need it.</p>"
                "<ol>"
                "<li><strong>Stay with them.</strong> Keep talking, in person, by phone or by "
                "message. If you have to step away, make sure someone else is with them "
                "first.</li>"
                "<li><strong>Listen without judging.</strong> Let them tell you what is going on. "
                "You do not need perfect words. “I'm here, and I want to help you get through "
                "tonight” goes a long way.</li>"
                "<li><strong>Ask directly</strong> about suicide, if you have not already, and "
                "whether they are safe right now.</li>"
                "<li><strong>Connect them to help.</strong> Encourage them to call Tele-MANAS on "
                "14416 or 1-800-891-4416, which is free and open 24 hours, and offer to stay with "
                "them while they call. If they are in immediate danger, call 112, or help them "
                "call.</li>"
                "<li><strong>Involve others</strong> as your procedure says: your supervisor or "
                "on-call lead and, where it is safe and the person agrees, someone they "
                "trust.</li>"
                "<li><strong>Follow up</strong> as agreed, and record what happened.</li></ol>"
            ),
        ),
        (
            "callout",
            {
                "kind": "limits",
                "title": "If a life is in immediate danger",
                "body": (
                    "<p>If someone has seriously harmed themselves, or you believe they are about "
                    "to, call 112 straight away, or your local emergency number outside India. You "
                    "do not need their permission when a life is at risk, and you should not try "
                    "to handle it alone. Keep yourself safe too: if you are in danger, move "
                    "somewhere safe and call for help.</p>"
                ),
            },
        ),
        ("heading", {"text": "Helping them reach help", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>People are often more willing to accept help when they feel part of the "
                "decision. Where there is time, ask what would make calling easier: you dialling "
                "with them, sitting with them, or helping them find the words. Some people would "
                "rather talk to someone they trust, such as a family member, a faith leader or a "
                "doctor they know. That can be part of the plan, but in a crisis it should not "
                "replace emergency help.</p>"
                "<p>Tele-MANAS lets callers choose their language, which can make a real "
                "difference to someone in distress. If you support people outside India, your "
                "programme will give you the right crisis lines for your area. Save them where you "
                "can find them quickly.</p>"
            ),
        ),
        ("heading", {"text": "What not to do", "level": "h2"}),
        (
            "paragraph",
            (
                "<ul>"
                "<li>Do not promise to keep it secret.</li>"
                "<li>Do not leave the person alone if you believe they are in immediate "
                "danger.</li>"
                "<li>Do not argue, shame them, or tell them to think of how others would "
                "feel.</li>"
                "<li>Do not try to act as their therapist, or to manage the crisis on your "
                "own.</li></ul>"
            ),
        ),
        (
            "scenario",
            {
                "title": "After the group in Pune",
                "situation": (
                    "<p>You co-facilitate a student peer-support group at a college in Pune. After "
                    "tonight's session, Aditya, a final-year student, stays behind. He tells you "
                    "quietly that he has been thinking about ending his life, and has felt this "
                    "way for weeks. He says he does not want his parents or the college to find "
                    "out. Your co-facilitator, Neha, is packing up nearby.</p>"
                ),
                "questions": [
                    "What would you say to Aditya first?",
                    "How would you involve Neha and your programme's procedure?",
                    (
                        "How would you respond to his wish that his parents and the college do not "
                        "find out?"
                    ),
                ],
                "debrief": (
                    "<p>Start by staying with Aditya and thanking him for telling you: it took "
                    "courage. Ask him directly whether he is thinking about ending his life "
                    "tonight, and whether he feels safe right now. Listen more than you talk.</p>"
                    "<p>You can quietly ask Neha to stay close, so that one of you is always with "
                    "him while the other contacts the on-call lead or supervisor, following the "
                    "programme's procedure. If he is in immediate danger, call 112.</p>"
                    "<p>His wish for privacy deserves respect, but it cannot override his safety. "
                    "Be honest: “I can't keep this just between us, because I care about you being "
                    "safe. I'll only share what's needed, with the people who need to know, and "
                    "I'll talk to you about each step.” Some students are more open to calling "
                    "Tele-MANAS, or to seeing the college counsellor, than to telling family, and "
                    "you can offer to sit with him while he calls. Decisions about involving his "
                    "parents are usually made by the counsellor or safeguarding lead together with "
                    "him, not by you alone.</p>"
                    "<p>Afterwards, write down what happened and debrief with your supervisor. You "
                    "and Neha may both need support too.</p>"
                ),
            },
        ),
        (
            "crisis_resources",
            {
                "heading": "Crisis lines",
                "intro": (
                    "Save these now, so you are not searching for them in the middle of a crisis."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "In a crisis your role is to stay, listen and connect, not to fix.",
                    (
                        "Tele-MANAS (14416 or 1-800-891-4416) is free and open 24/7; call 112 if a "
                        "life is in immediate danger."
                    ),
                    (
                        "Involve your supervisor or on-call lead as your procedure says, and never "
                        "act alone."
                    ),
                    "Respect the person's wishes where you can, but safety comes first.",
                ],
            },
        ),
    ],
}

LESSON_3 = {
    "title": "Referral to professionals and services",
    "slug": "referral-to-professionals-and-services",
    "estimated_minutes": 30,
    "content_note": "",
    "body": [
        ("heading", {"text": "When to suggest other help", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Not every need is an emergency, but many needs are bigger than peer support. "
                "Referral means helping a person connect with a professional or service that can "
                "offer what you cannot. It is a normal, positive part of peer support, not a sign "
                "that you have failed or that you are passing someone on.</p>"
                "<p>Some situations where a referral usually makes sense:</p>"
                "<ul>"
                "<li>The person wants, or may need, an assessment, diagnosis or treatment.</li>"
                "<li>Their difficulties are getting worse, or not improving over several "
                "weeks.</li>"
                "<li>They have questions about their medicine.</li>"
                "<li>They are struggling with alcohol or drug use.</li>"
                "<li>They face practical problems such as housing, debt, legal trouble or violence "
                "at home, where specialist services exist.</li>"
                "<li>You are out of your depth, or the relationship has stopped helping.</li></ul>"
            ),
        ),
        ("heading", {"text": "Know the map", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>You cannot refer well if you do not know what exists. With your programme's "
                "help, build a simple list of local and national services and keep it up to date. "
                "In India it might include:</p>"
                "<ul>"
                "<li>Tele-MANAS (14416 or 1-800-891-4416), free and open 24/7, which offers "
                "counselling by phone and can help people find services near them.</li>"
                "<li>Government hospitals and district mental-health services, which are often "
                "free or low cost.</li>"
                "<li>College and workplace counselling services, or an employee assistance "
                "programme.</li>"
                "<li>NGOs that offer counselling, peer groups, legal aid, or support around "
                "violence, addiction or disability.</li>"
                "<li>The person's own doctor, if they have one they trust.</li></ul>"
                "<p>Outside India, build the same kind of list for your area. Wherever you are, "
                "check that a service is still running before you suggest it.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "key_idea",
                "title": "A warm referral, not just a phone number",
                "body": (
                    "<p>A warm referral means more than handing over a number. You might explain "
                    "what the service does and what to expect, and help the person prepare what to "
                    "say. You could offer to be with them while they call, or to go with them to a "
                    "first appointment if your programme allows it. Afterwards, check in. The "
                    "person decides whether to go. You make it easier.</p>"
                ),
            },
        ),
        ("heading", {"text": "Keeping the door open", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Referral does not have to end peer support. Often you will keep supporting the "
                "person while they also see a professional, which is exactly how peer support is "
                "meant to work alongside clinical care. Be clear about who is doing what. If the "
                "person does not want a referral, respect their choice and keep the conversation "
                "open, unless there is a risk of serious harm, when your crisis and safeguarding "
                "procedures apply.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "Getting heavier, not lighter",
                "situation": (
                    "<p>Rohan volunteers in his company's peer-support scheme in Gurugram. For six "
                    "weeks he has been meeting Kavitha, a colleague who has felt low since a "
                    "restructure doubled the size of her team. She finds the sessions helpful, but "
                    "says she now sleeps through most of the weekend, has stopped seeing friends, "
                    "and has started drinking most nights “just to switch off”. She has not talked "
                    "to anyone else about how she feels.</p>"
                ),
                "questions": [
                    "What suggests that Kavitha may need more than peer support?",
                    "How could Rohan raise other help without her feeling pushed away?",
                    "Which services might he mention?",
                ],
                "debrief": (
                    "<p>The sessions are helping, and that matters. But her low mood has lasted "
                    "for weeks, she is withdrawing from friends, and drinking to cope is a "
                    "concern. These are good reasons to talk about additional help.</p>"
                    "<p>Rohan could present it as something added, not a replacement: “I'm glad "
                    "these chats help, and I'd like to keep meeting. I've noticed things seem to "
                    "be getting heavier rather than lighter, and I wonder if it's time to add some "
                    "other support too. What do you think?” He can ask what she already knows "
                    "about the options, and what worries her about them. Confidentiality at work "
                    "may be one worry, and it is worth finding out together how each service "
                    "handles it.</p>"
                    "<p>Options might include the company's employee assistance programme, a "
                    "doctor, or Tele-MANAS. He can explain what each involves and offer to help "
                    "her make the first call. If she says no, he can respect that, keep meeting, "
                    "and come back to it later. If at any point he hears signs of risk, he follows "
                    "the scheme's crisis procedure. Throughout, he can talk it over with his "
                    "supervisor.</p>"
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    "Referral is a normal, positive part of peer support, not a failure.",
                    "Know your local and national services, and check they are still running.",
                    (
                        "Make referrals warm: explain, help prepare, go along where allowed, and "
                        "follow up."
                    ),
                    "Peer support can continue alongside professional help.",
                ],
            },
        ),
        (
            "further_reading",
            {
                "items": [
                    {
                        "title": "Tele-MANAS",
                        "url": "https://telemanas.mohfw.gov.in/",
                        "description": (
                            "India's national tele-mental-health service: free, 24/7, on 14416 or "
                            "1-800-891-4416."
                        ),
                    },
                ],
            },
        ),
    ],
}

LESSON_4 = {
    "title": "Safeguarding, documentation and debriefing",
    "slug": "safeguarding-documentation-and-debriefing",
    "estimated_minutes": 35,
    "content_note": (
        "This lesson discusses the risk of serious harm, including abuse and neglect. If it brings "
        "up something difficult for you, Tele-MANAS is free and open 24/7 on 14416 or "
        "1-800-891-4416, and in an emergency in India you can call 112."
    ),
    "body": [
        ("heading", {"text": "Safeguarding overrides confidentiality", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Safeguarding means protecting people from serious harm, especially people who "
                "are less able to protect themselves, such as children, and adults who are very "
                "unwell, disabled, frail or dependent on others. Every programme should have a "
                "safeguarding procedure and a named person to go to. Find out who that is before "
                "you start supporting anyone.</p>"
                "<p>As Module 2 explained, confidentiality has limits. You must act, even without "
                "the person's agreement, when:</p>"
                "<ul>"
                "<li>someone is at risk of serious harm to themselves;</li>"
                "<li>someone may seriously harm another person;</li>"
                "<li>a child is being harmed or is at risk of harm; or</li>"
                "<li>an adult who cannot protect themselves is being abused, exploited or "
                "neglected.</li></ul>"
                "<p>Acting usually means telling your supervisor or safeguarding lead promptly, "
                "and calling 112 if anyone is in immediate danger. It does not mean investigating, "
                "confronting anyone or making promises. Your job is to pass the concern on "
                "clearly, so that people in the right role can take it forward. There may also be "
                "legal duties to report some kinds of harm, such as the sexual abuse of a child; "
                "your safeguarding lead will know what applies where you work.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "limits",
                "title": "If someone tells you about abuse",
                "body": (
                    "<p>Listen calmly, and let them know you are taking it seriously. Do not ask "
                    "for more detail than you need to understand the risk, and do not confront the "
                    "person they describe. Tell them that you will need to pass this on to keep "
                    "them or others safe, and what is likely to happen next. Then follow your "
                    "safeguarding procedure the same day, or at once if anyone is in danger.</p>"
                ),
            },
        ),
        ("heading", {"text": "Documenting what happened", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>Good records protect the person you support, you and your programme. They help "
                "the next person know what has already been done, and they show that you acted "
                "properly. Follow your programme's format, and write as soon as you can, while the "
                "details are fresh:</p>"
                "<ul>"
                "<li>Record facts: what was said (in the person's own words where it matters), "
                "what you did, who you contacted, and when.</li>"
                "<li>Keep your opinions separate and label them as opinions. Avoid labels and "
                "diagnoses.</li>"
                "<li>Write only what is needed, plainly and kindly, as if the person might read it "
                "one day.</li>"
                "<li>Use the programme's secure system, and codes instead of names where your "
                "programme asks for them. Never use personal notes apps or chat "
                "screenshots.</li></ul>"
            ),
        ),
        ("heading", {"text": "Debriefing afterwards", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>After any crisis or safeguarding concern, debrief with your supervisor, "
                "ideally the same day. A debrief is a chance to go over what happened, check that "
                "nothing has been missed, and notice how it has affected you. It is not about "
                "blame. Even when you did everything right, you may feel shaken, guilty or numb "
                "for a while. That is normal, and it is exactly what debriefs and your wellbeing "
                "plan are for.</p>"
            ),
        ),
        (
            "scenario",
            {
                "title": "A worry on a home visit",
                "situation": (
                    "<p>Parveen is a community health volunteer in a village in Bihar and a "
                    "trained peer supporter. On a visit to Ramesh, an older man living with "
                    "depression whom she has supported for months, she notices that he has lost "
                    "weight and has a bruise on his arm. He tells her quietly that his son takes "
                    "his pension, shouts at him when he asks for money for food, and sometimes "
                    "pushes him. He begs her not to say anything, because he is afraid of being "
                    "thrown out of the house.</p>"
                ),
                "questions": [
                    "What safeguarding concerns do you see?",
                    "How could Parveen respond to Ramesh's plea for secrecy?",
                    "What should she record, and who should she talk to?",
                ],
                "debrief": (
                    "<p>Ramesh is describing harm from someone he depends on: money being taken, "
                    "neglect, and being pushed. This is a safeguarding concern, and his fear of "
                    "losing his home makes it all the more important to handle it with care.</p>"
                    "<p>Parveen should not promise silence, but she can be gentle and honest: "
                    "“Thank you for trusting me with this. I can't keep it to myself, because I'm "
                    "worried about your safety. I'll speak to my supervisor today, and I'll tell "
                    "you what happens next. I won't talk to your son.” She listens, does not push "
                    "for details, and checks whether he is in danger right now. If he is, she "
                    "calls 112.</p>"
                    "<p>She then follows her programme's safeguarding procedure the same day. She "
                    "records the facts: what she saw, what he said in his own words, and what she "
                    "did. Her supervisor can help decide the next steps, which might include "
                    "services for older people or legal help, with Ramesh involved in decisions as "
                    "far as possible. Finally, she debriefs. Hearing this about someone she has "
                    "known for months is hard, and she deserves support too.</p>"
                ),
            },
        ),
        (
            "crisis_resources",
            {
                "heading": "Emergency and crisis help",
                "intro": (
                    "If anyone is in immediate danger, call 112 first. These lines are also there "
                    "for you if a safeguarding concern has left you shaken."
                ),
            },
        ),
        (
            "takeaways",
            {
                "items": [
                    (
                        "When someone is at risk of serious harm, safeguarding overrides "
                        "confidentiality."
                    ),
                    (
                        "Pass concerns on promptly to your supervisor or safeguarding lead; do not "
                        "investigate or confront."
                    ),
                    "Record facts clearly, kindly and securely, as soon as you can.",
                    "Always debrief after a crisis or a safeguarding concern.",
                ],
            },
        ),
    ],
}

MODULE = {
    "title": "The limits of peer help",
    "slug": "the-limits-of-peer-help",
    "introduction": (
        "<p>Peer support can do a great deal, but there are times when a person needs more than a "
        "peer can give: when they are at risk of serious harm, or need assessment or treatment. "
        "Knowing where your role ends, and how to get the right help quickly, is one of the most "
        "important skills in this course.</p>"
        "<p>This module covers recognising risk, including talk of suicide or of harming others; "
        "staying with a person while you contact emergency help; referral to professionals and "
        "services; safeguarding duties that override confidentiality; and documenting and "
        "debriefing. Your programme's own procedures always come first. This module gives you the "
        "foundations they build on.</p>"
    ),
    "estimated_minutes": 135,
    "lessons": [LESSON_1, LESSON_2, LESSON_3, LESSON_4],
}
