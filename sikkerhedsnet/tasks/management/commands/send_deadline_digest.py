"""Daily digest: each caseworker gets their overdue deadlines and those due within the next 2 working days.

Mail goes through Django's email backend (console by default). The mail holds names and case numbers only,
never a CPR number. Run it once a day, e.g. from cron at 06:30: `manage.py send_deadline_digest`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandParser
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sikkerhedsnet.tasks import rules
from sikkerhedsnet.tasks.selectors import digests


class Command(BaseCommand):
    help = "Mail each caseworker a digest of overdue deadlines and those due within 2 working days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print the digests instead of sending mail.")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        today = timezone.localdate()
        messages = []
        for digest in digests(today=today):
            user = digest.user
            saturday = bool(user.municipality and user.municipality.saturday_is_working_day)
            body = render_to_string(
                "tasks/email/deadline_digest.txt",
                {
                    "user": user,
                    "today": today,
                    "until": rules.digest_until(today, saturday_counts=saturday),
                    "overdue": digest.overdue,
                    "upcoming": digest.upcoming,
                },
            )
            subject = _("Sikkerhedsnet: %(overdue)s overskredne og %(upcoming)s kommende frister") % {
                "overdue": len(digest.overdue),
                "upcoming": len(digest.upcoming),
            }
            if options["dry_run"] or not user.email:
                reason = "" if options["dry_run"] else " " + _("(ingen e-mailadresse – ikke sendt)")
                self.stdout.write(f"== {user.username}{reason}\n{subject}\n{body}")
                continue
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
        sent = get_connection().send_messages(messages) if messages else 0
        self.stdout.write(_("%(sent)s oversigter sendt.") % {"sent": sent or 0})
