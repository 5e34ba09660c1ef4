"""The shared shape of the simple record pages of the programmes' work."""

from django.contrib import messages
from django.shortcuts import redirect, render


def form_page(request, form, *, title, cancel_url, saved, redirect_to=None, history=None):
    """Show `form` on the common form page; on a valid POST save it, say `saved` and redirect."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, saved)
        return redirect(redirect_to or obj)
    return render(
        request,
        "programmes/work_form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "history": history},
    )
