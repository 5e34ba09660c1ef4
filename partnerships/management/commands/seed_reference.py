from django.core.management.base import BaseCommand

from partnerships.models import Municipality, MunicipalityGroup, Programme, Region
from partnerships.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Load Denmark's regions and municipalities, the default group of municipalities and the programmes "
        "with their participants (idempotent)."
    )

    def handle(self, *args, **options):
        load_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded: {Region.objects.count()} regions, "
                f"{Municipality.objects.count()} municipalities, "
                f"{MunicipalityGroup.objects.count()} groups, {Programme.objects.count()} programmes."
            )
        )
