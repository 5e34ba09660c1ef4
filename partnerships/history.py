"""The change log shown on detail pages, read from django-simple-history."""

from .services import display_value

HIDDEN_FIELDS = ["version", "updated_at", "updated_by", "created_at", "created_by"]


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
        entries.append({"record": record, "changes": changes})
    return entries[:limit]
