"""An enterprise's sign-up, through the page or the API. A credit code nobody holds becomes a new enterprise
(pending verification) with the signer as its first account. A code that already has an account becomes a
claim on that enterprise, waiting for a coordinator: whoever registered first does not decide who else may act
for the company, and the answer to the sign-up is the same either way, so it tells nobody whether a company
has an account."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.models import Enterprise, EnterpriseClaim, EnterpriseMembership
from directory.roles import coordinators
from notifications.delivery import notify
from workflow.actors import person_name


@dataclass(frozen=True)
class SignUp:
    user: Any
    enterprise: Enterprise | None  # a new enterprise
    claim: EnterpriseClaim | None  # or a claim on one already registered


def contact_line(name: str, email: str, phone: str) -> str:
    """The first contact as a claim shows it to the coordinator."""
    return " · ".join(filter(None, [name, email, phone]))


def registered(uscc: str) -> Enterprise | None:
    return Enterprise.objects.filter(uscc=uscc).exclude(verification=Enterprise.Verification.REJECTED).first()


def sign_up(
    account: Callable[[], Any],
    uscc: str,
    name: str,
    contact: str,
    create: Callable[[Any], Enterprise],
    base_url: str,
) -> SignUp:
    """`account()` gives the signing user (created in the same transaction, for the page); `create(user)` writes
    the new enterprise, its contacts and the membership. A simultaneous sign-up of the same code that lands
    first (the unique constraint says so) turns this one into a claim on it."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                user = account()
                existing = registered(uscc)
                if existing is None:
                    return SignUp(user, create(user), None)
                if existing.memberships.filter(user=user).exists():
                    return SignUp(user, existing, None)  # the same sign-up sent twice: the first one stands
                claim = EnterpriseClaim.objects.create(user=user, enterprise=existing, name=name, contact=contact)
                break
        except IntegrityError:
            if attempt == 2 or registered(uscc) is None:
                raise
    _tell_coordinators(claim, base_url)
    return SignUp(claim.user, None, claim)


def sign_up_from_forms(account: Callable[[], Any], enterprise: Any, contacts: Any, base_url: str) -> SignUp:
    """`sign_up` from the registration forms, valid, as the page and the API both fill them: the enterprise
    (services.forms.EnterpriseForm), its contacts (ContactFormSet) and the first account's membership are
    written together, and the first contact is what a claim shows the coordinator."""

    def create(user: Any) -> Enterprise:
        saved: Enterprise = enterprise.save()
        contacts.instance = saved
        contacts.save()
        EnterpriseMembership.objects.create(user=user, enterprise=saved)
        return saved

    first = contacts.forms[0].cleaned_data
    contact = contact_line(first.get("name", ""), first.get("email", ""), first.get("phone", ""))
    cleaned = enterprise.cleaned_data
    return sign_up(account, cleaned["uscc"], cleaned["name"], contact, create, base_url)


def _tell_coordinators(claim: EnterpriseClaim, base_url: str) -> None:
    url = base_url + reverse("services:enterprise", args=[claim.enterprise_id])
    subject = _("企业账号申请待核验：%(name)s") % {"name": claim.enterprise.name}
    message = _("%(person)s 以统一社会信用代码 %(uscc)s 注册，该代码已有企业账号。请核验后确认或不予确认。") % {
        "person": person_name(claim.user),
        "uscc": claim.enterprise.uscc,
    }
    notify(list(coordinators()), subject, message, url)


def decide(claim: EnterpriseClaim, accept: bool, note: str, by, base_url: str) -> None:
    """A coordinator's decision on a pending claim: accepted, the claimant becomes one of the enterprise's
    accounts (recorded in its account history as given by the coordinator)."""
    from django.utils import timezone

    with transaction.atomic():
        locked = EnterpriseClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != EnterpriseClaim.Status.PENDING:
            raise ClaimDecided(locked)
        locked.status = EnterpriseClaim.Status.ACCEPTED if accept else EnterpriseClaim.Status.REFUSED
        locked.note, locked.decided_by, locked.decided_at = note, by, timezone.now()
        locked.save()
        if accept:
            EnterpriseMembership.objects.get_or_create(user=locked.user, enterprise=locked.enterprise)
    claim.refresh_from_db()
    name = claim.enterprise.name
    if accept:
        subject = _("您的企业账号申请已确认：%(name)s") % {"name": name}
        message = _("协调员已确认您可代表%(name)s使用平台：提出诉求、报送信息、查看办理进展。") % {"name": name}
    else:
        subject = _("您的企业账号申请未予确认：%(name)s") % {"name": name}
        message = _("协调员未予确认您代表%(name)s的申请。") % {"name": name}
    if note:
        message += "\n" + _("说明：%(note)s") % {"note": note}
    notify([claim.user], subject, message, base_url + reverse("services:home"))


class ClaimDecided(Exception):
    def __init__(self, claim: EnterpriseClaim):
        super().__init__(f"claim {claim.pk} is already {claim.status}")
        self.claim = claim
