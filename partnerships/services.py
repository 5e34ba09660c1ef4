"""Business actions on agreements: saving without lost updates, and status changes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brasite.lib.versioning import StaleEdit, changes_since  # noqa: F401 (used by the views)

from .models import AgreementTransition, CooperationAgreement, Municipality, ProductionUnit, User

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
    agreement: CooperationAgreement,
    *,
    user: User | None,
    allowed_from: tuple[str, ...],
    to: str,
    reason: str = "",
    undoes: AgreementTransition | None = None,
    check=None,
    **fields,
) -> CooperationAgreement:
    """Change the status under a row lock, validate the row, and record the transition."""
    with transaction.atomic():
        current = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
        shown = current.display_status()
        if current.status not in allowed_from and shown not in allowed_from:
            raise ValidationError(
                _("This agreement is %(status)s, so it cannot be changed this way.")
                % {"status": current.get_status_display().lower()}
            )
        if check is not None:
            check(current)
        transition = AgreementTransition(
            agreement=current,
            from_status=current.status,
            to_status=to,
            by=user,
            reason=reason,
            previous_end_date=current.end_date,
            undoes=undoes,
        )
        current.status = to
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_by = user
        current.full_clean(exclude=["school", "company", "programme"])
        current._change_reason = reason
        current.save()
        transition.end_date = current.end_date
        transition.save()
    agreement.refresh_from_db()
    return current


def activate_agreement(agreement: CooperationAgreement, *, user: User | None) -> CooperationAgreement:
    """A signed draft becomes active; without a signing date, today is recorded."""
    return _change_status(
        agreement,
        user=user,
        allowed_from=(Status.DRAFT,),
        to=Status.ACTIVE,
        signed_on=agreement.signed_on or timezone.localdate(),
    )


def default_end_date(agreement: CooperationAgreement) -> datetime.date:
    """Today, or the agreement's earlier end date if one has passed; never before its start."""
    today = timezone.localdate()
    return max(min(agreement.end_date or today, today), agreement.start_date)


def end_agreement(
    agreement: CooperationAgreement, *, user: User | None, end_date: datetime.date | None = None
) -> CooperationAgreement:
    """An active agreement ends on `end_date` (default: `default_end_date`), which the coordinator chooses
    between its start and today. It keeps counting up to and including that day, so no earlier figure
    changes."""
    end_date = end_date or default_end_date(agreement)

    def check(current):
        if end_date < current.start_date:
            raise ValidationError(
                _("The end date cannot be before the start date (%(day)s).")
                % {"day": date_format(current.start_date, "SHORT_DATE_FORMAT")}
            )
        if end_date > timezone.localdate():
            raise ValidationError(
                _("An agreement cannot be ended on a future day. To let it end later, edit its end date.")
            )

    return _change_status(
        agreement, user=user, allowed_from=(Status.ACTIVE,), to=Status.ENDED, check=check, end_date=end_date
    )


def cancel_agreement(
    agreement: CooperationAgreement, *, user: User | None, reason: str
) -> CooperationAgreement:
    """A draft or active agreement that never took effect (entered by mistake, never signed) is cancelled
    with a reason; it no longer counts on any day."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the agreement is cancelled."))
    return _change_status(
        agreement, user=user, allowed_from=(Status.DRAFT, Status.ACTIVE), to=Status.CANCELLED, reason=reason
    )


def reopen_agreement(agreement: CooperationAgreement, *, user: User | None) -> CooperationAgreement:
    """An ended agreement (or an active one whose end date has passed) runs on, with no end date."""

    def check(current):
        if current.display_status() != Status.ENDED:
            raise ValidationError(_("Only an ended agreement can be reopened."))

    return _change_status(
        agreement, user=user, allowed_from=(Status.ENDED,), to=Status.ACTIVE, check=check, end_date=None
    )


def undoable_transition(agreement: CooperationAgreement) -> AgreementTransition | None:
    """The latest status change, if it can still be undone: not itself an undo, not undone, and the
    agreement still has the status it set."""
    latest = agreement.transitions.select_related("undone_by").order_by("-at", "-pk").first()
    if latest is None or latest.undoes_id is not None or hasattr(latest, "undone_by"):
        return None
    if latest.to_status != agreement.status:
        return None
    return latest


def undo_status_change(agreement: CooperationAgreement, *, user: User | None) -> CooperationAgreement:
    """Undo a mistaken status change: the status and end date it replaced come back; both changes stay in
    the list of status changes."""
    transition = undoable_transition(agreement)
    if transition is None:
        raise ValidationError(_("There is no status change to undo."))
    return _change_status(
        agreement,
        user=user,
        allowed_from=(transition.to_status,),
        to=transition.from_status,
        undoes=transition,
        reason=_("Undone: %(change)s") % {"change": transition_label(transition)},
        end_date=transition.previous_end_date,
    )


def transition_label(transition: AgreementTransition) -> str:
    return f"{transition.get_from_status_display()} → {transition.get_to_status_display()}"


def set_status(
    agreement: CooperationAgreement,
    status: str,
    *,
    user: User | None,
    end_date: datetime.date | None = None,
    reason: str = "",
) -> CooperationAgreement:
    """Move an agreement to `status` through the one service for that change (the admin uses this)."""
    shown = agreement.display_status()
    if status == Status.ACTIVE and shown == Status.DRAFT:
        return activate_agreement(agreement, user=user)
    if status == Status.ENDED and shown == Status.ACTIVE:
        return end_agreement(agreement, user=user, end_date=end_date)
    if status == Status.CANCELLED:
        return cancel_agreement(agreement, user=user, reason=reason)
    if status == Status.ACTIVE and shown == Status.ENDED:
        return reopen_agreement(agreement, user=user)
    raise ValidationError(
        _("An agreement that is %(now)s cannot become %(then)s.")
        % {"now": Status(shown).label.lower(), "then": Status(status).label.lower()}
    )


def goal_effect(
    agreement: CooperationAgreement, new_status: str, *, end_date: datetime.date | None = None
) -> dict:
    """The municipality's count today, and what it becomes if the agreement gets `new_status`."""
    today = timezone.localdate()
    municipality = Municipality.objects.with_goal_progress(today).get(pk=agreement.school.municipality_id)
    counts_now = agreement.counts_on(today)
    after_end = agreement.end_date
    if new_status == Status.ENDED:
        after_end = end_date or default_end_date(agreement)
    elif new_status == Status.ACTIVE and agreement.display_status() == Status.ENDED:
        after_end = None
    after = CooperationAgreement(
        status=new_status, start_date=agreement.start_date, end_date=after_end, programme=agreement.programme
    )
    counts_after = after.counts_on(today)
    return {
        "municipality": municipality,
        "count_now": municipality.counting,
        "count_after": municipality.counting - int(counts_now) + int(counts_after),
        "goal": municipality.agreement_goal,
    }


def save_register_units(company, units) -> None:
    """Create or update production units from the CVR register's answer, (unit, municipality pk) pairs, for
    the company: the company form's ticked ones and a confirmed sign-up's (a unit moves with its P-number)."""
    for unit, municipality in units:
        stored = ProductionUnit.objects.filter(p_number=unit.p_number).first() or ProductionUnit(
            p_number=unit.p_number
        )
        stored.company = company
        stored.name, stored.address, stored.postcode = unit.name, unit.address, unit.postcode
        stored.municipality_id = municipality
        stored.active = True
        stored.save()
