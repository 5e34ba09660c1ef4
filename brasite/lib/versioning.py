"""No lost updates: the one mechanism for every record a person edits, in the portal and in the admin.

A model gets a `version` (`Versioned`); its form (`VersionedModelForm`) carries the version the person
loaded as a hidden field. When somebody else saved the record in between, the form is invalid with a
message naming what changed meanwhile (read from the history where the model keeps one) and the typed
input stays in the form; the hidden version then moves on, so saving again keeps the person's version.
The save itself re-checks under a row lock and raises `StaleEdit` if a save slipped in after validation.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .history import HIDDEN_FIELDS, display_value


class Versioned(models.Model):
    """A version number that every save through a versioned form moves on by one."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """Somebody else saved the record after the form was loaded."""

    def __init__(self, current: models.Model, changes: list[dict], who=None):
        super().__init__("stale edit")
        self.current = current
        self.changes = changes
        self.who = who


def _change(field, old, new, *, known_old: bool = True) -> dict:
    return {
        "field": field.verbose_name,
        "old": display_value(field, old) if known_old else None,
        "new": display_value(field, new),
    }


def changes_since(obj: models.Model, version: int, form: forms.BaseForm | None = None) -> list[dict]:
    """What changed in `obj` since `version`: field label, old and new value.

    From the history where the model keeps one; otherwise the fields of `form` whose saved value now
    differs from what the person typed (their earlier value is then unknown)."""
    history = getattr(obj, "history", None)
    if history is not None:
        records = history.order_by("-history_date", "-history_id")
        latest = records.first()
        before = records.filter(version__lte=version).first()
        if latest is None or before is None:
            return []
        delta = latest.diff_against(before, excluded_fields=HIDDEN_FIELDS)
        return [
            _change(obj._meta.get_field(change.field), change.old, change.new) for change in delta.changes
        ]
    if form is None:
        return []
    changes = []
    names = {f.name for f in obj._meta.get_fields() if getattr(f, "concrete", False)}
    for name in form.fields:
        if name not in names or name in HIDDEN_FIELDS or name == "password":
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            continue
        current = field.value_from_object(obj)
        typed = form.cleaned_data.get(name)
        if isinstance(typed, models.Model):
            typed = typed.pk
        if current != typed:
            changes.append(_change(field, None, current, known_old=False))
    return changes


def last_editor(obj: models.Model):
    history = getattr(obj, "history", None)
    if history is not None:
        latest = history.select_related("history_user").order_by("-history_date", "-history_id").first()
        if latest is not None and latest.history_user is not None:
            return latest.history_user
    return getattr(obj, "updated_by", None)


def conflict_message(stale: StaleEdit) -> str:
    """One sentence for the form's errors: who saved what meanwhile, and that the input is kept."""
    changes = "; ".join(
        f"{change['field']}: {change['old']} → {change['new']}"
        if change["old"] is not None
        else gettext("%(field)s is now %(value)s") % {"field": change["field"], "value": change["new"]}
        for change in stale.changes
    ) or gettext("details were changed")
    who = str(stale.who) if stale.who else gettext("Someone else")
    return gettext(
        "Not saved: %(who)s saved this after you opened the form (%(changes)s). "
        "Your input is kept below. Check it against these changes and save again to keep your version."
    ) % {"who": who, "changes": changes}


def _load_current(instance: models.Model, *, lock: bool):
    rows = instance._meta.model._default_manager.all()
    if lock:
        rows = rows.select_for_update()
    return rows.get(pk=instance.pk)


def check_version(instance: models.Model, expected: int | None, *, form=None, lock: bool = False):
    """The saved row, or StaleEdit when it is no longer at version `expected` (None: no check)."""
    current = _load_current(instance, lock=lock)
    if expected is not None and current.version != expected:
        raise StaleEdit(current, changes_since(current, expected, form), last_editor(current))
    return current


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses a save made against an older version of the record."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: StaleEdit | None = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def expected_version(self) -> int | None:
        # A form rendered by the portal always carries the version; only old clients send none.
        return self.cleaned_data.get("version") if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "version" not in self.errors:
            try:
                # Inside a transaction (the admin's), the lock holds until the save.
                check_version(
                    self.instance, self.expected_version(), form=self, lock=connection.in_atomic_block
                )
            except StaleEdit as stale:
                self.add_conflict(stale)
        return cleaned

    def add_conflict(self, stale: StaleEdit) -> None:
        """Refuse with what changed; the next save is made against the version the person has now seen."""
        self.conflict = stale
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stale.current.version
        self.add_error(None, ValidationError(conflict_message(stale), code="stale"))

    def save(self, commit=True):
        if not self.instance.pk:
            return super().save(commit)
        with transaction.atomic():
            current = check_version(self.instance, self.expected_version(), form=self, lock=True)
            self.instance.version = current.version + 1
            return super().save(commit)


def save_versioned(form: VersionedModelForm):
    """Save the form; on a save that slipped in after validation, the form gets the conflict and None
    is returned (the view then shows the form again with the typed input)."""
    try:
        return form.save()
    except StaleEdit as stale:
        form.add_conflict(stale)
        return None


def conflict_status(form) -> int:
    """409 for a page showing a refused stale save, else 200."""
    return 409 if getattr(form, "conflict", None) else 200


def versioned_form_class(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    if issubclass(form_class, VersionedModelForm):
        return form_class
    return type(form_class.__name__, (VersionedModelForm, form_class), {})


class VersionedAdminMixin:
    """The admin's change form carries the version and refuses a stale save like the portal does."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        # `version` is a field of the form, not one the admin may build from the (non-editable) model field.
        if "fields" in kwargs:
            fields = kwargs["fields"]
        else:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != "version"]
        if obj is not None and "form" not in kwargs:
            kwargs["form"] = versioned_form_class(self.form)
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != "version"] + (
            ["version"] if obj is not None else []
        )
