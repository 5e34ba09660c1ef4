"""Upload, preview and import: a file is kept only between its preview and the import (or for a day)."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerships.access import role_required
from partnerships.models import Programme

from .files import ImportFileError
from .forms import UploadForm
from .models import ImportRun
from .services import apply_plan, kind_label, plan_file
from .templates import TEMPLATES, template_csv, template_xlsx

PREVIEW_ROWS = 200  # rows listed per section; the counts are always complete
PENDING_FOR = datetime.timedelta(days=1)


def _pending(request, pk: int) -> ImportRun:
    """The user's own upload that is not imported yet; anyone else's does not exist (404)."""
    return get_object_or_404(
        ImportRun.objects.filter(created_by=request.user, imported_at__isnull=True), pk=pk
    )


@require_GET
@role_required(edit=True)
def import_index(request):
    ImportRun.objects.filter(imported_at__isnull=True, created_at__lt=timezone.now() - PENDING_FOR).delete()
    kinds = [
        {
            "kind": kind,
            "label": label,
            "has_template": kind in TEMPLATES,
            "form": UploadForm(auto_id=f"{kind}_%s"),
        }
        for kind, label in ImportRun.Kind.choices
    ]
    recent = ImportRun.objects.filter(created_by=request.user, imported_at__isnull=False)[:10]
    return render(request, "imports/import_index.html", {"kinds": kinds, "recent": recent})


@require_POST
@role_required(edit=True)
def import_upload(request, kind: str):
    if kind not in ImportRun.Kind.values:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("imports:import_index")
    upload = form.cleaned_data["file"]
    run = ImportRun.objects.create(
        kind=kind, filename=upload.name[:255], content=upload.read(), created_by=request.user
    )
    return redirect("imports:import_preview", pk=run.pk)


def _plan(request, run: ImportRun):
    try:
        return plan_file(run.kind, bytes(run.content), user=request.user), ""
    except ImportFileError as error:
        return None, error.message


@require_GET
@role_required(edit=True)
def import_preview(request, pk: int):
    run = _pending(request, pk)
    plan, problem = _plan(request, run)
    context = {
        "run": run,
        "label": kind_label(run.kind),
        "plan": plan,
        "problem": problem,
        "limit": PREVIEW_ROWS,
    }
    if plan is not None:
        contacts = getattr(plan, "contacts", None)
        context.update(
            create=[_shown(p) for p in plan.create[:PREVIEW_ROWS]],
            update=[_shown(p) for p in plan.update[:PREVIEW_ROWS]],
            outside=[_shown(p) for p in plan.outside[:PREVIEW_ROWS]],
            errors=plan.errors[:PREVIEW_ROWS],
            warnings=getattr(plan, "warnings", [])[:PREVIEW_ROWS],
            skipped=getattr(plan, "skipped", [])[:PREVIEW_ROWS],
            missing=getattr(plan, "missing", [])[:PREVIEW_ROWS],
            contacts_create=len(contacts.create) if contacts else 0,
            contacts_update=len(contacts.update) if contacts else 0,
            missing_count=len(getattr(plan, "missing", [])),
            skipped_count=len(getattr(plan, "skipped", [])),
        )
    return render(request, "imports/import_preview.html", context)


def _shown(planned) -> dict:
    """A planned row as the preview lists it: its row, what it is, and what changes."""
    values, current = planned.values, planned.current or {}
    name = values.get("name") or values.get("title") or current.get("name") or ""
    if "start_date" in values:
        name = f"{name} ({values['start_date']:%d.%m.%Y})"
    changes = [
        {"field": field, "before": before, "after": after}
        for field, (before, after) in planned.changes.items()
        if field not in ("school", "company", "programme", "contact_persons", "municipality_code")
    ]
    return {"row": planned.row, "name": name, "changes": changes}


@require_POST
@role_required(edit=True)
def import_confirm(request, pk: int):
    run = _pending(request, pk)
    plan, problem = _plan(request, run)
    if plan is None:
        messages.error(request, problem)
        return redirect("imports:import_preview", pk=run.pk)
    reason = _("Import of %(file)s") % {"file": run.filename}
    outcome = apply_plan(run.kind, plan, user=request.user, reason=reason)
    run.content = b""  # the file may hold personal data: only the summary is kept
    run.imported_at = timezone.now()
    run.summary = {**outcome.as_dict(), "errors": len(plan.error_rows), "outside": len(plan.outside)}
    run.save()
    messages.success(
        request,
        _("Imported: %(created)s created, %(updated)s updated, %(deactivated)s marked inactive.")
        % outcome.as_dict(),
    )
    return redirect("imports:import_index")


@require_POST
@role_required(edit=True)
def import_discard(request, pk: int):
    _pending(request, pk).delete()
    messages.success(request, _("The upload was discarded; nothing was imported."))
    return redirect("imports:import_index")


@require_GET
@role_required(edit=True)
def template_download(request, kind: str, extension: str):
    template = TEMPLATES.get(kind)
    if template is None or extension not in ("csv", "xlsx"):
        raise Http404
    if extension == "csv":
        content, content_type = template_csv(template), "text/csv; charset=utf-8"
    else:
        programmes = list(Programme.objects.values_list("name", flat=True))
        content = template_xlsx(template, programmes=programmes)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{template.filename}.{extension}"'
    return response
