from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def accessibility(request):
    """The accessibility statement (tilgængelighedserklæring) that Danish public websites must publish."""
    return render(request, "partnerships/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})
