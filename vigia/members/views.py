"""Members in the coordinators' UI: enrol, invite by code, consent, compromised, reveal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.accounts.permissions import can
from vigia.members import services
from vigia.members.access import get_member_for_user, members_for_user
from vigia.members.forms import ConsentForm, ContactForm, EnrolForm, InviteForm, RevealForm
from vigia.members.models import Purpose


@staff_view("members.view")
def member_list(request: HttpRequest) -> HttpResponse:
    members = members_for_user(request.user).order_by("-enrolled_at")
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    rows = [{"member": m, "contact": services.contact_masked(m)} for m in page]
    context = {"page": page, "rows": rows, "can_write": can(request.user, "members.write")}
    return render(request, "members/list.html", context)


@staff_view("members.write")
def member_enrol(request: HttpRequest) -> HttpResponse:
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_enrol(
                actor=request.user,
                pseudonym=data["pseudonym"],
                channel=data["channel"],
                address=data["address"],
                zones=data["zones"],
                language=data["language"],
                consents=data["consents"],
                duress_word=data["duress_word"],
            )
        except ValidationError as exc:
            form.add_error("address", exc)
        except services.MemberError as exc:
            form.add_error("address", str(exc))
        else:
            messages.success(request, _("Integrante inscrita."))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/enrol.html", {"form": form})


@staff_view("members.write")
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member, code = services.member_invite(
            actor=request.user,
            pseudonym=data["pseudonym"],
            zones=data["zones"],
            language=data["language"],
            consents=data["consents"],
        )
        return render(request, "members/code.html", {"member": member, "code": code})
    return render(request, "members/invite.html", {"form": form})


def _detail_context(request: HttpRequest, member: Any, **extra: Any) -> dict[str, Any]:
    active = {c.purpose: c for c in member.consents.filter(withdrawn_at__isnull=True)}
    return {
        "member": member,
        "contact": services.contact_masked(member),
        "consents": [(p, label, active.get(p)) for p, label in Purpose.choices],
        "history": member.consents.all(),
        "reveal_form": RevealForm(),
        "contact_form": ContactForm(),
        "contacts": [(c, services.contact_masked(c)) for c in member.contacts.all()],
        "can_write": can(request.user, "members.write"),
        **extra,
    }


@staff_view("members.view")
def member_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_member_for_user(request.user, pk)
    return render(request, "members/detail.html", _detail_context(request, member))


@staff_view("members.reveal")
@require_POST
def member_reveal(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_member_for_user(request.user, pk)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        revealed = services.member_reveal_contact(
            actor=request.user, member=member, reason=form.cleaned_data["reason"]
        )
    context = _detail_context(request, member, reveal_form=form, revealed=revealed)
    response = render(request, "members/detail.html", context, status=200 if revealed else 400)
    response["Cache-Control"] = "no-store"
    return response


@staff_view("members.write")
@require_POST
def member_consent(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_member_for_user(request.user, pk, write=True)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.consent_set(
            actor=request.user,
            member=member,
            purpose=form.cleaned_data["purpose"],
            given=form.cleaned_data["given"],
            partner=form.cleaned_data["partner"],
        )
    return redirect("members:detail", pk=member.pk)


@staff_view("members.write")
@require_POST
def member_contact(request: HttpRequest, pk: Any) -> HttpResponse:
    """Another way to reach her if her main number is lost (used only to move her)."""
    member = get_member_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_set(
                actor=request.user,
                member=member,
                channel=form.cleaned_data["channel"],
                address=form.cleaned_data["address"],
            )
        except ValidationError as exc:
            form.add_error("address", exc)
        except services.MemberError as exc:
            form.add_error("address", str(exc))
        else:
            messages.success(request, _("Otro contacto guardado."))
            return redirect("members:detail", pk=member.pk)
    context = _detail_context(request, member, contact_form=form)
    return render(request, "members/detail.html", context, status=400)


@staff_view("members.write")
@require_POST
def member_contact_remove(request: HttpRequest, pk: Any, contact: Any) -> HttpResponse:
    member = get_member_for_user(request.user, pk, write=True)
    services.contact_remove(actor=request.user, member=member, contact_id=contact)
    return redirect("members:detail", pk=member.pk)


@staff_view("members.write")
@require_POST
def member_reissue(request: HttpRequest, pk: Any) -> HttpResponse:
    """A new one-time code, given in person: sent from a new number, it moves her there."""
    member = get_member_for_user(request.user, pk, write=True)
    try:
        code = services.member_reissue_code(actor=request.user, member=member)
    except services.MemberError as exc:
        messages.error(request, str(exc))
        return redirect("members:detail", pk=member.pk)
    response = render(request, "members/code.html", {"member": member, "code": code})
    response["Cache-Control"] = "no-store"
    return response


@staff_view("members.write")
@require_POST
def member_compromised(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_member_for_user(request.user, pk, write=True)
    compromised = request.POST.get("compromised") == "1"
    services.member_mark_compromised(actor=request.user, member=member, compromised=compromised)
    if compromised:
        messages.success(request, _("Marcado como comprometido: no se le enviará nada más."))
    return redirect("members:detail", pk=member.pk)


@staff_view("members.write")
@require_POST
def member_erase(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_member_for_user(request.user, pk, write=True)
    # The confirmation word is the one the page shows, in Spanish or in English.
    if request.POST.get("confirm", "").strip().upper() not in ("BORRAR", "DELETE"):
        messages.error(request, _("Escriba BORRAR para confirmar."))
        return redirect("members:detail", pk=member.pk)
    services.member_erase(actor=request.user, member=member)
    messages.success(request, _("Datos de contacto borrados de forma irreversible."))
    return redirect("members:list")
