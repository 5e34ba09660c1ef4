"""Personal data on request: the privacy notice, and per kind of person an export (JSON) and an erasure
that asks first, on a page listing exactly what will be erased."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brasite.lib.versioning import conflict_status, save_versioned
from partnerships.access import get_contact, role_required
from partnerships.models import User
from programmes.fremtidens.access import get_resource_person

from .forms import ProfileForm
from .services import AccountData, ContactData, ResourcePersonData


@login_not_required
@require_GET
def privacy_notice(request):
    return render(
        request,
        "privacy/privacy_notice.html",
        {"link_days": settings.HOST_SIGNUP_LINK_DAYS, "retention_days": settings.HOST_SIGNUP_RETENTION_DAYS},
    )


def export_response(held, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(held.export(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def erase_page(request, held, *, export_url: str):
    """GET lists what will be erased and asks; POST erases it and goes back to where the person was."""
    if request.method == "POST":
        back = held.back_url
        held.erase(by=request.user)
        messages.success(request, held.erased_message)
        return redirect(back)
    return render(request, "privacy/erase_confirm.html", {"held": held, "export_url": export_url})


@require_GET
@role_required(edit=True)
def contact_export(request, pk):
    held = ContactData.of(get_contact(request, pk, edit=True), user=request.user)
    return export_response(held, f"contact-person-{pk}.json")


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def contact_erase(request, pk):
    held = ContactData.of(get_contact(request, pk, edit=True), user=request.user)
    return erase_page(request, held, export_url=reverse("privacy:contact_export", args=[pk]))


@require_GET
@role_required(edit=True)
def resource_person_export(request, pk):
    held = ResourcePersonData.of(get_resource_person(request, pk, edit=True), user=request.user)
    return export_response(held, f"resource-person-{pk}.json")


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def resource_person_erase(request, pk):
    held = ResourcePersonData.of(get_resource_person(request, pk, edit=True), user=request.user)
    return erase_page(request, held, export_url=reverse("privacy:resource_person_export", args=[pk]))


@require_http_methods(["GET", "POST"])
def my_account(request):
    """Every logged-in person's own page: correct their name, and export what the portal holds on them."""
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid() and save_versioned(form):
            messages.success(request, _("Your details were saved."))
            return redirect("privacy:my_account")
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "privacy/my_account.html", {"form": form}, status=conflict_status(form))


@require_GET
def my_account_export(request):
    """Everything the portal holds on the logged-in person's own account."""
    return export_response(AccountData.of(request.user, user=request.user), "my-account.json")


def get_account(request, pk: int) -> User:
    """Accounts are managed by administrators: anybody else is refused (their own data: my_account)."""
    if not request.user.is_staff:
        raise PermissionDenied
    return get_object_or_404(User, pk=pk)


@require_GET
def account_export(request, pk):
    held = AccountData.of(get_account(request, pk), user=request.user)
    return export_response(held, f"account-{pk}.json")


@require_http_methods(["GET", "POST"])
def account_erase(request, pk):
    account = get_account(request, pk)
    if account == request.user:
        messages.error(request, _("You cannot erase the account you are logged in with."))
        return redirect("privacy:my_account")
    held = AccountData.of(account, user=request.user)
    return erase_page(request, held, export_url=reverse("privacy:account_export", args=[pk]))
