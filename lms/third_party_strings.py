# ruff: noqa: E501 - each msgid must stay exactly as the package writes it
"""Interface text that other packages show our trainees and supervisors, so that it is in
OUR catalogue (locale/) and `makemessages` keeps it there.

django-allauth ships no Hindi, and Django's own Hindi catalogue lacks a few messages people
meet (password rules, some form errors, the "time since" words, the page a stale form gets)
and misspells three month names that every date in Hindi shows.
Each msgid below is exactly the one the package translates at run time (read from its source
with xgettext: allauth's account forms, adapter messages, page and email templates; Django's
validators and views), so our translation of it is the one shown: Django merges every
catalogue, and ours (LOCALE_PATHS) wins. Nothing imports this module; only `makemessages`
reads it.

After upgrading django-allauth or Django, regenerate the lists (the msgids can change) and run
tests/i18n: the catalogue test fails for any msgid the catalogue lacks or has untranslated.
Features this site does not offer (sign-in by code, phone numbers, passkeys, changing the
email address) are left out.
"""

from django.utils.translation import (
    gettext_noop,
    ngettext_lazy,
    pgettext_lazy,
)

# fmt: off
ALLAUTH = [
    # allauth/account/adapter.py
    gettext_noop('This account is currently inactive.'),
    gettext_noop('You cannot remove your primary email address.'),
    gettext_noop('This email address is already associated with this account.'),
    gettext_noop('The email address and/or password you specified are not correct.'),
    gettext_noop('A user is already registered with this email address.'),
    gettext_noop('Please type your current password.'),
    gettext_noop('Incorrect password.'),
    gettext_noop('Invalid or expired key.'),
    gettext_noop('Invalid login.'),
    gettext_noop('The password reset token was invalid.'),
    gettext_noop('You cannot add more than %d email addresses.'),
    gettext_noop('Too many failed login attempts. Try again later.'),
    gettext_noop('The email address is not assigned to any user account.'),
    gettext_noop('Your primary email address must be verified.'),
    gettext_noop('Be patient, you are sending too many requests.'),
    gettext_noop('Use your password'),
    # allauth/account/fields.py
    gettext_noop('Email'),
    gettext_noop('Email address'),
    gettext_noop('Forgot your password?'),
    # allauth/account/forms.py
    gettext_noop('You must type the same password each time.'),
    gettext_noop('Password'),
    gettext_noop('Remember Me'),
    pgettext_lazy('field label', 'Login'),
    gettext_noop('You must type the same email each time.'),
    gettext_noop('Password (again)'),
    gettext_noop('Current Password'),
    gettext_noop('New Password'),
    gettext_noop('New Password (again)'),
    # allauth/templates/account/account_inactive.html
    gettext_noop('Account Inactive'),
    gettext_noop('This account is inactive.'),
    # allauth/templates/account/base_reauthenticate.html
    gettext_noop('Confirm Access'),
    gettext_noop('Please reauthenticate to safeguard your account.'),
    gettext_noop('Alternative options'),
    # allauth/templates/account/email.html
    gettext_noop('Email Addresses'),
    gettext_noop('The following email addresses are associated with your account:'),
    gettext_noop('Verified'),
    gettext_noop('Unverified'),
    gettext_noop('Primary'),
    gettext_noop('Make Primary'),
    gettext_noop('Re-send Verification'),
    gettext_noop('Remove'),
    gettext_noop('Add Email Address'),
    gettext_noop('Add Email'),
    gettext_noop('Do you really want to remove the selected email address?'),
    # allauth/templates/account/email/account_already_exists_message.txt
    gettext_noop('You are receiving this email because you or someone else tried to signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an account using that email address already exists.  In case you have\nforgotten about this, please use the password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s'),
    # allauth/templates/account/email/account_already_exists_subject.txt
    gettext_noop('Account Already Exists'),
    # allauth/templates/account/email/base_message.txt
    gettext_noop('Hello from %(site_name)s!'),
    gettext_noop('Thank you for using %(site_name)s!\n%(site_domain)s'),
    # allauth/templates/account/email/email_confirm_message.txt
    gettext_noop('Your email has been confirmed.'),
    # allauth/templates/account/email/email_confirm_subject.txt
    gettext_noop('Email Confirmation'),
    # allauth/templates/account/email/email_confirmation_message.txt
    gettext_noop("You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."),
    gettext_noop('To confirm this is correct, go to %(activate_url)s'),
    # allauth/templates/account/email/email_confirmation_subject.txt
    gettext_noop('Please Confirm Your Email Address'),
    # allauth/templates/account/email/password_reset_key_message.txt
    gettext_noop("You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."),
    # allauth/templates/account/email/password_reset_key_subject.txt
    gettext_noop('Password Reset Email'),
    # allauth/templates/account/email/unknown_account_message.txt
    gettext_noop('This mail can be safely ignored if you did not initiate this action.'),
    gettext_noop('You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database.'),
    gettext_noop('If it was you, you can sign up for an account using the link below.'),
    # allauth/templates/account/email/unknown_account_subject.txt
    gettext_noop('Unknown Account'),
    # allauth/templates/account/email_confirm.html
    gettext_noop('Confirm'),
    gettext_noop('Confirm Email Address'),
    gettext_noop('Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'),
    gettext_noop('Unable to confirm %(email)s because it is already confirmed by a different account.'),
    gettext_noop('This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'),
    # allauth/templates/account/login.html
    gettext_noop('Sign In'),
    gettext_noop('If you have not created an account yet, then please %(link)ssign up%(end_link)s first.'),
    # allauth/templates/account/logout.html
    gettext_noop('Sign Out'),
    gettext_noop('Are you sure you want to sign out?'),
    # allauth/templates/account/messages/cannot_delete_primary_email.txt
    gettext_noop('You cannot remove your primary email address (%(email)s).'),
    # allauth/templates/account/messages/email_confirmation_sent.txt
    gettext_noop('Confirmation email sent to %(email)s.'),
    # allauth/templates/account/messages/email_confirmed.txt
    gettext_noop('You have confirmed %(email)s.'),
    # allauth/templates/account/messages/email_deleted.txt
    gettext_noop('Removed email address %(email)s.'),
    # allauth/templates/account/messages/logged_in.txt
    gettext_noop('Successfully signed in as %(name)s.'),
    # allauth/templates/account/messages/logged_out.txt
    gettext_noop('You have signed out.'),
    # allauth/templates/account/messages/password_changed.txt
    gettext_noop('Password successfully changed.'),
    # allauth/templates/account/messages/password_set.txt
    gettext_noop('Password successfully set.'),
    # allauth/templates/account/messages/primary_email_set.txt
    gettext_noop('Primary email address set.'),
    # allauth/templates/account/password_change.html
    gettext_noop('Change Password'),
    # allauth/templates/account/password_reset.html
    gettext_noop('Password Reset'),
    gettext_noop("Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."),
    gettext_noop('Reset My Password'),
    gettext_noop('Please contact us if you have any trouble resetting your password.'),
    # allauth/templates/account/password_reset_done.html
    gettext_noop('We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes.'),
    # allauth/templates/account/password_reset_from_key.html
    gettext_noop('Cancel'),
    gettext_noop('Bad Token'),
    gettext_noop('The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'),
    # allauth/templates/account/password_reset_from_key_done.html
    gettext_noop('Your password is now changed.'),
    # allauth/templates/account/password_set.html
    gettext_noop('Set Password'),
    # allauth/templates/account/reauthenticate.html
    gettext_noop('Enter your password:'),
    # allauth/templates/account/signup.html
    gettext_noop('Signup'),
    gettext_noop('Sign Up'),
    gettext_noop('Already have an account? Then please %(link)ssign in%(end_link)s.'),
    # allauth/templates/account/signup_closed.html
    gettext_noop('Sign Up Closed'),
    gettext_noop('We are sorry, but the sign up is currently closed.'),
    # allauth/templates/account/snippets/already_logged_in.html
    gettext_noop('Note'),
    gettext_noop('You are already logged in as %(user_display)s.'),
    # allauth/templates/account/snippets/warn_no_email.html
    gettext_noop('Warning:'),
    gettext_noop('You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc.'),
    # allauth/templates/account/verification_sent.html
    gettext_noop('Verify Your Email Address'),
    gettext_noop('We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes.'),
    # allauth/templates/account/verified_email_required.html
    gettext_noop('This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. '),
    gettext_noop('We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes.'),
    gettext_noop('<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.'),
]

DJANGO = [
    # django/contrib/auth/forms.py
    gettext_noop('The two password fields didn’t match.'),
    # django/contrib/auth/password_validation.py
    ngettext_lazy('This password is too short. It must contain at least %d character.', 'This password is too short. It must contain at least %d characters.', 'n'),
    ngettext_lazy('Your password must contain at least %(min_length)d character.', 'Your password must contain at least %(min_length)d characters.', 'n'),
    gettext_noop('The password is too similar to the %(verbose_name)s.'),
    gettext_noop('Your password can’t be too similar to your other personal information.'),
    gettext_noop('This password is too common.'),
    gettext_noop('Your password can’t be a commonly used password.'),
    gettext_noop('This password is entirely numeric.'),
    gettext_noop('Your password can’t be entirely numeric.'),
    # django/core/paginator.py
    gettext_noop('…'),
    # django/core/validators.py
    ngettext_lazy('Ensure this value has at least %(limit_value)d character (it has %(show_value)d).', 'Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).', 'n'),
    ngettext_lazy('Ensure this value has at most %(limit_value)d character (it has %(show_value)d).', 'Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).', 'n'),
    gettext_noop('Null characters are not allowed.'),
    # django/db/models/base.py
    gettext_noop('%(model_name)s with this %(field_labels)s already exists.'),
    # django/db/models/fields/__init__.py
    gettext_noop('Value %(value)r is not a valid choice.'),
    # django/forms/fields.py
    gettext_noop('Enter a complete value.'),
    # django/utils/dates.py
    gettext_noop('September'),
    gettext_noop('November'),
    gettext_noop('December'),
    # django/utils/timesince.py
    ngettext_lazy('%(num)d year', '%(num)d years', 'n'),
    ngettext_lazy('%(num)d month', '%(num)d months', 'n'),
    ngettext_lazy('%(num)d week', '%(num)d weeks', 'n'),
    ngettext_lazy('%(num)d day', '%(num)d days', 'n'),
    ngettext_lazy('%(num)d hour', '%(num)d hours', 'n'),
    ngettext_lazy('%(num)d minute', '%(num)d minutes', 'n'),
    # django/views/csrf.py
    gettext_noop('Forbidden'),
    gettext_noop('You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.'),
    gettext_noop('If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.'),
    gettext_noop('If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'),
    gettext_noop('You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.'),
    gettext_noop('If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.'),
]

# fmt: on
