"""English messages of Django and of the third-party apps that the administration shows, kept here so that
`make messages` (makemessages --no-obsolete) keeps their Vietnamese in locale/vi (ADR 0027).

Never used at run time: each app looks its own message up, and the project's catalogue comes first
(LOCALE_PATHS). A message added here needs its Vietnamese in locale/vi/LC_MESSAGES/django.po;
tests/test_admin_i18n.py walks every admin page and fails on a name or label left in English.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, pgettext_lazy

AXES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("Path"),
    gettext_noop("POST Data"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
)

TASKS = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("args kwargs"),
    gettext_noop("backend name"),
    gettext_noop("enqueued at"),
    gettext_noop("exception class path"),
    gettext_noop("finished at"),
    gettext_noop("priority"),
    gettext_noop("queue name"),
    gettext_noop("return value"),
    gettext_noop("run after"),
    gettext_noop("started at"),
    gettext_noop("status"),
    gettext_noop("task path"),
    gettext_noop("traceback"),
    gettext_noop("worker id"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)

# Django's own: messages its Vietnamese catalogue lacks or leaves half English ("trạng thái superuser").
DJANGO = (
    gettext_noop("users"),
    gettext_noop("History"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("superuser status"),
    gettext_noop("Designates whether the user can log into this admin site."),
    gettext_noop("Password-based authentication"),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be "
        "able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Set password: %s"),
    gettext_noop("Set password"),
    gettext_noop("Reset password"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z "
        "letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Error:"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Model name"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
)
