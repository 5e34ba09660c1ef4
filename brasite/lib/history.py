"""The change log shown on detail pages, read from django-simple-history."""

import datetime

from django.utils.translation import gettext_lazy as _

# simple-history ships no Danish translation; these are the labels of its history types.
HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def display_value(field, value) -> str:
    if value in (None, ""):
        return "–"
    if field.many_to_many:
        ids = [row[field.m2m_reverse_field_name()] if isinstance(row, dict) else row for row in value]
        return ", ".join(str(obj) for obj in field.related_model.objects.filter(pk__in=ids)) or "–"
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def no_missing_reason(sender, history_instance, **kwargs) -> None:
    """Receiver of simple-history's `pre_create_historical_record`: a change without a reason is stored
    with an empty one, not NULL, which the admin's history page would show as "None"."""
    if history_instance.history_change_reason is None:
        history_instance.history_change_reason = ""


HIDDEN_FIELDS = ["version", "updated_at", "updated_by", "created_at", "created_by"]


def changed_fields(record, previous) -> list[str]:
    """The labels of the fields one history record changed against the one before it, without reading
    anything more from the database (many-to-many fields, kept in tables of their own, are left out)."""
    model = record.instance_type
    many = {field.name for field in previous._history_m2m_fields}
    names = [f.name for f in previous.tracked_fields if f.editable and f.name not in many]
    delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS, included_fields=names)
    return [str(model._meta.get_field(name).verbose_name) for name in delta.changed_fields]


def change_log(obj, limit: int = 50) -> list[dict]:
    """Newest first: who changed what and when, with old and new values, for one object."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(obj)
    entries = []
    for record, previous in zip(records, records[1:] + [None], strict=True):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": display_value(field, change.old),
                        "new": display_value(field, change.new),
                    }
                )
        entries.append({"record": record, "action": HISTORY_TYPES[record.history_type], "changes": changes})
    return entries[:limit]
