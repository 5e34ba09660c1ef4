from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brasite.lib.exports import csv_response, xlsx_response
from brasite.lib.history import change_log

from ..access import get_agreement, role_required
from ..filters import AgreementFilter
from ..forms import AgreementForm, CancelAgreementForm, EndAgreementForm
from ..models import Company, CooperationAgreement
from ..services import (
    StaleEdit,
    activate_agreement,
    cancel_agreement,
    end_agreement,
    goal_effect,
    reopen_agreement,
    save_agreement,
    undo_status_change,
    undoable_transition,
)
from ..widgets import FIND

Status = CooperationAgreement.Status


def filtered_agreements(request) -> AgreementFilter:
    agreements = CooperationAgreement.objects.visible_to(request.user).select_related(
        "school__municipality", "company", "programme"
    )
    return AgreementFilter(request.GET or None, queryset=agreements, user=request.user)


@require_GET
@role_required()
def agreement_list(request):
    agreement_filter = filtered_agreements(request)
    page = Paginator(agreement_filter.qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/agreement_list.html",
        {
            "filter": agreement_filter,
            "page": page,
            "can_create": request.user.may_edit,
        },
    )


EXPORT_HEADERS = [
    "Titel",
    "Kommune",
    "Skole",
    "Virksomhed",
    "CVR-nummer",
    "Program",
    "Status",
    "Underskrevet",
    "Startdato",
    "Slutdato",
    "Aktiviteter",
]


# The columns of EXPORT_HEADERS; read as plain values (an export of every agreement would otherwise make
# five model objects per row: 20,000 rows took 2.6 s as objects and a fraction of that as values).
EXPORT_COLUMNS = [
    "title",
    "school__municipality__name",
    "school__name",
    "company__name",
    "company__cvr",
    "programme__name",
    "status",
    "signed_on",
    "start_date",
    "end_date",
    "activities",
]
STATUS, PROGRAMME = EXPORT_COLUMNS.index("status"), EXPORT_COLUMNS.index("programme__name")


def export_rows(agreements):
    # Headings and choice labels are Danish whatever the page language: these files go to the municipalities.
    with translation.override("da"):
        labels = {status.value: str(status.label) for status in Status}
    for row in agreements.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        row = list(row)
        row[STATUS], row[PROGRAMME] = labels[row[STATUS]], row[PROGRAMME] or ""
        yield row


@require_GET
@role_required()
def agreement_export_csv(request):
    return csv_response("samarbejdsaftaler.csv", EXPORT_HEADERS, export_rows(filtered_agreements(request).qs))


@require_GET
@role_required()
def agreement_export_xlsx(request):
    rows = list(export_rows(filtered_agreements(request).qs))
    return xlsx_response("samarbejdsaftaler.xlsx", [("Samarbejdsaftaler", EXPORT_HEADERS, rows)])


@require_GET
@role_required(company=True)
def agreement_detail(request, pk):
    agreement = get_agreement(request, pk)
    return render(
        request,
        "partnerships/agreement_detail.html",
        {
            "agreement": agreement,
            "contacts": agreement.contact_persons.select_related("school", "company"),
            "can_edit": agreement.is_editable_by(request.user),
            # The company's page exists only for those who may see the company (its municipality's people).
            "company_link": Company.objects.visible_to(request.user).filter(pk=agreement.company_id).exists(),
            "counts_today": agreement.counts_on(timezone.localdate()),
            "shown_status": agreement.display_status(),
            "transitions": agreement.transitions.select_related("by", "undoes"),
            "undoable": undoable_transition(agreement),
            "history": change_log(agreement),
        },
    )


def typed_so_far(data) -> dict:
    """What the form held when one of its Find buttons (for browsers without JavaScript) searched a list:
    sent like a save (by POST, so the CSRF token never lands in an address), but only shown again."""
    fields = AgreementForm.base_fields
    return {
        name: data.getlist(name)
        if getattr(fields[name].widget, "allow_multiple_selected", False)
        else data[name]
        for name in data
        if name in fields and name != "version"
    }


def searching(request) -> bool:
    return request.method == "POST" and FIND in request.POST


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_create(request):
    if searching(request):
        initial = {"status": Status.DRAFT, **typed_so_far(request.POST)}
        form = AgreementForm(user=request.user, initial=initial, search=request.POST)
    elif request.method == "POST":
        form = AgreementForm(request.POST, user=request.user)
        if form.is_valid():
            agreement = save_agreement(form, user=request.user, expected_version=None)
            messages.success(
                request,
                _(
                    "The agreement was created as a draft. Drafts do not count toward the goal: activate it "
                    "once it is signed."
                ),
            )
            return redirect(agreement)
    else:
        form = AgreementForm(user=request.user, initial={"status": Status.DRAFT})
    return render(request, "partnerships/agreement_form.html", {"form": form})


def counting_message(agreement: CooperationAgreement) -> str:
    """What an agreement just made active means for the goal, in the words of the counting rule."""
    today = timezone.localdate()
    values = {
        "municipality": agreement.school.municipality.name,
        "start": date_format(agreement.start_date, "DATE_FORMAT"),
    }
    if agreement.counts_on(today):
        message = _(
            "The agreement is saved and active. It counts toward the goal of %(municipality)s from today."
        )
        return message % values
    if agreement.start_date > today and agreement.counts_on(agreement.start_date):
        message = _(
            "The agreement is saved and active. It counts toward the goal of %(municipality)s from its "
            "start date, %(start)s."
        )
        return message % values
    return _(
        "The agreement is saved and active, but it does not count toward the goal: only active agreements "
        "that have started and not yet ended count (and only those of the programmes that count)."
    )


@require_POST
@role_required(edit=True)
def agreement_create_active(request):
    """ "Save and activate" on the new-agreement form: a signed agreement counts without a second step."""
    form = AgreementForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "partnerships/agreement_form.html", {"form": form})
    try:
        with transaction.atomic():
            agreement = save_agreement(form, user=request.user, expected_version=None)
            agreement = activate_agreement(agreement, user=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "partnerships/agreement_form.html", {"form": form})
    messages.success(request, counting_message(agreement))
    return redirect(agreement)


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_update(request, pk):
    agreement = get_agreement(request, pk, edit=True)
    if searching(request):
        form = AgreementForm(
            instance=agreement, user=request.user, initial=typed_so_far(request.POST), search=request.POST
        )
    elif request.method == "POST":
        form = AgreementForm(request.POST, instance=agreement, user=request.user)
        if form.is_valid():
            try:
                save_agreement(form, user=request.user)
            except StaleEdit as stale:
                form.add_conflict(stale)  # saved by someone else after validation: same refusal
            else:
                messages.success(request, _("The agreement was saved."))
                return redirect(agreement)
    else:
        form = AgreementForm(instance=agreement, user=request.user)
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, "agreement": agreement},
        status=409 if form.conflict else 200,
    )


def end_form(agreement, data=None):
    return EndAgreementForm(data, agreement=agreement)


def cancel_form(agreement, data=None):
    return CancelAgreementForm(data)


# action -> (service, status after, statuses it starts from, form factory or None)
STATUS_ACTIONS = {
    "activate": (activate_agreement, Status.ACTIVE, (Status.DRAFT,), None),
    "end": (end_agreement, Status.ENDED, (Status.ACTIVE,), end_form),
    "cancel": (cancel_agreement, Status.CANCELLED, (Status.DRAFT, Status.ACTIVE), cancel_form),
    "reopen": (reopen_agreement, Status.ACTIVE, (Status.ENDED,), None),
}


def status_action(request, pk, action):
    """GET shows what the change does to the goal count and asks to confirm (with the end date or the
    reason where the change needs one); POST makes the change through its service."""
    agreement = get_agreement(request, pk, edit=True)
    service, new_status, allowed_from, make_form = STATUS_ACTIONS[action]
    form = make_form(agreement, request.POST if request.method == "POST" else None) if make_form else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            service(agreement, user=request.user, **(form.cleaned_data if form else {}))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, SUCCESS_MESSAGES[action])
        return redirect(agreement)
    end_date = None
    if action == "end":
        end_date = form.cleaned_data["end_date"] if form.is_bound and form.is_valid() else None
    return render(
        request,
        "partnerships/agreement_confirm_status.html",
        {
            "agreement": agreement,
            "action": action,
            "form": form,
            "new_status": Status(new_status).label,
            "allowed": agreement.display_status() in allowed_from,
            "effect": goal_effect(agreement, new_status, end_date=end_date),
        },
    )


SUCCESS_MESSAGES = {
    "activate": gettext_lazy("The agreement is now active."),
    "end": gettext_lazy("The agreement has ended."),
    "cancel": gettext_lazy("The agreement was cancelled."),
    "reopen": gettext_lazy("The agreement was reopened and runs on."),
}


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_activate(request, pk):
    return status_action(request, pk, "activate")


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_end(request, pk):
    return status_action(request, pk, "end")


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_cancel(request, pk):
    return status_action(request, pk, "cancel")


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_reopen(request, pk):
    return status_action(request, pk, "reopen")


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_undo(request, pk):
    """Undo the latest status change (GET asks to confirm, POST undoes it)."""
    agreement = get_agreement(request, pk, edit=True)
    if request.method == "POST":
        try:
            undo_status_change(agreement, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status change was undone."))
        return redirect(agreement)
    return render(
        request,
        "partnerships/agreement_confirm_undo.html",
        {"agreement": agreement, "transition": undoable_transition(agreement)},
    )
