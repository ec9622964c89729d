"""The portal inbox (one page per audience, one message, mark as read) and the preferences.

Every read goes through `selectors.inbox(user)`: the family's or the organisation's messages
only; anything else, and any page of another audience, answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferencesForm
from .models import PUSH_CHANNELS, Preference


def _inbox_or_404(user):
    rows = selectors.inbox(user)
    if rows is None:
        raise Http404("pas de messagerie pour ce compte")
    return rows


def _back(request, audience):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(selectors.INBOX_URL[audience])


@login_required
def inbox(request, audience):
    if selectors.user_audience(request.user) != audience:
        raise Http404("pas de messagerie ici")
    rows = _inbox_or_404(request.user)
    only_unread = request.GET.get("non_lus") == "1"
    shown = rows.filter(read_at__isnull=True) if only_unread else rows
    page = Paginator(shown.only("id", "subject", "created_at", "read_at", "event"), 25)
    context = {
        "page": page.get_page(request.GET.get("page")),
        "only_unread": only_unread,
        "unread": rows.filter(read_at__isnull=True).count(),
    }
    return render(request, "notifications/inbox.html", context)


@login_required
def message(request, pk):
    rows = _inbox_or_404(request.user)
    notification = get_object_or_404(rows, pk=pk)
    if notification.read_at is None:
        services.notifications_mark_read(rows.filter(pk=pk))
        notification.refresh_from_db(fields=["read_at"])
    audience = selectors.user_audience(request.user)
    context = {"message": notification, "inbox_list": selectors.INBOX_URL[audience]}
    return render(request, "notifications/message.html", context)


@login_required
@require_POST
def mark_read(request, pk):
    rows = _inbox_or_404(request.user)
    get_object_or_404(rows, pk=pk)
    services.notifications_mark_read(rows.filter(pk=pk))
    return _back(request, selectors.user_audience(request.user))


@login_required
@require_POST
def mark_all_read(request):
    rows = _inbox_or_404(request.user)
    count = services.notifications_mark_read(rows)
    messages.success(request, _("%(n)d message(s) marqué(s) comme lu(s).") % {"n": count})
    return _back(request, selectors.user_audience(request.user))


@login_required
def preferences(request):
    _inbox_or_404(request.user)  # portal users only
    current = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for channel in PUSH_CHANNELS:
                Preference.objects.update_or_create(
                    user=request.user,
                    channel=channel.value,
                    defaults={"enabled": form.cleaned_data[channel.value]},
                )
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("portal:notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
