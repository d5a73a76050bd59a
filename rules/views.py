from __future__ import annotations

from datetime import date

from django.shortcuts import render

from rules.access import AccessQuery, check
from rules.forms import AccessCheckForm


def access_check(request):
    """The access-check form; a submitted query is a GET, so every result page can be shared."""
    form = AccessCheckForm(request.GET if "activity" in request.GET else None)
    answer = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            query = AccessQuery(
                data["activity"],
                data["zone"],
                float(data["foreign_share"]),
                data["investor_region"],
                data["date"] or date.today(),
                data["industry_code"] or None,
            )
            answer = check(query)
        else:
            status = 400
    return render(request, "rules/access.html", {"form": form, "answer": answer}, status=status)
