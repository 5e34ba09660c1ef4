"""What a coordinator's workspace shows for one municipality."""

import datetime
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from brasite.lib.history import HISTORY_TYPES, changed_fields
from hosting.models import HostSignup
from partnerships.models import CooperationAgreement, Municipality, User

Status = CooperationAgreement.Status
# The workspace lists this many agreements of each kind and links to the whole list.
SHORT_LIST = 10


def records_before(records: list) -> dict:
    """For each history record, the record of the same agreement just before it, in one query."""
    if not records:
        return {}
    model = CooperationAgreement.history.model
    earlier = model.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    changed = model.objects.filter(history_id__in=[r.history_id for r in records if r.history_type == "~"])
    before = changed.annotate(
        before=Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])
    ).values("before")
    candidates = list(model.objects.filter(history_id__in=Subquery(before)))

    def key(row):
        return (row.history_date, row.history_id)

    found = {}
    for record in records:
        older = [row for row in candidates if row.id == record.id and key(row) < key(record)]
        if older:
            found[record.history_id] = max(older, key=key)
    return found


def contact_sets(records: list) -> dict[int, set[int]]:
    """The contact persons each history record lists (kept in a table of their own), in one query."""
    if not records:
        return {}
    through = apps.get_model("partnerships", "HistoricalCooperationAgreement_contact_persons")
    rows = through.objects.filter(history__in=[r.history_id for r in records])
    sets: dict[int, set[int]] = {}
    for history_id, person_id in rows.values_list("history_id", "contactperson_id"):
        sets.setdefault(history_id, set()).add(person_id)
    return sets


def changes(record, previous, contacts: dict[int, set[int]]) -> list[str]:
    """What one change changed: its fields' labels, and "contact persons" when those changed."""
    if previous is None:
        return []
    fields = changed_fields(record, previous)
    if contacts.get(record.history_id, set()) != contacts.get(previous.history_id, set()):
        fields.append(str(CooperationAgreement._meta.get_field("contact_persons").verbose_name))
    return fields


def latest_changes(history: list, previous: dict, contacts: dict) -> list[dict]:
    """Who changed what; a save that changed nothing a person sees (e.g. the first half of a save that
    also changed the contact persons) is left out."""
    entries = []
    for record in history:
        fields = changes(record, previous.get(record.history_id), contacts)
        if record.history_type == "~" and record.history_id in previous and not fields:
            continue
        entries.append({"record": record, "action": HISTORY_TYPES[record.history_type], "fields": fields})
    return entries


def workspace_overview(municipality: Municipality, *, user: User) -> dict:
    """Everything the coordinator's home shows for one municipality."""
    today = timezone.localdate()
    progress = Municipality.objects.with_goal_progress(today).get(pk=municipality.pk)
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality).select_related(
        "school", "company"
    )
    history = list(
        CooperationAgreement.history.filter(school__municipality=municipality)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:10]
    )
    previous = records_before(history)
    contacts = contact_sets([*history, *previous.values()])
    ending_soon = agreements.filter(
        status=Status.ACTIVE, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=60)
    ).order_by("end_date", "pk")
    all_agreements = reverse("partnerships:agreement_list")
    drafts = agreements.filter(status=Status.DRAFT).order_by("start_date", "pk")
    return {
        "progress": progress,
        "ending_soon": ending_soon[:SHORT_LIST],
        "ending_soon_count": ending_soon.count(),
        "drafts": drafts[:SHORT_LIST],
        "drafts_count": drafts.count(),
        "ending_url": f"{all_agreements}?{urlencode({'status': Status.ACTIVE, 'ordering': 'end_date'})}",
        "drafts_url": f"{all_agreements}?{urlencode({'status': Status.DRAFT, 'ordering': 'start_date'})}",
        "latest_changes": latest_changes(history, previous, contacts),
        "can_edit": user.can_edit_in(municipality.pk),
        "waiting_signups": HostSignup.objects.waiting().filter(municipality=municipality).count(),
    }
