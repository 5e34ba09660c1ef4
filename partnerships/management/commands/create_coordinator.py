from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.models import Municipality, MunicipalityGroup, User


class Command(BaseCommand):
    help = (
        "Create or update a municipal coordinator (or, with --viewer, a regional viewer of the groups given "
        "with --group, else of the default group). "
        "Without --password, print a one-time link where the person sets a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="CODE",
            help="Kommunekode of a municipality to coordinate (repeat for several), e.g. 0751.",
        )
        parser.add_argument(
            "--viewer",
            action="store_true",
            help="Make a regional viewer (reads the municipalities of the groups it follows).",
        )
        parser.add_argument(
            "--group",
            action="append",
            default=[],
            metavar="SLUG",
            help="With --viewer: the slug of a group of municipalities to follow (repeat for several); "
            "none: the default group.",
        )
        parser.add_argument("--password", help="Set this password instead of printing a link.")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Start of the printed link (default: the SITE_URL setting, like every emailed link).",
        )

    @transaction.atomic
    def handle(self, *args, email, municipality, viewer, group, password, base_url, **options):
        codes = municipality
        if viewer and codes:
            raise CommandError(
                "A regional viewer reads the municipalities of groups: use --group, not --municipality."
            )
        if not viewer and not codes:
            raise CommandError("Give at least one --municipality CODE (or --viewer).")
        if group and not viewer:
            raise CommandError("Only a regional viewer follows groups: add --viewer.")
        groups = list(MunicipalityGroup.objects.filter(slug__in=group))
        unknown_groups = sorted(set(group) - {g.slug for g in groups})
        if unknown_groups:
            raise CommandError(f"Unknown group(s): {', '.join(unknown_groups)}.")
        municipalities = list(Municipality.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {m.code for m in municipalities})
        if unknown:
            raise CommandError(
                f"Unknown municipality code(s): {', '.join(unknown)}. Run seed_reference first?"
            )

        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(email=email)
        user.role = User.Role.VIEWER if viewer else User.Role.COORDINATOR
        if password:
            user.set_password(password)
        user.save()
        user.municipalities.set(municipalities)
        user.viewer_groups.set(groups)

        if viewer:
            role = "regional viewer of " + (", ".join(g.name for g in groups) or "the default group")
        else:
            role = "coordinator of " + ", ".join(m.name for m in municipalities)
        self.stdout.write(self.style.SUCCESS(f"{'Created' if created else 'Updated'} {user.email}: {role}."))
        if not password:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
            start = (base_url or settings.SITE_URL).rstrip("/")
            self.stdout.write(f"One-time link to set a password: {start}{path}")
