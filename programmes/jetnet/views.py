"""Jet-Net: a municipality's outreach activities in the three steps."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brasite.lib.history import change_log
from brasite.lib.pages import confirm_page, form_page
from partnerships.access import get_municipality, role_required

from .access import get_outreach
from .figures import jetnet_progress
from .forms import OutreachActivityForm
from .models import OutreachActivity


def jetnet_url(municipality) -> str:
    return reverse("programmes:outreach_list", args=[municipality.slug])


@require_GET
@role_required()
def outreach_list(request, slug):
    municipality = get_municipality(request, slug)
    return render(
        request,
        "programmes/outreach_list.html",
        {
            "municipality": municipality,
            "progress": jetnet_progress([municipality])[0],
            "activities": OutreachActivity.objects.filter(municipality=municipality),
            "can_edit": request.user.can_edit_in(municipality.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def outreach_create(request, slug):
    municipality = get_municipality(request, slug, edit=True)
    return form_page(
        request,
        OutreachActivityForm(
            request.POST if request.method == "POST" else None,
            instance=OutreachActivity(municipality=municipality),
            initial={"date": timezone.localdate()},
        ),
        title=_("New outreach activity in %(name)s") % {"name": municipality.name},
        cancel_url=jetnet_url(municipality),
        saved=_("The outreach activity was added."),
        redirect_to=jetnet_url(municipality),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def outreach_update(request, pk):
    activity = get_outreach(request, pk, edit=True)
    return form_page(
        request,
        OutreachActivityForm(request.POST if request.method == "POST" else None, instance=activity),
        title=_("Edit outreach activity"),
        cancel_url=jetnet_url(activity.municipality),
        saved=_("The outreach activity was saved."),
        redirect_to=jetnet_url(activity.municipality),
        history=change_log(activity),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def outreach_delete(request, pk):
    activity = get_outreach(request, pk, edit=True)
    return confirm_page(
        request,
        title=_("Remove the outreach activity"),
        losses=[
            _("%(audience)s on %(date)s (%(step)s): %(reached)s people reached.")
            % {
                "audience": activity.audience,
                "date": date_format(activity.date, "SHORT_DATE_FORMAT"),
                "step": activity.get_step_display(),
                "reached": activity.reached,
            },
            _("It no longer counts in the Jet-Net figures."),
        ],
        action=activity.delete,
        done=_("The outreach activity was removed."),
        back_url=jetnet_url(activity.municipality),
        button=_("Yes, remove it"),
    )
