from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def accessibility(request):
    """The portal's summary of its accessibility statement (tilgængelighedserklæring); the statement itself
    is made in Digitaliseringsstyrelsen's WAS-Tool and linked from here."""
    return render(
        request,
        "reporting/accessibility.html",
        {
            "contact_email": settings.CONTACT_EMAIL,
            "statement_url": settings.ACCESSIBILITY_STATEMENT_URL,
            "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON,
        },
    )


@login_not_required
@require_GET
def was(request):
    """`/was`, where Danish public websites lead to their accessibility statement."""
    return redirect(settings.ACCESSIBILITY_STATEMENT_URL or "reporting:accessibility")
