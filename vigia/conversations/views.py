"""The coordinators' inbox (hotline): threads that need a person, taken, answered by hand
through the channel she wrote from, and handed back to the flows.

The pages poll with ``?poll=1`` (HTMX) so new messages appear without reloading; polling
does not count as activity for the staff session's idle limit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vigia.accounts.access import staff_view
from vigia.audit.chain import record
from vigia.conversations import selectors, simulator
from vigia.conversations.access import PERMISSION, get_thread_for_user
from vigia.messaging import services
from vigia.messaging.models import Thread


def _polling(request: HttpRequest) -> bool:
    return request.GET.get("poll") == "1"


@staff_view(PERMISSION)
def inbox(request: HttpRequest) -> HttpResponse:
    threads = selectors.inbox_threads(request.user)[:200]
    rows = [{"thread": t, "who": selectors.owner_label(t)} for t in threads]
    template = "conversations/_inbox_rows.html" if _polling(request) else "conversations/inbox.html"
    return render(request, template, {"rows": rows})


def _thread_context(request: HttpRequest, thread: Thread) -> dict[str, Any]:
    return {
        "thread": thread,
        "who": selectors.owner_label(thread),
        "lines": selectors.history(thread),
        "mine": thread.mode == Thread.Mode.HUMAN and thread.taken_by_id == request.user.pk,
    }


@staff_view(PERMISSION)
def thread_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    context = _thread_context(request, thread)
    if _polling(request):
        return render(request, "conversations/_thread_lines.html", context)
    # Opening a thread reveals what she wrote: one audit row per opening (polls excluded).
    with transaction.atomic():
        record(actor=request.user, action="inbox.read", obj=thread)
    return render(request, "conversations/thread.html", context)


@staff_view(PERMISSION)
@require_POST
def thread_take(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    try:
        services.thread_take(actor=request.user, thread=thread)
    except services.InboxError as exc:
        messages.error(request, str(exc))
    return redirect("conversations:inbox_thread", pk=thread.pk)


@staff_view(PERMISSION)
@require_POST
def thread_reply(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    try:
        services.thread_staff_reply(
            actor=request.user, thread=thread, text=request.POST.get("text", "")
        )
    except services.InboxError as exc:
        messages.error(request, str(exc))
    return redirect("conversations:inbox_thread", pk=thread.pk)


@staff_view(PERMISSION)
@require_POST
def thread_hand_back(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    services.thread_hand_back(actor=request.user, thread=thread)
    messages.success(request, _("La conversación volvió a los flujos automáticos."))
    return redirect("conversations:inbox")


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def simulator_page(request: HttpRequest) -> HttpResponse:
    """Chat with the real flows through a local fake WhatsApp; nothing is kept."""
    said = [text for text in request.POST.getlist("said") if text.strip()]
    text = request.POST.get("text", "").strip()
    if text:
        said.append(text)
    as_member = request.POST.get("member") == "1"
    turns = simulator.replay(said, as_member=as_member, actor=request.user) if said else []
    return render(
        request,
        "conversations/simulator.html",
        {"turns": turns, "as_member": as_member, "max_turns": simulator.MAX_TURNS},
    )
