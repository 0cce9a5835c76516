"""Staff pages of a channel move: start one (or run it again), and see what it did."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.members import services_moving as moving
from vigia.members.access import members_for_user
from vigia.members.forms import MoveForm
from vigia.members.models import ChannelMove, MoveInvitation
from vigia.members.services import MemberError
from vigia.members.tasks import run_move

STALE = timedelta(minutes=15)  # a "running" mark older than this was left by a dead worker


@staff_view("members.write")
def move_start(request: HttpRequest) -> HttpResponse:
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moving.check_channels(data["from_channel"], data["vias"])
        except MemberError as exc:
            form.add_error("vias", str(exc))
        else:
            with transaction.atomic():
                move = moving.move_open(
                    actor=request.user,
                    from_channel=data["from_channel"],
                    write_to=data["write_to"],
                )
                ChannelMove.objects.filter(pk=move.pk).update(running_since=timezone.now())
                zone = data["zone"]
                run_move.enqueue(
                    str(move.pk), list(data["vias"]), zone.pk if zone else None, request.user.pk
                )
            messages.success(request, _("Cambio en marcha: las invitaciones salen en minutos."))
            return redirect("members:move_detail", pk=move.pk)
    moves = ChannelMove.objects.all()[:20]
    return render(request, "members/move.html", {"form": form, "moves": moves})


def _move_for_user(pk: Any) -> ChannelMove:
    move = ChannelMove.objects.filter(pk=pk).first()
    if move is None:
        raise Http404
    return move


@staff_view("members.write")
def move_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    move = _move_for_user(pk)
    rows = MoveInvitation.objects.filter(
        move=move, member__in=members_for_user(request.user, write=True).values("pk")
    )
    counts = dict(rows.values_list("state").annotate(n=Count("pk")).order_by())
    # On a new number of the same channel she needs no code: writing to it is moving.
    replied = rows.filter(
        state=MoveInvitation.State.INVITED,
        via=move.from_channel,
        member__last_inbound_at__gt=F("invited_at"),
    ).count()
    unreachable = rows.filter(state=MoveInvitation.State.NO_CHANNEL).select_related("member")
    running = move.running_since is not None and timezone.now() - move.running_since < STALE
    context = {
        "move": move,
        "running": running,
        "invited": counts.get(MoveInvitation.State.INVITED, 0) - replied,
        "moved": counts.get(MoveInvitation.State.MOVED, 0) + replied,
        "no_channel": [row.member for row in unreachable.order_by("member__enrolled_at")],
    }
    return render(request, "members/move_detail.html", context)


@staff_view("members.write")
@require_POST
def move_close(request: HttpRequest, pk: Any) -> HttpResponse:
    move = _move_for_user(pk)
    moving.move_close(actor=request.user, move=move)
    messages.success(request, _("Cambio terminado."))
    return redirect("members:move")
