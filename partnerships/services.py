"""Business actions on agreements: saving without lost updates, and status changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brasite.lib.versioning import StaleEdit, changes_since  # noqa: F401 (used by the views)

from .models import CooperationAgreement, Municipality, User

Status = CooperationAgreement.Status


@transaction.atomic
def save_agreement(form, *, user: User, expected_version: int | None = None) -> CooperationAgreement:
    """Save an agreement form; a save against an older version is refused with StaleEdit (the one
    lost-update rule, brasite.lib.versioning: the form carries the version it was loaded at)."""
    agreement = form.instance
    if not agreement.pk:
        agreement.created_by = user
    agreement.updated_by = user
    agreement._change_reason = ""
    return form.save()


def _change_status(
    agreement: CooperationAgreement, *, user: User, allowed_from: tuple[str, ...], to: str, **fields
) -> CooperationAgreement:
    with transaction.atomic():
        current = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
        if current.status not in allowed_from:
            raise ValidationError(
                _("This agreement is %(status)s, so it cannot be changed this way.")
                % {"status": current.get_status_display().lower()}
            )
        current.status = to
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_by = user
        current.full_clean(exclude=["school", "company", "programme"])
        current.save()
    return current


def activate_agreement(agreement: CooperationAgreement, *, user: User) -> CooperationAgreement:
    """A signed draft becomes active; without a signing date, today is recorded."""
    return _change_status(
        agreement,
        user=user,
        allowed_from=(Status.DRAFT,),
        to=Status.ACTIVE,
        signed_on=agreement.signed_on or timezone.localdate(),
    )


def end_agreement(agreement: CooperationAgreement, *, user: User) -> CooperationAgreement:
    """An active agreement ends today (or on its earlier end date); it stops counting after that day."""
    today = timezone.localdate()
    end_date = min(agreement.end_date or today, today)
    end_date = max(end_date, agreement.start_date)
    return _change_status(
        agreement, user=user, allowed_from=(Status.ACTIVE,), to=Status.ENDED, end_date=end_date
    )


def cancel_agreement(agreement: CooperationAgreement, *, user: User) -> CooperationAgreement:
    """A draft or active agreement is cancelled; it no longer counts."""
    return _change_status(
        agreement, user=user, allowed_from=(Status.DRAFT, Status.ACTIVE), to=Status.CANCELLED
    )


def goal_effect(agreement: CooperationAgreement, new_status: str) -> dict:
    """The municipality's count today, and what it becomes if the agreement gets `new_status`."""
    today = timezone.localdate()
    municipality = Municipality.objects.with_goal_progress(today).get(pk=agreement.school.municipality_id)
    counts_now = agreement.counts_on(today)
    end_date = agreement.end_date
    if new_status == Status.ENDED:
        end_date = min(end_date or today, today)
    after = CooperationAgreement(
        status=new_status, start_date=agreement.start_date, end_date=end_date, programme=agreement.programme
    )
    counts_after = after.counts_on(today)
    return {
        "municipality": municipality,
        "count_now": municipality.counting,
        "count_after": municipality.counting - int(counts_now) + int(counts_after),
        "goal": municipality.agreement_goal,
    }
