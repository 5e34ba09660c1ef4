from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement (tilgængelighedserklæring) that Danish public websites must publish."""
    return render(request, "reporting/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})
