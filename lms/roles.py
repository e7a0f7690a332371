"""The five roles, as Django groups, and the permissions each one holds.

Apps declare their own permissions (Meta.permissions); this module only assembles groups
from them. `setup_site` creates the groups and adds any missing permission, and never removes
a permission an administrator granted by hand.
"""

from django.utils.translation import gettext_lazy as _

TRAINEE = "Trainee"
SUPERVISOR = "Supervisor"
CONTENT_EDITOR = "Content editor"
CLINICAL_REVIEWER = "Clinical reviewer"
PROGRAMME_ADMIN = "Programme admin"
NATIONAL_ADMIN = "National admin"

ROLES = [TRAINEE, SUPERVISOR, CONTENT_EDITOR, CLINICAL_REVIEWER, PROGRAMME_ADMIN, NATIONAL_ADMIN]

ROLE_DESCRIPTIONS = {
    TRAINEE: _("Works through courses, takes quizzes and logs supervised practice."),
    SUPERVISOR: _("Reviews and signs off their trainees' practice and competencies."),
    CONTENT_EDITOR: _("Writes courses, lessons and quizzes in the editing area."),
    CLINICAL_REVIEWER: _("Approves content before trainees see it."),
    PROGRAMME_ADMIN: _(
        "Runs cohorts, enrolments, reports and certificates for the organisations that name them."
    ),
    NATIONAL_ADMIN: _(
        "A programme admin for every organisation; adds organisations and names their admins."
    ),
}

# "app_label.codename" for each role. Roles that reach the Wagtail admin hold
# wagtailadmin.access_admin; trainees and supervisors never do.
_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

# The question bank: banks, categories, every question type (each a model of its own, with
# its own permissions) and the option rows they are made of.
_QUESTION_MODELS = [
    "questionbank",
    "questioncategory",
    "question",
    "singlechoicequestion",
    "multipleresponsequestion",
    "truefalsequestion",
    "shortanswerquestion",
    "matchingquestion",
    "numericalquestion",
    "essayquestion",
    "choiceoption",
    "weightedoption",
    "acceptedanswer",
    "matchingpair",
]
_QUESTION_BANK_EDIT = [
    f"assessments.{action}_{model}"
    for model in _QUESTION_MODELS
    for action in ("add", "change", "delete", "view")
]
_QUESTION_BANK_VIEW = [f"assessments.view_{model}" for model in _QUESTION_MODELS]

# A course's practice set-up: categories with their required hours, the settings (log bounds,
# rating scale) and competencies. Trainees' logs and sign-offs are not editable in the admin.
_PRACTICE_SETUP_EDIT = [
    f"assessments.{action}_{model}"
    for model in ("practicecategory", "practicesettings", "competency")
    for action in ("add", "change", "delete", "view")
]

# The privacy notice people agree to (lms/consent.py): drafts written, deleted and published
# in Settings → Privacy notices; a published version is never changed.
_PRIVACY_NOTICE_EDIT = [
    "lms.add_privacynotice",
    "lms.change_privacynotice",
    "lms.delete_privacynotice",
    "lms.view_privacynotice",
    "lms.publish_privacynotice",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    TRAINEE: [],
    SUPERVISOR: ["courses.supervise_trainees"],
    CONTENT_EDITOR: [
        "wagtailadmin.access_admin",
        *_MEDIA,
        "content.add_crisisline",
        "content.change_crisisline",
        "content.delete_crisisline",
        *_QUESTION_BANK_EDIT,
        # Translating course pages with wagtail-localize (issue 16): each translation goes
        # live only through Clinical review (courses/translations.py).
        "wagtail_localize.submit_translation",
        # Quizzes are drafted and submitted to Clinical review; never published directly.
        "assessments.add_quiz",
        "assessments.change_quiz",
        "assessments.view_quiz",
        "assessments.lock_quiz",
        # Reports show editors which questions work (facility, discrimination).
        "assessments.view_quiz_report",
        *_PRACTICE_SETUP_EDIT,
        # The certificate's wording and logo, and each course's code of ethics: each save
        # is a new version, so nothing is deleted.
        "certificates.add_certificatewording",
        "certificates.change_certificatewording",
        "certificates.view_certificatewording",
        "certificates.add_codeofethics",
        "certificates.change_codeofethics",
        "certificates.view_codeofethics",
        *_PRIVACY_NOTICE_EDIT,
    ],
    CLINICAL_REVIEWER: [
        "wagtailadmin.access_admin",
        "wagtailimages.choose_image",
        *_QUESTION_BANK_VIEW,
        "assessments.approve_question",
        # Approving a quiz in Clinical review publishes it as the reviewer.
        "assessments.change_quiz",
        "assessments.view_quiz",
        "assessments.publish_quiz",
        "assessments.lock_quiz",
        "assessments.unlock_quiz",
        "assessments.view_quiz_report",
    ],
    PROGRAMME_ADMIN: [
        "wagtailadmin.access_admin",
        "lms.add_user",
        "lms.change_user",
        "lms.view_user",
        "courses.add_cohort",
        "courses.change_cohort",
        "courses.delete_cohort",
        "courses.view_cohort",
        "courses.add_enrolment",
        "courses.change_enrolment",
        "courses.view_enrolment",
        "courses.add_supervision",
        "courses.view_supervision",
        "assessments.view_quiz",
        "assessments.view_quiz_report",
        # Practice records (every log with its sign-offs, never the reflection) and a
        # cohort's hours as CSV.
        "assessments.view_practicelog",
        # Certificates: list and read, revoke with a reason, reissue after a name correction
        # and regenerate a course's PDFs. Issuing is the system's, never a person's.
        "certificates.view_certificate",
        "certificates.revoke_certificate",
        "certificates.reissue_certificate",
        "certificates.view_codeofethics",
        # The audit log of their organisations' people (Reports → Audit log).
        "lms.view_auditevent",
    ],
}

# The national admin does everything a programme admin does, in every organisation
# (courses/organisations.py reads the permission), manages the organisations and, with
# content editors, publishes the privacy notice.
ROLE_PERMISSIONS[NATIONAL_ADMIN] = [
    *ROLE_PERMISSIONS[PROGRAMME_ADMIN],
    "courses.see_all_organisations",
    "courses.add_organisation",
    "courses.change_organisation",
    "courses.delete_organisation",  # one that runs no cohort (an organisation added by mistake)
    "courses.view_organisation",
    *_PRIVACY_NOTICE_EDIT,
]

ADMIN_ROLES = {CONTENT_EDITOR, CLINICAL_REVIEWER, PROGRAMME_ADMIN, NATIONAL_ADMIN}
