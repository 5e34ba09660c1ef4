from django.core.management.base import BaseCommand

from partnerships.models import Municipality, Programme
from partnerships.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the 12 BRAA municipalities and the three programmes with their participants (idempotent)."

    def handle(self, *args, **options):
        load_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded: {Municipality.objects.count()} municipalities, "
                f"{Programme.objects.count()} programmes."
            )
        )
