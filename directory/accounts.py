"""Accounts: changing one's password, resetting it by mail, and the set-password link a new colleague
receives instead of a password chosen (and known) by whoever created the account. Django's own auth views
do the work; what is ours is who may ask for a link, how often, and the invitation's wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from directory.throttling import throttled
from workflow.actors import person_name


def link_days() -> int:
    """How long a reset or invitation link lasts, as the pages and mails say it."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


class LinkDays:
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "link_days": link_days()}  # type: ignore[misc]


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for accounts that have no password yet: a colleague whose invitation expired
    asks for a new link here. Deactivated accounts (a colleague who left) get nothing."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = AccountPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        # Counted only for a well-formed address: a typo in the form does not use up the allowance.
        if refused := throttled(self.request, "password_reset"):
            return refused
        self.extra_email_context = {"link_days": link_days()}
        return super().form_valid(form)


class PasswordResetDoneView(LinkDays, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(LinkDays, auth_views.PasswordResetConfirmView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


def send_invitation(request: HttpRequest, user, organisation: str) -> None:
    """Mail `user` a link to set their first password, in the inviting person's language (the link lasts
    PASSWORD_RESET_TIMEOUT; after that the colleague asks for a new one under 'forgot password')."""
    context = {
        "user": user,
        "name": person_name(user),
        "inviter": person_name(request.user),
        "organisation": organisation,
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "link_days": link_days(),
    }
    AccountPasswordResetForm().send_mail(
        "registration/invitation_subject.txt", "registration/invitation_email.txt", context, None, user.email
    )


@dataclass(frozen=True)
class AccountEvent:
    when: datetime
    actor: str
    person: str
    change: str  # "granted" (an account opened, a claim accepted), "removed", or "refused" (a claim declined)


def account_history(enterprise) -> list[AccountEvent]:
    """Who was given access to the enterprise, who lost it and whose claim to it was declined, by whom, newest
    first: from the membership history that django-simple-history keeps (a removed colleague's record stays
    there) and from the claims."""
    from directory.models import EnterpriseClaim, EnterpriseMembership

    records = (
        EnterpriseMembership.history.filter(enterprise_id=enterprise.pk, history_type__in=("+", "-"))  # type: ignore[attr-defined]
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")
    )
    events = [
        AccountEvent(
            when=record.history_date,
            actor=person_name(record.history_user) or _("系统"),
            person=person_name(record.user),
            change="granted" if record.history_type == "+" else "removed",
        )
        for record in records
    ]
    refused = EnterpriseClaim.objects.filter(enterprise=enterprise, status=EnterpriseClaim.Status.REFUSED)
    events += [
        AccountEvent(
            when=claim.decided_at or claim.submitted_at,
            actor=person_name(claim.decided_by) or _("系统"),
            person=person_name(claim.user),
            change="refused",
        )
        for claim in refused.select_related("user", "decided_by")
    ]
    return sorted(events, key=lambda event: event.when, reverse=True)
