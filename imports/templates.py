"""The spreadsheets coordinators fill in: their columns (Danish headers, English ones read too) and the
template files, CSV and xlsx, with a guide to every column in the user's language."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brasite.lib.exports import xlsx_bytes
from partnerships.models import Company, CooperationAgreement, School

from .files import Column


@dataclass(frozen=True)
class Template:
    name: str  # "schools", "companies" or "agreements"
    filename: str  # the downloaded file's name, without extension
    columns: tuple[Column, ...]
    choices: Mapping[str, type[models.TextChoices]] = field(default_factory=dict)  # by Column.key


MUNICIPALITY = Column(
    "municipality",
    ("Kommune", "Municipality"),
    required=True,
    help=gettext_lazy("The municipality's name or its four-digit code, e.g. Odder or 0727."),
)
ADDRESS = Column("address", ("Adresse", "Address"), help=gettext_lazy("Street and number."))
POSTCODE = Column("postcode", ("Postnummer", "Postcode"), help=gettext_lazy("Four digits."))
INSTITUTION_NUMBER = Column(
    "institution_number",
    ("Institutionsnummer", "Institution number"),
    help=gettext_lazy("Six digits, from the Ministry's institution register."),
)
CVR = Column(
    "cvr",
    ("CVR-nummer", "CVR number", "CVR"),
    help=gettext_lazy("8 digits, e.g. 12345674. Spaces and a “DK” prefix are fine."),
)
DATE_HELP = gettext_lazy("A date as dd.mm.yyyy or yyyy-mm-dd.")

SCHOOLS = Template(
    "schools",
    "skoler",
    (
        Column("name", ("Skole", "School"), required=True, help=gettext_lazy("The school's name.")),
        INSTITUTION_NUMBER,
        MUNICIPALITY,
        Column("kind", ("Skoletype", "Kind of school"), help=gettext_lazy("Empty: folkeskole.")),
        ADDRESS,
        POSTCODE,
    ),
    choices={"kind": School.Kind},
)
COMPANIES = Template(
    "companies",
    "virksomheder",
    (
        Column("name", ("Virksomhed", "Company"), required=True, help=gettext_lazy("The company's name.")),
        Column(
            CVR.key,
            CVR.headers,
            help=format_lazy(
                "{} {}",
                CVR.help,
                gettext_lazy(
                    "A company needs it; an association or organisation without one leaves it empty and is "
                    "found by its name in the municipality."
                ),
            ),
        ),
        MUNICIPALITY,
        Column(
            "kind",
            ("Type", "Kind"),
            help=gettext_lazy(
                "Empty: company. Write association or organisation for one without a CVR number."
            ),
        ),
        ADDRESS,
        POSTCODE,
        Column("sector", ("Branche", "Sector")),
        Column("employee_band", ("Antal ansatte", "Number of employees")),
        Column("website", ("Hjemmeside", "Website")),
        Column("host_status", ("Værtsstatus", "Host status"), help=gettext_lazy("Empty: pending approval.")),
        Column(
            "hosting_capacity",
            ("Kapacitet", "Hosting capacity"),
            help=gettext_lazy("How many classes the company can host in a HOP-IN week (0 to 50)."),
        ),
        Column(
            "contact_name",
            ("Kontaktperson", "Contact person"),
            help=gettext_lazy("For several contact persons, repeat the company's row with each of them."),
        ),
        Column("contact_role", ("Stilling", "Job title")),
        Column("contact_email", ("E-mail", "Email")),
        Column("contact_phone", ("Telefon", "Phone"), help=gettext_lazy("8 digits, with or without +45.")),
    ),
    choices={
        "kind": Company.Kind,
        "sector": Company.Sector,
        "employee_band": Company.EmployeeBand,
        "host_status": Company.HostStatus,
    },
)
AGREEMENTS = Template(
    "agreements",
    "aftaler",
    (
        Column("school", ("Skole", "School"), required=True, help=gettext_lazy("The school's name.")),
        Column(
            INSTITUTION_NUMBER.key,
            INSTITUTION_NUMBER.headers,
            help=gettext_lazy("Tells schools of the same name apart."),
        ),
        Column("company", ("Virksomhed", "Company"), required=True, help=gettext_lazy("The company's name.")),
        Column(
            CVR.key,
            CVR.headers,
            help=gettext_lazy(
                "Tells companies of the same name apart. Empty: the company of this name, in the school's "
                "municipality first."
            ),
        ),
        Column("programme", ("Program", "Programme"), help=gettext_lazy("Empty: no programme.")),
        Column("title", ("Titel", "Title"), required=True),
        Column("start_date", ("Startdato", "Start date"), required=True, help=DATE_HELP),
        Column("end_date", ("Slutdato", "End date"), help=DATE_HELP),
        Column("status", ("Status",), help=gettext_lazy("Empty: draft.")),
        Column("activities", ("Aktiviteter", "Activities")),
        Column(
            "contact_persons",
            ("Kontaktperson", "Kontaktpersoner", "Contact persons", "Contact person"),
            help=gettext_lazy("Names or email addresses of contact persons at the school or the company."),
        ),
        Column("signed_on", ("Underskrevet", "Signed on"), help=DATE_HELP),
    ),
    choices={"status": CooperationAgreement.Status},
)
TEMPLATES = {template.name: template for template in (SCHOOLS, COMPANIES, AGREEMENTS)}


def template_csv(template: Template) -> bytes:
    """The template as CSV: the header row, `;`-separated UTF-8 with a byte order mark, as Excel wants."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        [column.header for column in template.columns]
    )
    return out.getvalue().encode("utf-8")


def template_xlsx(template: Template, *, programmes: Sequence[str] = ()) -> bytes:
    """The template as a workbook: the header row on the first sheet, a guide to every column on the next."""
    guide = []
    for column in template.columns:
        text = [str(column.help)] if column.help else []
        if column.key in template.choices:
            labels = ", ".join(str(label) for _value, label in template.choices[column.key].choices)
            text.append(_("One of: %(choices)s.") % {"choices": labels})
        if column.key == "programme" and programmes:
            text.append(_("One of: %(choices)s.") % {"choices": ", ".join(programmes)})
        guide.append([column.header, _("yes") if column.required else _("no"), " ".join(text)])
    return xlsx_bytes(
        [
            (template.filename.capitalize(), [column.header for column in template.columns], []),
            (_("Guide"), [_("Column"), _("Required"), _("What to write")], guide),
        ]
    )
