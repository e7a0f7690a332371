"""The demo course in Hindi (issue 16): Module 1 and its quiz, written in Hindi by us.

Not a word-for-word rendering but the same teaching, in plain, warm Hindi for volunteers across
India, under the same safe-messaging rules as the English: no detail of methods, hope and
help-seeking, non-stigmatising words ("मानसिक स्वास्थ्य की चुनौतियाँ", never "पागलपन"), and
crisis-line names and numbers kept exactly (Tele-MANAS, 14416). Like the English, it is pure
data: no Django or Wagtail here.

Every Hindi text maps to the English text at the same place, so a loader can pair them:

- `MODULES[module_slug]` mirrors the English module dict (`content.curriculum.module_N.MODULE`)
  in full: the same slugs, minutes, lessons and blocks in the same order, with the same block
  types and non-text values (heading levels, callout kinds, URLs), and each rich-text value with
  the same HTML tags in the same order. Slugs stay ASCII and identical to the English ones, so
  a Hindi lesson page is found as the translation of its English page. A takeaways block also
  names its title ("मुख्य बातें"), which the English leaves to the block's default.
- `QUIZZES[module_slug]` is the module quiz's text only, keyed by position to the English quiz
  (see `quiz_module_1`): correctness, weights and settings stay on the English rows, which the
  Hindi text belongs to.
- `COURSE_TEXT` is the course page's text (title, summary, audience, learning outcomes in the
  English order), for the Hindi course page above the translated module.

Modules 2 to 5 are not translated yet: a trainee reading in Hindi sees them in English, marked
as the original. `tests/content/test_hindi_demo_text.py` checks that this data still mirrors the
English, so an edit to the English that the Hindi has not followed fails there.
"""

from .module_1 import MODULE as MODULE_1
from .quiz_module_1 import QUIZ_1

COURSE_TEXT = {
    "title": "पीयर सपोर्ट की बुनियाद",
    "summary": (
        "मानसिक स्वास्थ्य में पीयर सपोर्ट का एक व्यावहारिक परिचय: यह क्या है और क्या नहीं, "
        "सीमाएँ कैसे बनाए रखें, अपना अनुभव किसी मक़सद से कैसे बताएँ, अपनी देखभाल कैसे करें, "
        "और कैसे पहचानें कि किसी को उससे ज़्यादा मदद चाहिए जितनी एक पीयर दे सकता है।"
    ),
    "audience": (
        "वे लोग जिन्हें मानसिक स्वास्थ्य की चुनौतियों का जिया हुआ अनुभव है, और जो भारत में "
        "या कहीं और, स्वयंसेवक या पीयर वर्कर के रूप में दूसरों का साथ देने की ट्रेनिंग ले रहे "
        "हैं। यह उन कोऑर्डिनेटरों और सुपरवाइज़रों के लिए भी है जो अपनी टीम के साथ एक साझा "
        "नींव चाहते हैं। किसी क्लिनिकल पृष्ठभूमि की ज़रूरत नहीं है।"
    ),
    "learning_outcomes": [
        (
            "समझा सकें कि पीयर सपोर्ट क्या है, यह थेरेपी और दोस्ती से कैसे अलग है, और पेशेवर "
            "मदद के साथ-साथ कैसे काम करता है।"
        ),
        ("समय, संपर्क, तोहफ़ों, पैसों और दोहरे रिश्तों से जुड़ी सीमाएँ तय कर सकें, समझा सकें और बनाए रख सकें।"),
        ("गोपनीयता और उसकी सीमाएँ समझा सकें, और यह भी कि कब किसी की सुरक्षा गोपनीयता से ऊपर आती है।"),
        (
            "तय कर सकें कि अपना जिया हुआ अनुभव कब, क्यों और कितना बताना है, ताकि उससे उस "
            "व्यक्ति का भला हो जिसका आप साथ दे रहे हैं।"
        ),
        (
            "बर्नआउट और दूसरों की पीड़ा उठाते-उठाते होने वाली थकान के संकेत पहचान सकें, और "
            "अपनी देखभाल की योजना, सुपरविज़न और पीयर सपोर्ट के सहारे ख़ुद को सँभाले रख सकें।"
        ),
        (
            "ख़तरे के चेतावनी संकेत पहचान सकें, आत्महत्या के विचारों के बारे में सीधे पूछ सकें, "
            "और आपातकालीन मदद से जोड़ते हुए व्यक्ति के साथ बने रह सकें।"
        ),
        (
            "पेशेवरों और सेवाओं तक व्यक्ति को हाथ थामकर पहुँचा सकें (वॉर्म रेफ़रल), और किसी "
            "संकट या सुरक्षा की चिंता के बाद उसका रिकॉर्ड लिख सकें और किसी के साथ बैठकर उस पर "
            "बात कर सकें (डीब्रीफ़)।"
        ),
    ],
}

MODULES = {MODULE_1["slug"]: MODULE_1}

QUIZZES = {QUIZ_1["module_slug"]: QUIZ_1}
