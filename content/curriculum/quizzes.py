"""The demo course's quizzes: one per module, testing what that module's lessons teach.

Pure data, like the lessons (see the package docstring); `assessments.quizzes.demo` turns it into a
question bank, questions and live quizzes. Original writing. Like the lesson text, it is
demo content stored as rows, so it is not wrapped for gettext: a translated installation
translates its demo course in the editor, as it would any course.

Shape:
    QUIZ     = {module_slug, category, title, introduction, pass_mark, required_to_continue,
                feedback, questions}
    QUESTION = {type, name, prompt, points, general_feedback, ...parts of its type}:
        single_choice      options: [{text, is_correct, feedback}]  (exactly one correct)
        multiple_response  options: [{text, weight, feedback}]  (weight in %: the positive
                           weights add up to 100; a harmful choice carries a negative weight)
        true_false         correct_answer, feedback_true, feedback_false
        short_answer       answers: [{text, feedback}]  (matched ignoring case and spacing)
        matching           pairs: [{prompt, answer}]
        numerical          answer and tolerance
        essay              grader_info  (what a good answer covers, for the supervisor)

Every quiz allows three attempts with a short wait between them (`ATTEMPTS`, `COOLDOWN_MINUTES`).
Question names are labels for editors and must be unique within a quiz: the loader finds an
existing question by its category and name. Nothing here asks a trainee about their own
history, and questions on suicide follow safe-messaging practice: no method details, and the
quiz introduction says where help is available.
"""

ATTEMPTS = 3
COOLDOWN_MINUTES = 2

_HELP_NOTE = (
    "Some questions are about suicide and harm, without any detail of methods. If this brings "
    "up something difficult for you, Tele-MANAS is free and open 24/7 on 14416 or "
    "1-800-891-4416, and in an emergency in India you can call 112."
)

QUIZ_1 = {
    "module_slug": "what-peer-support-is-and-is-not",
    "category": "What peer support is, and is not",
    "title": "Check your understanding: what peer support is, and is not",
    "introduction": (
        "Eight short questions on what lived experience brings, how peer support differs from "
        "therapy and from friendship, and how openness and careful language reduce stigma. You "
        "have three attempts, and your best one counts."
    ),
    "pass_mark": 70,
    "required_to_continue": False,
    "feedback": "immediately",
    "questions": [
        {
            "type": "single_choice",
            "name": "Medicine question (best response)",
            "prompt": (
                "Someone you support asks whether they should stop the medicine their doctor "
                "prescribed, because it makes them feel slow. What is the best response?"
            ),
            "points": 1,
            "general_feedback": (
                "Peer supporters do not advise on medicine, in either direction. The kind and "
                "honest answer names the limit and offers practical help to reach the person who "
                "prescribed it."
            ),
            "options": [
                {
                    "text": (
                        "Say you can understand why they are asking, encourage them to talk it "
                        "through with their doctor, and offer to help them prepare what to say."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. You take the question seriously without advising either way, and you "
                        "help them take it to the person who can answer it safely."
                    ),
                },
                {
                    "text": (
                        "Tell them what happened when you changed your own medicine, so they can "
                        "decide for themselves."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "Your experience matters, but here it would work as medical advice, and "
                        "their situation may be very different. Questions about medicine belong "
                        "with their doctor."
                    ),
                },
                {
                    "text": "Tell them to keep taking it exactly as prescribed and not to worry.",
                    "is_correct": False,
                    "feedback": (
                        "Kindly meant, but it is still advice about medicine, and it passes over a "
                        "real concern. Help them talk it through with their doctor instead."
                    ),
                },
                {
                    "text": "Change the subject, because medicine is outside your role.",
                    "is_correct": False,
                    "feedback": (
                        "Advising is outside your role, but listening is not. Acknowledge the "
                        "question, then help them find the right person to ask."
                    ),
                },
            ],
        },
        {
            "type": "multiple_response",
            "name": "Part of the role",
            "prompt": "Which of these are part of a peer supporter's role? Choose all that apply.",
            "points": 1,
            "general_feedback": (
                "Peer support is non-clinical: you listen, share with purpose, support the "
                "person's own choices and connect them with other help. You do not assess, "
                "diagnose or treat."
            ),
            "options": [
                {
                    "text": "Listening to how things have been for the person",
                    "weight": 25,
                    "feedback": "Yes. Being heard is one of the things people value most.",
                },
                {
                    "text": "Sharing something from your own experience when it is useful to them",
                    "weight": 25,
                    "feedback": (
                        "Yes, when it is brief and for their benefit. Module 3 goes further."
                    ),
                },
                {
                    "text": "Helping the person think about what they want, at their own pace",
                    "weight": 25,
                    "feedback": "Yes. In peer support, people set their own goals.",
                },
                {
                    "text": "Connecting the person with other help when they want or need it",
                    "weight": 25,
                    "feedback": "Yes. Peer support works alongside professional help.",
                },
                {
                    "text": "Telling the person which diagnosis best fits what they describe",
                    "weight": -50,
                    "feedback": (
                        "Not part of the role. Diagnosis needs a clinical assessment, and a guess "
                        "could mislead or frighten them."
                    ),
                },
                {
                    "text": "Deciding which treatment the person should try",
                    "weight": -50,
                    "feedback": (
                        "Not part of the role. Treatment decisions belong to the person and their "
                        "clinicians."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "Not a replacement for treatment",
            "prompt": (
                "True or false: peer support is meant to replace professional treatment for people "
                "who cannot get an appointment."
            ),
            "points": 1,
            "general_feedback": (
                "Peer support is non-clinical by design. It complements professional care, and "
                "part of the role is helping people reach that care when they want or need it."
            ),
            "correct_answer": False,
            "feedback_true": (
                "Not quite. Long waits are real and hard, but peer support works alongside "
                "professional help and never replaces it."
            ),
            "feedback_false": (
                "Right. Peer support complements professional help; it is not a substitute for it."
            ),
        },
        {
            "type": "matching",
            "name": "Four tasks",
            "prompt": (
                "Lesson 1 describes four tasks that one widely used approach asks peer supporters "
                "to pay attention to. Match each task to what it asks of you."
            ),
            "points": 1,
            "general_feedback": (
                "Connection, worldview, mutuality and moving towards keep the relationship equal "
                "and focused on the person's own hopes."
            ),
            "pairs": [
                {
                    "prompt": "Connection",
                    "answer": "Build a relationship in which the person feels met, not managed",
                },
                {
                    "prompt": "Worldview",
                    "answer": "Be curious about how the person makes sense of their experience",
                },
                {
                    "prompt": "Mutuality",
                    "answer": "Share power, so that both people can learn and grow",
                },
                {
                    "prompt": "Moving towards",
                    "answer": (
                        "Focus on the life the person hopes for, not only on what they want to "
                        "escape"
                    ),
                },
            ],
        },
        {
            "type": "short_answer",
            "name": "Name of the approach",
            "prompt": (
                "Which approach to peer support, used by many programmes, asks “What happened to "
                "you?” rather than “What's wrong with you?” Type its name or its initials."
            ),
            "points": 1,
            "general_feedback": (
                "Intentional Peer Support (IPS) frames the work as trauma-informed: it makes room "
                "for a person's history, circumstances and strengths instead of looking for a "
                "fault to fix."
            ),
            "answers": [
                {"text": "Intentional Peer Support", "feedback": "Yes, Intentional Peer Support."},
                {"text": "Intentional peer-support", "feedback": "Yes, Intentional Peer Support."},
                {"text": "IPS", "feedback": "Yes: IPS, Intentional Peer Support."},
                {"text": "I.P.S.", "feedback": "Yes: IPS, Intentional Peer Support."},
            ],
        },
        {
            "type": "single_choice",
            "name": "Friendship request (best response)",
            "prompt": (
                "Kavya, whom you have supported for two months, says: “You're more like a friend "
                "than a supporter now. Let's skip these sessions and just meet for coffee at the "
                "weekend.” Which reply best keeps the relationship both warm and clear?"
            ),
            "points": 1,
            "general_feedback": (
                "Peer support can feel close, and that is good, but it is not a friendship: the "
                "focus stays on the person, within agreed times and places. Module 2 looks at "
                "these boundaries closely."
            ),
            "options": [
                {
                    "text": (
                        "“I'm really glad our talks feel that easy. I keep this support to our "
                        "usual sessions, so that it stays focused on you, and I'd like to keep "
                        "meeting here.”"
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. You welcome the warmth, state the limit simply, and keep offering "
                        "what you can."
                    ),
                },
                {
                    "text": (
                        "“Sure, that sounds nice. We can talk about how you're doing over coffee.”"
                    ),
                    "is_correct": False,
                    "feedback": (
                        "Kindly meant, but it turns the support into a friendship, where the focus "
                        "and the limits become unclear for both of you."
                    ),
                },
                {
                    "text": "“I can't be your friend. This is a professional relationship.”",
                    "is_correct": False,
                    "feedback": (
                        "The limit is right, but said like this it can feel like a rejection. "
                        "Acknowledge what Kavya is saying first, then explain the limit warmly."
                    ),
                },
                {
                    "text": "Agree to the coffee, and mention it to your supervisor afterwards.",
                    "is_correct": False,
                    "feedback": (
                        "Telling your supervisor is good practice, but it does not undo the "
                        "blurred boundary. Keep the support within its agreed setting."
                    ),
                },
            ],
        },
        {
            "type": "multiple_response",
            "name": "Person-first language",
            "prompt": (
                "Which of these phrases use person-first, non-stigmatising language? Choose all "
                "that apply."
            ),
            "points": 1,
            "general_feedback": (
                "Words can carry stigma even when we do not mean them to. Put the person first, "
                "avoid labels and slang, and where you can, use the words people use for their "
                "own experience."
            ),
            "options": [
                {
                    "text": "“a person living with depression”",
                    "weight": 50,
                    "feedback": "Yes. It puts the person before the condition.",
                },
                {
                    "text": "“died by suicide”",
                    "weight": 50,
                    "feedback": "Yes. It describes a death without suggesting a crime.",
                },
                {
                    "text": "“a depressive”",
                    "weight": -50,
                    "feedback": (
                        "This labels a person by a condition. “A person living with depression” "
                        "puts the person first."
                    ),
                },
                {
                    "text": "“committed suicide”",
                    "weight": -50,
                    "feedback": "“Committed” sounds like a crime. Say “died by suicide” instead.",
                },
                {
                    "text": "“a mental patient”",
                    "weight": -50,
                    "feedback": (
                        "This defines someone by a hospital stay. Try “a person who has stayed in "
                        "a psychiatric hospital”."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "Self-stigma",
            "prompt": (
                "True or false: stigma can turn inward, so that a person starts to believe the "
                "harmful things said about people with mental-health conditions."
            ),
            "points": 1,
            "general_feedback": (
                "Self-stigma keeps people silent and delays help. Meeting a peer who is living "
                "well, and talking openly in a safe setting, can help to loosen it."
            ),
            "correct_answer": True,
            "feedback_true": (
                "Right. This is sometimes called self-stigma, and it is one reason why meeting a "
                "peer can make such a difference."
            ),
            "feedback_false": (
                "It can, and often does. When stigma turns inward it is sometimes called "
                "self-stigma, and it can stop people from seeking help."
            ),
        },
    ],
}

QUIZ_2 = {
    "module_slug": "boundaries",
    "category": "Boundaries",
    "title": "Check your understanding: boundaries",
    "introduction": (
        "Eight questions on time and contact, gifts and money, dual relationships, "
        "confidentiality, and what to do when a boundary slips. Pass this quiz to unlock the "
        "modules after it. You have three attempts, and your best one counts. "
        "One question mentions a message that may be a sign of risk. If anything here brings up "
        "something difficult for you, Tele-MANAS is free and open 24/7 on 14416."
    ),
    "pass_mark": 80,
    "required_to_continue": True,
    "feedback": "immediately",
    "questions": [
        {
            "type": "single_choice",
            "name": "Late-night message (best response)",
            "prompt": (
                "You agreed with Sameer to talk only on your programme's number, on weekday "
                "afternoons. Late on a Friday night he messages your personal number, which he got "
                "from a friend: “Can't stop crying. Everything feels pointless. Are you awake?” "
                "What should you do first?"
            ),
            "points": 2,
            "general_feedback": (
                "When a boundary is crossed and there may be risk, respond to safety first, and "
                "come back to the boundary later on the agreed channel. Learn your programme's "
                "out-of-hours guidance before a night like this, and tell your supervisor "
                "afterwards."
            ),
            "options": [
                {
                    "text": (
                        "Send a short, caring reply that checks whether he is safe and points him "
                        "to 24-hour help: Tele-MANAS on 14416, or 112 if he is in danger."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. Safety comes first. A brief reply that points to round-the-clock "
                        "help looks after him without promising an all-night conversation."
                    ),
                },
                {
                    "text": (
                        "Leave it until Monday, so that he learns not to use your personal number."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "The boundary matters, but “everything feels pointless” could be a sign "
                        "of risk, and safety comes before the boundary."
                    ),
                },
                {
                    "text": (
                        "Reply that he has broken your agreement and must use the programme's "
                        "number."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "Correcting him now could feel like a rejection at a hard moment, and it "
                        "passes over the possible risk. Check on safety first; talk about the "
                        "channel later."
                    ),
                },
                {
                    "text": (
                        "Call him and stay on the phone for as long as he needs, all night if "
                        "necessary."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "Caring, but you cannot be anyone's only support through the night. Point "
                        "him to services that are open 24 hours, and follow your crisis procedure "
                        "if he is in danger."
                    ),
                },
            ],
        },
        {
            "type": "multiple_response",
            "name": "Gifts under a common policy",
            "prompt": (
                "At the end of your time together, a person you support wants to thank you. Your "
                "programme's policy is a common one: accept only small gifts, such as food to "
                "share or a card, record them, and decline cash and anything of real value. "
                "Which of these could you accept? Choose all that apply."
            ),
            "points": 1,
            "general_feedback": (
                "Gifts are often a warm custom, but they can leave a person feeling they owe you, "
                "or that your support depends on what they give. Follow your programme's policy, "
                "record what you accept, and decline kindly by naming the policy, so that it does "
                "not feel personal."
            ),
            "options": [
                {
                    "text": "A handwritten card",
                    "weight": 50,
                    "feedback": "Yes. It is small and personal. Record it as your programme asks.",
                },
                {
                    "text": "A box of sweets to share with the volunteer team",
                    "weight": 50,
                    "feedback": "Yes. Food to share is a common example of a small gift.",
                },
                {
                    "text": "An envelope of cash",
                    "weight": -50,
                    "feedback": (
                        "Cash is declined under the policy, and under most others, whatever the "
                        "amount. Thank them warmly and explain the rule."
                    ),
                },
                {
                    "text": "A new mobile phone",
                    "weight": -50,
                    "feedback": (
                        "This is a gift of real value. Decline it kindly, naming the policy so the "
                        "refusal does not feel personal."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "Lending money",
            "prompt": (
                "True or false: if someone you support is in real financial need, lending them a "
                "small amount is fine as long as they pay it back."
            ),
            "points": 1,
            "general_feedback": (
                "Money changes a relationship, even with the best intentions. Helping the person "
                "find government schemes, NGOs or community funds respects both their need and "
                "the boundary."
            ),
            "correct_answer": False,
            "feedback_true": (
                "It is hard to say no when the need is real, but lending or borrowing money "
                "changes the relationship, whatever the amount. Help them find proper sources of "
                "help instead, and talk to your supervisor."
            ),
            "feedback_false": (
                "Right. Never lend money to, or borrow money from, a person you support. Help them "
                "find proper sources of help, and talk to your supervisor."
            ),
        },
        {
            "type": "single_choice",
            "name": "Promise not to tell (best response)",
            "prompt": (
                "After a group session, a member says: “Can I tell you something? But you have to "
                "promise not to tell anyone.” What is the best response?"
            ),
            "points": 1,
            "general_feedback": (
                "Explain confidentiality and its limits before people share, not after. Never "
                "promise to keep a secret you might have to break."
            ),
            "options": [
                {
                    "text": (
                        "“I'd really like to hear it. I keep what people tell me private, with one "
                        "exception: if I thought you or someone else might be seriously harmed, "
                        "I'd need to get help, and I'd talk to you about it first.”"
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. You are honest about the limit before they share, and warm enough "
                        "that the conversation can go on."
                    ),
                },
                {
                    "text": "“Of course, I promise. You can tell me anything.”",
                    "is_correct": False,
                    "feedback": (
                        "It feels kind, but you might have to break that promise if someone is at "
                        "risk, and that would damage trust far more later on."
                    ),
                },
                {
                    "text": "“I can't promise that, so it's probably better not to tell me.”",
                    "is_correct": False,
                    "feedback": (
                        "Honest, but it closes the door. Explain the one exception warmly and let "
                        "them decide what to share."
                    ),
                },
                {
                    "text": "“Everything you tell me goes straight to my supervisor.”",
                    "is_correct": False,
                    "feedback": (
                        "This is not accurate, and it may stop them from talking. Explain who may "
                        "know what, and the one exception for serious harm."
                    ),
                },
            ],
        },
        {
            "type": "matching",
            "name": "Which boundary",
            "prompt": "Match each situation to the boundary it is mostly about.",
            "points": 1,
            "general_feedback": (
                "Boundaries in peer support cover time and availability, contact channels, gifts "
                "and money, dual relationships, and confidentiality. Naming the boundary helps you "
                "respond clearly."
            ),
            "pairs": [
                {
                    "prompt": "Someone you support asks to follow your personal Instagram account",
                    "answer": "Contact channels",
                },
                {
                    "prompt": "Your neighbour asks you to be their peer supporter",
                    "answer": "Dual relationships",
                },
                {
                    "prompt": "Someone offers you an expensive watch as thanks",
                    "answer": "Gifts and money",
                },
                {
                    "prompt": "A group member wants to tell a friend what another member shared",
                    "answer": "Confidentiality",
                },
                {
                    "prompt": "You are expected to answer messages at any hour of the day or night",
                    "answer": "Time and availability",
                },
            ],
        },
        {
            "type": "short_answer",
            "name": "The 24-hour option",
            "prompt": (
                "When you agree contact hours with someone, you always give them a 24-hour option "
                "for when you are not available. What is the name of India's free, 24/7 "
                "tele-mental-health service?"
            ),
            "points": 1,
            "general_feedback": (
                "Tele-MANAS is free and open 24/7 on 14416 or 1-800-891-4416, and callers can "
                "choose their language."
            ),
            "answers": [
                {"text": "Tele-MANAS", "feedback": "Yes: Tele-MANAS, on 14416."},
                {"text": "Tele MANAS", "feedback": "Yes: Tele-MANAS, on 14416."},
                {"text": "TeleMANAS", "feedback": "Yes: Tele-MANAS, on 14416."},
            ],
        },
        {
            "type": "numerical",
            "name": "Tele-MANAS number",
            "prompt": (
                "What short number do you dial for Tele-MANAS, India's free, 24/7 "
                "tele-mental-health service? Type the number."
            ),
            "points": 1,
            "general_feedback": (
                "Tele-MANAS is on 14416, or 1-800-891-4416. Save it where you can find it quickly, "
                "and share it with the people you support. In an emergency in India, call 112."
            ),
            "answer": 14416,
            "tolerance": 0,
        },
        {
            "type": "single_choice",
            "name": "A slipping boundary (best response)",
            "prompt": (
                "You notice that for weeks you have been replying to one person's messages late "
                "every evening, and you keep checking your phone for them. What is the best next "
                "step?"
            ),
            "points": 1,
            "general_feedback": (
                "Boundaries slip for everyone. Notice the signs, talk to your supervisor, and "
                "reset the limit openly, owning your part: “I said you could message me any time, "
                "and I've realised I can't keep that up. Here's what I can offer.”"
            ),
            "options": [
                {
                    "text": (
                        "Talk to your supervisor, then plan how to reset the limit with the "
                        "person, owning your part without blame."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. Slips happen to everyone; noticing them and resetting the boundary "
                        "with support is what matters."
                    ),
                },
                {
                    "text": "Stop replying without explanation, so that the pattern ends.",
                    "is_correct": False,
                    "feedback": (
                        "A sudden silence can feel like being abandoned. Reset the limit openly "
                        "and kindly, with your supervisor's help."
                    ),
                },
                {
                    "text": "Keep it between you and the person, since the late replies help them.",
                    "is_correct": False,
                    "feedback": (
                        "Keeping part of a relationship from your supervisor is itself a sign that "
                        "a boundary is slipping. Bring it to supervision."
                    ),
                },
                {
                    "text": "Carry on as you are: if you are coping, there is no problem.",
                    "is_correct": False,
                    "feedback": (
                        "Checking for someone's messages outside agreed times is an early sign of "
                        "a "
                        "slipping boundary, and a road to burnout. Act while it is small."
                    ),
                },
            ],
        },
    ],
}

QUIZ_3 = {
    "module_slug": "sharing-lived-experience-with-purpose",
    "category": "Sharing lived experience with purpose",
    "title": "Check your understanding: sharing lived experience with purpose",
    "introduction": (
        "Seven questions and one short written answer on when, how much and why to share your "
        "own experience. Your supervisor reads and grades the written answer, so your result "
        "appears once they have. Nothing here asks about your own history: the written answer is "
        "about a fictional supporter. You have three attempts, and your best one counts."
    ),
    "pass_mark": 70,
    "required_to_continue": False,
    "feedback": "immediately",
    "questions": [
        {
            "type": "single_choice",
            "name": "First appointment (best response)",
            "prompt": (
                "Someone you support is nervous about a first appointment with a psychiatrist. "
                "Your own first appointment frightened you too. Which way of sharing best serves "
                "them?"
            ),
            "points": 1,
            "general_feedback": (
                "Useful sharing is short, for the person's benefit, offers an example rather than "
                "an instruction, and ends by handing the conversation back."
            ),
            "options": [
                {
                    "text": (
                        "“My first appointment scared me too. Writing down what I wanted to say "
                        "helped me a bit. What's worrying you most about it?”"
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. It is brief and hopeful, offers one example, and hands the "
                        "conversation straight back."
                    ),
                },
                {
                    "text": (
                        "Tell them the full story of your diagnosis and every treatment you tried, "
                        "so they know what to expect."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "Your story is not theirs, and the details can take the spotlight or add "
                        "weight. Keep it brief and hand it back."
                    ),
                },
                {
                    "text": "“Don't worry, it'll be just like mine was, and mine went fine.”",
                    "is_correct": False,
                    "feedback": (
                        "You cannot know how theirs will go, and comparing can flatten their "
                        "experience. Offer one example, not a prediction."
                    ),
                },
                {
                    "text": "“Ask for the medicine I take. It worked for me.”",
                    "is_correct": False,
                    "feedback": (
                        "This presents your path as the answer and strays into medical advice. "
                        "Decisions about medicine belong with them and their doctor."
                    ),
                },
            ],
        },
        {
            "type": "multiple_response",
            "name": "Quick check before sharing",
            "prompt": (
                "Which of these questions belong in a quick check before you share part of your "
                "own story? Choose all that apply."
            ),
            "points": 1,
            "general_feedback": (
                "Ask yourself whose need the sharing serves. If you cannot answer yes to all four "
                "checks, keep listening: you can always share later, but you cannot take back what "
                "you have said."
            ),
            "options": [
                {
                    "text": "Is this for the person's benefit?",
                    "weight": 25,
                    "feedback": "Yes. This is the heart of the check.",
                },
                {
                    "text": "Is this the right time? Have I listened enough first?",
                    "weight": 25,
                    "feedback": "Yes. Sharing too soon can feel as if you are making it about you.",
                },
                {
                    "text": "Can I keep it short and leave out painful details?",
                    "weight": 25,
                    "feedback": "Yes. The shape of an experience is usually enough.",
                },
                {
                    "text": "Will I hand the conversation back to them afterwards?",
                    "weight": 25,
                    "feedback": "Yes. Handing it back keeps the focus on them.",
                },
                {
                    "text": "Will this show them that I had it worse?",
                    "weight": -50,
                    "feedback": (
                        "Comparing who had it worse makes the conversation about you, and can "
                        "leave the person feeling judged."
                    ),
                },
                {
                    "text": "Will this make them like me more?",
                    "weight": -50,
                    "feedback": (
                        "Wanting to be liked is a real need, but it is yours, not theirs. Take it "
                        "to supervision or your own supports."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "Leaving out harmful details",
            "prompt": (
                "True or false: when you share that you went through a very hard time, describing "
                "any self-harm in detail shows the person that you truly understand."
            ),
            "points": 1,
            "general_feedback": (
                "Share the shape of an experience, not the details. You can say that you went "
                "through a very hard time and found help, without saying more."
            ),
            "correct_answer": False,
            "feedback_true": (
                "Details of self-harm or a suicide attempt, including your own, can distress "
                "someone who is struggling and can increase their risk. Leave them out."
            ),
            "feedback_false": (
                "Right. Never describe the details of self-harm or a suicide attempt. Saying that "
                "you went through a hard time and found help is enough."
            ),
        },
        {
            "type": "matching",
            "name": "When sharing goes wrong",
            "prompt": "Match each example to the way in which sharing can go wrong.",
            "points": 1,
            "general_feedback": (
                "Sharing harms when it takes the spotlight, adds weight, compares, prescribes or "
                "comes too soon. A short, well-timed piece that hands the conversation back avoids "
                "all five."
            ),
            "pairs": [
                {
                    "prompt": (
                        "The person came to talk, and spends most of the session listening to you"
                    ),
                    "answer": "It takes the spotlight",
                },
                {
                    "prompt": "Painful details leave the person worrying about you",
                    "answer": "It adds weight",
                },
                {
                    "prompt": "“What I went through was much worse than this.”",
                    "answer": "It compares",
                },
                {
                    "prompt": "“This is what worked for me, so you should do it.”",
                    "answer": "It prescribes",
                },
                {
                    "prompt": "A long personal story in the first minutes of a first meeting",
                    "answer": "It comes too soon",
                },
            ],
        },
        {
            "type": "short_answer",
            "name": "Whose need",
            "prompt": (
                "Complete the question to ask yourself before you share: “Whose ____ does this "
                "serve?” Type the missing word."
            ),
            "points": 1,
            "general_feedback": (
                "If you want to share because you feel awkward, want to be liked or need to talk "
                "about your own pain, those needs are real, and the place to meet them is with "
                "your supervisor or your own supports."
            ),
            "answers": [
                {"text": "need", "feedback": "Yes: whose need does this serve?"},
                {"text": "needs", "feedback": "Yes: whose need does this serve?"},
            ],
        },
        {
            "type": "single_choice",
            "name": "Another person's path (best response)",
            "prompt": (
                "On a moderated peer forum, a member writes: “My uncle says I should stop therapy "
                "and just exercise, like he did. What do you think I should do?” What is the best "
                "reply?"
            ),
            "points": 1,
            "general_feedback": (
                "Your path is one path: offer examples, never prescriptions, and make room for "
                "the person's own view. Decisions about treatment are theirs, made with the "
                "people treating them."
            ),
            "options": [
                {
                    "text": (
                        "“People find very different things helpful, and many combine them. What "
                        "has helped you so far, even a little? If you're thinking of changing "
                        "your therapy, it could help to talk it over with your therapist first.”"
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. You make room for different paths, hand the choice back, and point "
                        "the treatment question to the right person."
                    ),
                },
                {
                    "text": "“Your uncle is right. Exercise changed everything for me.”",
                    "is_correct": False,
                    "feedback": (
                        "This presents one path as the answer and adds pressure. The choice is "
                        "theirs, made with their therapist."
                    ),
                },
                {
                    "text": "“Your uncle is wrong. Never stop therapy.”",
                    "is_correct": False,
                    "feedback": (
                        "Telling them what to do, in either direction, takes the choice away and "
                        "criticises their family. Hand the choice back."
                    ),
                },
                {
                    "text": "“I can't answer that. Please ask a moderator.”",
                    "is_correct": False,
                    "feedback": (
                        "Involving a moderator can be right, but you can still reply warmly, "
                        "respect their choices and point them to the right person."
                    ),
                },
            ],
        },
        {
            "type": "single_choice",
            "name": "Asked to speak publicly",
            "prompt": (
                "Your organisation asks you to tell your story of recovery in a video for its "
                "public social media. You are unsure. Which statement is true?"
            ),
            "points": 1,
            "general_feedback": (
                "Your story belongs to you. Decide in advance, when you are calm, what is open, "
                "what you share only sometimes, and what stays private, and remember that what "
                "is posted online can be hard to take back."
            ),
            "options": [
                {
                    "text": (
                        "It is your decision: you can say no, ask for time, or agree to something "
                        "in between, such as speaking without being recorded."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. You never have to disclose more than you choose, and there are many "
                        "middle paths."
                    ),
                },
                {
                    "text": (
                        "Peer supporters are expected to share their stories publicly when asked."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "Being a peer supporter does not mean giving up your privacy. No one "
                        "should pressure you to disclose."
                    ),
                },
                {
                    "text": "You need to decide on the spot, or the chance will be lost.",
                    "is_correct": False,
                    "feedback": (
                        "You can always ask for time, and talk it over with someone you trust."
                    ),
                },
                {
                    "text": "Once you agree, you cannot ask to see the video before it is posted.",
                    "is_correct": False,
                    "feedback": (
                        "You can ask to see anything before it is published, and to have your "
                        "choices confirmed in writing."
                    ),
                },
            ],
        },
        {
            "type": "essay",
            "name": "Sharing with purpose (written answer)",
            "prompt": (
                "Meena, a college student, tells her peer mentor Anil that she has failed an "
                "exam, is sleeping badly and feels like a failure. Years ago Anil failed an exam "
                "too, and went through a very difficult time afterwards.\n\n"
                "Write, in about 100 to 200 words, what Anil might say to Meena if he decides to "
                "share something from his own experience, and explain briefly why he would say "
                "it that way. If you think he should not share anything yet, say what he could do "
                "instead, and why.\n\n"
                "Answer for Anil: you do not need to write about your own life."
            ),
            "points": 3,
            "general_feedback": (
                "There is no single right reply. Strong answers keep Anil's sharing short and "
                "hopeful, leave out painful details, avoid “you should”, and end by handing the "
                "conversation back to Meena, with a gentle check on how she is coping."
            ),
            "grader_info": (
                "Look for purpose, brevity and a hand-back. A full-marks answer usually: keeps "
                "Anil's sharing to a sentence or two and hopeful in tone; leaves out painful "
                "details (no account of a crisis, a hospital stay or self-harm); avoids comparing "
                "(“mine was worse”) and prescribing (“you should”); hands the conversation back "
                "with an open question; and, because Meena is sleeping badly and feels like a "
                "failure, checks gently how she is coping and mentions other help such as the "
                "college counselling service. Explaining whose need the sharing serves earns "
                "credit. An answer that chooses not to share yet, keeps listening and explains "
                "why deserves full marks too. Grade the reasoning, not the wording, and never "
                "expect or reward the trainee disclosing their own history. In your comment, "
                "name one thing done well and one thing to try."
            ),
        },
    ],
}

QUIZ_4 = {
    "module_slug": "burnout-and-sustaining-yourself",
    "category": "Burnout and sustaining yourself",
    "title": "Check your understanding: burnout and sustaining yourself",
    "introduction": (
        "Eight questions on the signs of burnout, compassion fatigue and vicarious distress, "
        "your wellbeing plan, and supervision. Answers and feedback appear once you have passed, "
        "so that each attempt is your own thinking. You have three attempts, and your best one "
        "counts. " + _HELP_NOTE
    ),
    "pass_mark": 70,
    "required_to_continue": False,
    "feedback": "after_pass",
    "questions": [
        {
            "type": "matching",
            "name": "Three kinds of strain",
            "prompt": "Match each kind of strain to its description.",
            "points": 1,
            "general_feedback": (
                "The three overlap, and you do not need to fit your experience neatly into one. "
                "Naming what is happening helps you notice it early."
            ),
            "pairs": [
                {
                    "prompt": "Burnout",
                    "answer": (
                        "Builds up over time from too much demand and too little rest, control or "
                        "support"
                    ),
                },
                {
                    "prompt": "Compassion fatigue",
                    "answer": (
                        "A wearing down of your ability to care, after a long time of caring for "
                        "people in distress"
                    ),
                },
                {
                    "prompt": "Vicarious distress",
                    "answer": (
                        "Hearing about others' painful experiences starts to affect you as if they "
                        "had happened to you"
                    ),
                },
            ],
        },
        {
            "type": "multiple_response",
            "name": "Early signs of strain",
            "prompt": (
                "Which of these can be early signs of burnout or compassion fatigue? Choose all "
                "that apply."
            ),
            "points": 1,
            "general_feedback": (
                "Signs vary from person to person. Learn your own early signs, and mention them to "
                "your supervisor while they are small."
            ),
            "options": [
                {
                    "text": "Feeling tired all the time, even after rest",
                    "weight": 25,
                    "feedback": "Yes. Tiredness that rest does not fix is a common early sign.",
                },
                {
                    "text": "Dreading messages or sessions, or putting off replies",
                    "weight": 25,
                    "feedback": "Yes. Dread is worth noticing and taking to supervision.",
                },
                {
                    "text": "Feeling numb or irritable more often than usual",
                    "weight": 25,
                    "feedback": "Yes. Both are common signs of compassion fatigue.",
                },
                {
                    "text": "Feeling guilty whenever you rest",
                    "weight": 25,
                    "feedback": "Yes. Rest is part of the work, not a break from it.",
                },
                {
                    "text": "Looking forward to your next shift after a day off",
                    "weight": -50,
                    "feedback": "This sounds like someone who is well rested, not a warning sign.",
                },
            ],
        },
        {
            "type": "single_choice",
            "name": "Extra shifts (best response)",
            "prompt": (
                "A fellow helpline volunteer tells you she has taken extra shifts for weeks "
                "because the team is short. She keeps thinking about one caller's story and has "
                "been snapping at her family. “I can't cut back,” she says. “Who will take the "
                "calls?” What is the most helpful response?"
            ),
            "points": 1,
            "general_feedback": (
                "Taking on extra work out of loyalty is a common path into burnout. Gentle "
                "attention, supervision, and the programme taking responsibility for its rota all "
                "help."
            ),
            "options": [
                {
                    "text": (
                        "Listen, gently say what you notice, and encourage her to talk to her "
                        "supervisor soon: covering the rota is the programme's job, not hers alone."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. You name the strain without labelling her, and you put the "
                        "responsibility for the rota where it belongs."
                    ),
                },
                {
                    "text": "Offer to take her extra shifts yourself, so that she can rest.",
                    "is_correct": False,
                    "feedback": (
                        "Kind, but it moves the strain onto you. Gaps in a rota are the "
                        "programme's to fill."
                    ),
                },
                {
                    "text": "Tell her she is burnt out and must stop volunteering.",
                    "is_correct": False,
                    "feedback": (
                        "Labelling her and deciding for her can feel like judgement. Say what you "
                        "notice, listen, and let her choose her next step with her supervisor."
                    ),
                },
                {
                    "text": "Reassure her that everyone feels like this, and it will pass.",
                    "is_correct": False,
                    "feedback": (
                        "It is common, but these signs deserve attention now. Burnout is much "
                        "easier to turn around when it is caught early."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "Keeping your own supports",
            "prompt": (
                "True or false: once you support others, you should stop using your own treatment "
                "or supports, to show that your recovery is complete."
            ),
            "points": 1,
            "general_feedback": (
                "A supporter who keeps using their own supports shows, quietly, that recovery is "
                "an ongoing process and that asking for help is normal. Stepping back for a while "
                "when you need to is part of the same plan."
            ),
            "correct_answer": False,
            "feedback_true": (
                "The opposite is true. Keep your own treatment and supports going; needing help "
                "yourself is normal."
            ),
            "feedback_false": (
                "Right. Keep your own treatment and supports going. It is part of doing this work "
                "well."
            ),
        },
        {
            "type": "multiple_response",
            "name": "A wellbeing plan",
            "prompt": "Which of these belong in a personal wellbeing plan? Choose all that apply.",
            "points": 1,
            "general_feedback": (
                "A written plan helps you act when you are too tired to think clearly. It is "
                "yours, in your own words, and you choose whether to share it."
            ),
            "options": [
                {
                    "text": "What keeps me well, day to day and week to week",
                    "weight": 25,
                    "feedback": "Yes: sleep, food, movement, quiet time, people, whatever works.",
                },
                {
                    "text": "What can knock me off balance",
                    "weight": 25,
                    "feedback": "Yes: certain dates, certain stories, lack of sleep, conflict.",
                },
                {
                    "text": "Early signs that I'm struggling, and what I'll do when I notice them",
                    "weight": 25,
                    "feedback": "Yes. Small, concrete steps are easiest to take on a hard day.",
                },
                {
                    "text": "Who I can turn to, including at least one service open 24 hours",
                    "weight": 25,
                    "feedback": "Yes: people, services and helplines such as Tele-MANAS.",
                },
                {
                    "text": "A promise never to take time off from support work",
                    "weight": -50,
                    "feedback": (
                        "Rest is part of the work. A plan that rules out time off makes burnout "
                        "more likely."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "What supervision is for",
            "prompt": (
                "True or false: supervision is mainly a way for the programme to check up on you "
                "and catch your mistakes."
            ),
            "points": 1,
            "general_feedback": (
                "Supervision is a space to think about your work, get advice on difficult "
                "situations, look after your wellbeing and keep learning. Saying “I think I got "
                "this wrong” is a sign of a good supporter."
            ),
            "correct_answer": False,
            "feedback_true": (
                "Supervision is not a test. It is a space to think, learn and look after yourself, "
                "and it works best when you bring the hard things."
            ),
            "feedback_false": (
                "Right. Bring what you are unsure about, including mistakes and slipped "
                "boundaries: a supervisor cannot help with what they do not know about."
            ),
        },
        {
            "type": "single_choice",
            "name": "After a hard call (best response)",
            "prompt": (
                "Last night a caller told you she did not want to live any more. You stayed with "
                "her and followed the crisis procedure with your shift lead, and this morning you "
                "heard that she is safe. You could not sleep and keep replaying the call. What is "
                "the best next step?"
            ),
            "points": 1,
            "general_feedback": (
                "Always debrief after a crisis or a distressing contact. Doubting yourself and "
                "replaying the conversation show that you care, not that you failed. If the "
                "distress does not ease, talking to a counsellor is a sensible next step."
            ),
            "options": [
                {
                    "text": (
                        "Debrief with your supervisor, say how you are feeling, and lean on your "
                        "wellbeing plan over the next few days."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. Feeling shaken is normal even when you did everything right, and a "
                        "debrief means you do not carry it alone."
                    ),
                },
                {
                    "text": "Keep it to yourself: she is safe, so there is nothing to discuss.",
                    "is_correct": False,
                    "feedback": (
                        "Even when things go as well as they can, a crisis can stay with you. "
                        "Debriefing is part of the work."
                    ),
                },
                {
                    "text": "Take on extra calls straight away to take your mind off it.",
                    "is_correct": False,
                    "feedback": (
                        "Staying busy can push the feelings down for a while, but they tend to "
                        "come back. Give yourself time to debrief and rest."
                    ),
                },
                {
                    "text": "Contact the caller to ask whether you said the wrong thing.",
                    "is_correct": False,
                    "feedback": (
                        "Her care is now with the people the procedure brought in. Take your "
                        "questions to your supervisor instead."
                    ),
                },
            ],
        },
        {
            "type": "short_answer",
            "name": "Name for regular reflective meetings",
            "prompt": (
                "What do we call regular meetings with an experienced peer worker or professional "
                "in which you think about your work, get advice and look after your wellbeing? "
                "One word is enough."
            ),
            "points": 1,
            "general_feedback": (
                "Supervision is there for you as well as for the people you support. Between "
                "sessions, know how to reach a supervisor or on-call lead quickly."
            ),
            "answers": [
                {"text": "supervision", "feedback": "Yes: supervision."},
                {"text": "supervisions", "feedback": "Yes: supervision."},
                {"text": "supervision sessions", "feedback": "Yes: supervision."},
                {"text": "peer supervision", "feedback": "Yes: supervision."},
            ],
        },
    ],
}

QUIZ_5 = {
    "module_slug": "the-limits-of-peer-help",
    "category": "The limits of peer help",
    "title": "Check your understanding: the limits of peer help",
    "introduction": (
        "Nine questions on recognising risk, staying with someone while you get help, referral, "
        "safeguarding and record keeping. These are the most important safety skills in the "
        "course, so the pass mark is 80 %. You have three attempts, and your best one counts. "
        + _HELP_NOTE
    ),
    "pass_mark": 80,
    "required_to_continue": True,
    "feedback": "immediately",
    "questions": [
        {
            "type": "single_choice",
            "name": "A goodbye-like message (best response)",
            "prompt": (
                "Just before your shift ends, a person you support messages: “Thank you for "
                "everything. I don't see the point any more. I'm tired of being a burden on "
                "everyone.” What should you do first?"
            ),
            "points": 2,
            "general_feedback": (
                "Notice warning signs, ask directly and calmly, stay with the person and connect "
                "them to help: Tele-MANAS on 14416, or 112 if they are in immediate danger. Tell "
                "your supervisor or on-call lead straight away, and hand over carefully."
            ),
            "options": [
                {
                    "text": (
                        "Reply straight away, say you are worried about what they wrote, and ask "
                        "directly whether they are thinking about suicide."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. A thank-you that sounds like a goodbye, hopelessness and feeling "
                        "like a burden are warning signs, together all the more. Asking directly "
                        "shows you can hear the answer."
                    ),
                },
                {
                    "text": (
                        "Reply that you will pick this up at your next session, as your shift is "
                        "over."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "A shift ending does not end your responsibility to act on a risk you have "
                        "noticed. Respond now and follow the crisis procedure."
                    ),
                },
                {
                    "text": "Avoid the word suicide, in case asking gives them the idea.",
                    "is_correct": False,
                    "feedback": (
                        "Asking directly does not make someone more likely to act on it, and many "
                        "people feel relief. Not asking is the bigger risk."
                    ),
                },
                {
                    "text": "Send a list of helpline numbers and log off.",
                    "is_correct": False,
                    "feedback": (
                        "Numbers matter, but on their own they can feel like a brush-off. Stay in "
                        "contact and make sure they are connected to help before you step away."
                    ),
                },
            ],
        },
        {
            "type": "multiple_response",
            "name": "When someone talks about suicide",
            "prompt": (
                "Someone tells you they have been thinking about ending their life, and asks you "
                "not to tell anyone. Which of these should you do? Choose all that apply."
            ),
            "points": 1,
            "general_feedback": (
                "In a crisis your role is to stay, listen and connect, not to fix. Never promise "
                "secrecy about risk, and call 112 if a life is in immediate danger."
            ),
            "options": [
                {
                    "text": "Stay with them and listen without judging",
                    "weight": 25,
                    "feedback": "Yes. You do not need perfect words; being there goes a long way.",
                },
                {
                    "text": "Thank them for telling you",
                    "weight": 25,
                    "feedback": "Yes. It took courage, and saying so helps them keep talking.",
                },
                {
                    "text": (
                        "Encourage them to call Tele-MANAS, and offer to stay with them while they"
                        " call"
                    ),
                    "weight": 25,
                    "feedback": "Yes. Tele-MANAS is free and open 24/7 on 14416.",
                },
                {
                    "text": "Tell your supervisor or on-call lead, as your procedure says",
                    "weight": 25,
                    "feedback": "Yes. You should never manage a crisis alone.",
                },
                {
                    "text": "Promise to keep it between the two of you, so that they keep talking",
                    "weight": -50,
                    "feedback": (
                        "A promise of secrecy about risk is one you cannot keep. Be honest: you "
                        "will share only what is needed, with the people who need to know."
                    ),
                },
                {
                    "text": "Tell them to think of how their family would feel",
                    "weight": -50,
                    "feedback": (
                        "This can deepen shame and make it harder for them to keep talking. "
                        "Listen, and take what they say seriously."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "name": "Asking directly",
            "prompt": (
                "True or false: asking someone directly whether they are thinking about suicide "
                "can put the idea in their head."
            ),
            "points": 1,
            "general_feedback": (
                "Ask calmly and plainly, for example: “Are you thinking about suicide?” Using the "
                "word shows that you can hear the answer."
            ),
            "correct_answer": False,
            "feedback_true": (
                "A common worry, but research and long experience in suicide prevention show that "
                "asking directly does not make someone more likely to act on it. Many people feel "
                "relief that someone asked."
            ),
            "feedback_false": (
                "Right. Asking directly does not put the idea in anyone's head. Not asking is the "
                "bigger risk."
            ),
        },
        {
            "type": "numerical",
            "name": "Emergency number",
            "prompt": (
                "What number do you call in India when someone's life is in immediate danger? "
                "Type the number."
            ),
            "points": 1,
            "general_feedback": (
                "Call 112 when a life is in immediate danger; you do not need the person's "
                "permission. Outside India, use your local emergency number. For support at any "
                "hour, Tele-MANAS is free on 14416 or 1-800-891-4416."
            ),
            "answer": 112,
            "tolerance": 0,
        },
        {
            "type": "single_choice",
            "name": "Getting heavier (referral, best response)",
            "prompt": (
                "For six weeks you have met Kavitha through your workplace peer scheme. She finds "
                "the sessions helpful, but her low mood is getting heavier: she sleeps through "
                "most of the weekend, has stopped seeing friends and drinks most nights “to "
                "switch off”. She has not talked to anyone else. What is the best next step?"
            ),
            "points": 2,
            "general_feedback": (
                "Referral is a normal, positive part of peer support, not a failure. Make it warm: "
                "explain what a service offers, help the person prepare, go along where your "
                "programme allows, follow up, and keep meeting if they want to."
            ),
            "options": [
                {
                    "text": (
                        "Say you'd like to keep meeting, share what you have noticed, and ask what "
                        "she thinks about adding other support, such as the employee assistance "
                        "programme, a doctor or Tele-MANAS, offering to help with the first call."
                    ),
                    "is_correct": True,
                    "feedback": (
                        "Yes. This is a warm referral: more help added, not a replacement, with "
                        "her choice respected and practical help offered."
                    ),
                },
                {
                    "text": "Tell her you can no longer meet until she has seen a professional.",
                    "is_correct": False,
                    "feedback": (
                        "Stopping the sessions can feel like rejection and leave her with less "
                        "support. Peer support can continue alongside professional help."
                    ),
                },
                {
                    "text": (
                        "Carry on as before: she says the sessions help, so nothing more is needed."
                    ),
                    "is_correct": False,
                    "feedback": (
                        "The sessions matter, but weeks of heavier low mood, pulling away from "
                        "friends and drinking to cope are good reasons to talk about more help."
                    ),
                },
                {
                    "text": "Call her family to tell them about her drinking.",
                    "is_correct": False,
                    "feedback": (
                        "Nothing here suggests immediate danger, and telling her family without "
                        "her "
                        "agreement would break her trust. Talk with her, and with your supervisor."
                    ),
                },
            ],
        },
        {
            "type": "matching",
            "name": "Matching the response to the need",
            "prompt": "Match each situation to the most fitting first response.",
            "points": 1,
            "general_feedback": (
                "Match the response to the need: emergency help when a life is in danger, the "
                "safeguarding procedure when someone is being harmed, a warm referral when someone "
                "needs more than peer support, and a debrief for you afterwards."
            ),
            "pairs": [
                {
                    "prompt": (
                        "Someone has seriously harmed themselves and needs urgent medical help"
                    ),
                    "answer": "Call 112 straight away",
                },
                {
                    "prompt": (
                        "An older man you support says his son takes his pension and sometimes "
                        "pushes him"
                    ),
                    "answer": "Follow the safeguarding procedure the same day",
                },
                {
                    "prompt": (
                        "Someone has felt low for weeks and would like to talk to a counsellor"
                    ),
                    "answer": "Make a warm referral",
                },
                {
                    "prompt": "After a crisis call, you keep going over what happened",
                    "answer": "Debrief with your supervisor",
                },
            ],
        },
        {
            "type": "short_answer",
            "name": "Duty that overrides confidentiality",
            "prompt": (
                "What is the one-word name for protecting people from serious harm, especially "
                "children and adults who cannot protect themselves, a duty that overrides "
                "confidentiality?"
            ),
            "points": 1,
            "general_feedback": (
                "Every programme should have a safeguarding procedure and a named person to go "
                "to. Find out who that is before you start supporting anyone."
            ),
            "answers": [
                {"text": "safeguarding", "feedback": "Yes: safeguarding."},
                {"text": "safe-guarding", "feedback": "Yes: safeguarding."},
                {"text": "safe guarding", "feedback": "Yes: safeguarding."},
            ],
        },
        {
            "type": "true_false",
            "name": "Not investigating",
            "prompt": (
                "True or false: when someone tells you they are being abused, you should find out "
                "exactly what happened, and speak to the person they describe, before you tell "
                "anyone."
            ),
            "points": 1,
            "general_feedback": (
                "Listen calmly, take it seriously, and do not ask for more detail than you need "
                "to understand the risk. Then follow your safeguarding procedure the same day, or "
                "at once if anyone is in danger."
            ),
            "correct_answer": False,
            "feedback_true": (
                "Investigating or confronting anyone is not your role, and it can put people at "
                "greater risk. Pass the concern on promptly to your supervisor or safeguarding "
                "lead."
            ),
            "feedback_false": (
                "Right. Your job is to pass the concern on clearly and promptly, so that people in "
                "the right role can take it forward. Call 112 if anyone is in immediate danger."
            ),
        },
        {
            "type": "multiple_response",
            "name": "What a record holds",
            "prompt": (
                "You are writing up a safeguarding concern. Which of these belong in your record? "
                "Choose all that apply."
            ),
            "points": 1,
            "general_feedback": (
                "Good records protect the person, you and your programme. Write facts, plainly "
                "and kindly, as if the person might read it one day, in the programme's secure "
                "system and as soon as you can."
            ),
            "options": [
                {
                    "text": "What the person said, in their own words where it matters",
                    "weight": 25,
                    "feedback": "Yes. Their own words are often the clearest record.",
                },
                {
                    "text": "What you noticed, such as a bruise or weight loss",
                    "weight": 25,
                    "feedback": "Yes. Record what you saw as facts.",
                },
                {
                    "text": "What you did and whom you contacted",
                    "weight": 25,
                    "feedback": "Yes. It shows the next person what has already been done.",
                },
                {
                    "text": "When each of these happened",
                    "weight": 25,
                    "feedback": "Yes. Times and dates make a record useful later.",
                },
                {
                    "text": "Your guess at the person's diagnosis",
                    "weight": -50,
                    "feedback": (
                        "Leave out labels and diagnoses. Keep any opinion separate from the facts "
                        "and clearly marked as an opinion."
                    ),
                },
                {
                    "text": "A screenshot of your chat, saved on your personal phone",
                    "weight": -50,
                    "feedback": (
                        "Never keep records in personal apps or screenshots. Use the programme's "
                        "secure system."
                    ),
                },
            ],
        },
    ],
}

QUIZZES = [QUIZ_1, QUIZ_2, QUIZ_3, QUIZ_4, QUIZ_5]

# A full-marks written answer per essay question (by name), which `manage.py
# demo_almost_certified` submits for the demo trainee so the demo supervisor can grade it.
ESSAY_EXAMPLE_ANSWERS = {
    "Sharing with purpose (written answer)": (
        "Anil could say: “I failed an exam once too, and for a while it felt like the end of "
        "everything. It wasn't, though it took me time and some help to see that. How are you "
        "managing at the moment, with the sleep and everything?” He keeps his own story to a "
        "sentence, leaves out the hardest parts, and does not tell Meena what she should do. "
        "Sharing is only there to show her she is not alone and that things can change; the "
        "question hands the conversation straight back to her. Because she is sleeping badly "
        "and calls herself a failure, he listens for how much she is struggling and, if it "
        "seems heavy, mentions the college counselling service and offers to help her reach it."
    ),
}
ESSAY_EXAMPLE_ANSWER_DEFAULT = (
    "I would listen first, share only what serves the other person, keep it brief and "
    "hopeful, and hand the conversation back with an open question."
)
