"""The shared shape of a page with one form."""

from django.contrib import messages
from django.shortcuts import redirect, render

from .versioning import StaleEdit, conflict_status


def form_page(request, form, *, title, cancel_url, saved, redirect_to=None, history=None):
    """Show `form` on the common form page; on a valid POST save it, say `saved` and redirect.

    A versioned form saved by someone else meanwhile is shown again (409) with what changed and the input."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = form.save()
        except StaleEdit as stale:
            form.add_conflict(stale)
        else:
            messages.success(request, saved)
            return redirect(redirect_to or obj)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "history": history},
        status=conflict_status(form),
    )


def confirm_page(request, *, title, losses, action, done, back_url, button, alternative=None):
    """Nothing is destroyed on one click: GET says what will be lost and asks; POST runs `action`,
    says `done` and goes back to `back_url`. `alternative` is an optional (label, url) offered instead."""
    if request.method == "POST":
        action()
        messages.success(request, done)
        return redirect(back_url)
    return render(
        request,
        "confirm_page.html",
        {
            "title": title,
            "losses": losses,
            "back_url": back_url,
            "button": button,
            "alternative": alternative,
        },
    )
