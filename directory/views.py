from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from directory.roles import enterprise_ids, is_coordinator, unit_ids


@login_required
def after_sign_in(request):
    """Where a person lands after signing in: officials on the ledger, enterprises on their home page."""
    if is_coordinator(request.user) or unit_ids(request.user):
        return redirect("tracking:board")
    if enterprise_ids(request.user) or request.user.enterprise_claims.exists():
        return redirect("services:home")
    return redirect("corpus:home")
