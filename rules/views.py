from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from rules.access import ZONE_LABELS, AccessQuery, activity_names, check, resolve
from rules.forms import AccessCheckForm
from rules.matcher import ProfileError, amount_words, match, profile_fields


def access_check(request):
    """The access-check form; a submitted query is a GET, so every result page can be shared."""
    form = AccessCheckForm(request.GET if "zone" in request.GET else None)
    answer = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            answer = _answer(form)
            if answer is None:
                status = 400
        else:
            status = 400
    context = {
        "form": form,
        "answer": answer,
        "zone_label": ZONE_LABELS[answer.query.zone] if answer else "",
        "activity_names": activity_names(),
        "choice_query": _without(request.GET, "activity_id") if answer else "",
    }
    return render(request, "rules/access.html", context, status=status)


def _answer(form: AccessCheckForm):
    data = form.cleaned_data
    try:
        query = AccessQuery(
            data["activity"] or "",
            data["zone"],
            float(data["foreign_share"]),
            data["investor_region"],
            data["date"] or date.today(),
            data["industry_code"] or None,
            largest_investor_share=float(data["largest_investor_share"]) if data["largest_investor_share"] is not None else None,
            legal_rep_chinese={"yes": True, "no": False}.get(data["legal_rep_chinese"]),
            activity_id=_chosen(data),
        )
    except ValueError as exc:  # what the form cannot see: a catalogue entry that is gone
        form.add_error("activity", _("所选业务不在目录中，请重新输入。") if "catalogue" in str(exc) else str(exc))
        return None
    return check(query)


def _chosen(data) -> str | None:
    """The activity chosen from the choices offered for this text; a choice made for other words is dropped."""
    chosen, text = data["activity_id"] or None, (data["activity"] or "").strip()
    if chosen is None or not text:
        return chosen
    fitting = {m.activity.id for m in resolve(text, data["industry_code"] or None)}
    return chosen if not fitting or chosen in fitting else None


def _without(query, key: str) -> str:
    copy = query.copy()
    copy.pop(key, None)
    return copy.urlencode()


# Asked first: they decide which measures can apply at all.
FIRST_QUESTIONS = ("zone", "sectors", "needs")


def policy_match(request):
    """The guided questionnaire: answers so far travel in the query string, and only
    the questions whose answers would change the result are asked next."""
    fields = profile_fields()
    profile, errors = _profile_from_query(request.GET, fields)
    result = None
    questions = list(FIRST_QUESTIONS)
    if any(key in request.GET for key in fields) and not errors:
        try:
            result = match(profile)
        except ProfileError:
            # What the page lets a person send is checked above; anything else is a hand-made address.
            errors.append(str(_("有的回答不在可选范围内，请重新开始。")))
        else:
            questions = [f for f in _asked(result.unknowns) if f not in profile]
    status = 400 if errors else 200
    context = {
        "fields": fields,
        "questions": [fields[q] for q in questions if q in fields],
        "answers": _answer_list(profile, fields),
        "profile": profile,
        "result": result,
        "errors": errors,
        "hidden": [(k, v) for k in request.GET for v in request.GET.getlist(k) if k not in questions],
    }
    return render(request, "rules/match.html", context, status=status)


def _asked(unknowns: list[str]) -> list[str]:
    # park_zones is derived from the park the user types.
    return list(dict.fromkeys("park" if f == "park_zones" else f for f in unknowns))


def _profile_from_query(query, fields) -> tuple[dict, list[str]]:
    profile: dict = {}
    errors: list[str] = []
    for key, spec in fields.items():
        if key == "park_zones" or key not in query:
            continue
        values = [v for v in query.getlist(key) if v != ""]
        if spec.type == "multi":
            profile[key] = values
        elif not values:
            continue
        elif spec.type == "bool":
            if values[0] not in ("yes", "no"):
                errors.append(str(format_lazy(_("{label}：请回答“是”或“否”。"), label=spec.label())))
            profile[key] = values[0] == "yes"
        elif spec.type == "number":
            try:
                profile[key] = float(values[0])
            except ValueError:
                errors.append(str(format_lazy(_("{label}：“{value}”不是数字。"), label=spec.label(), value=values[0])))
        else:
            profile[key] = values[0]
    return profile, errors


def _answer_list(profile: dict, fields) -> list[tuple]:
    rows = []
    for key, value in profile.items():
        if key not in fields or key == "park_zones":
            continue
        spec = fields[key]
        options = {o.value: o for o in spec.options}
        shown: list[Any]
        if isinstance(value, bool):  # before numbers: True is also 1
            shown = [_("是") if value else _("否")]
        elif isinstance(value, (int, float)):
            shown = [amount_words(value, spec.unit)]  # USD 10 million, not 10000000.0
        elif isinstance(value, list):
            shown = [options[v] if v in options else v for v in value]
        elif value in options:
            shown = [options[value]]
        else:
            shown = [value]
        rows.append((spec, shown))
    return rows
