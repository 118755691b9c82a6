"""The network panel on an organisation's registry page: in each programme where it has ties
and the person is a member, how many organisations it is tied to in the latest wave and what
changed since the wave before, with a link to its full network page. Nothing for others."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from tessere.core.panels import Panel
from tessere.registry.models import Organisation, Programme

from . import permissions, queries
from .models import Tie, Wave
from .queries import NetworkFilters


def _neighbours(programme: Programme, wave: Wave | None, organisation: Organisation) -> set[int]:
    ties = queries.organisation_ties(programme, NetworkFilters(wave=wave), organisation)
    return {
        target if source == organisation.pk else source
        for source, target in ties.values_list("source_org_id", "target_org_id")
    }


def organisation_network_panel(request: HttpRequest, organisation: Organisation) -> Panel | None:
    user = request.user
    if not user.is_authenticated:
        return None
    tied_in = (
        Tie.objects.visible_to(user)
        .filter(Q(source_org=organisation) | Q(target_org=organisation))
        .values("programme_id")
    )
    programmes = [
        programme
        for programme in Programme.objects.filter(pk__in=tied_in).order_by("title", "pk")
        if permissions.is_network_member(user, programme)
    ]
    if not programmes:
        return None
    waves: dict[int, list[Wave]] = {}
    for wave in (
        Wave.objects.visible_to(user).filter(programme__in=programmes).order_by("opens_on", "pk")
    ):
        waves.setdefault(wave.programme_id, []).append(wave)
    rows: list[dict[str, Any]] = []
    for programme in programmes:
        own = waves.get(programme.pk, [])
        latest = queries.default_wave(own)
        earlier = [w for w in own if latest and w.opens_on < latest.opens_on]
        previous = earlier[-1] if earlier else None
        now = _neighbours(programme, latest, organisation)
        row: dict[str, Any] = {
            "programme": programme,
            "wave": latest,
            "degree": len(now),
            "previous": previous,
        }
        if previous is not None:
            before = _neighbours(programme, previous, organisation)
            row.update(new=len(now - before), lost=len(before - now))
        rows.append(row)
    return Panel("networks/org_network_panel.html", {"organisation": organisation, "rows": rows})


def programme_network_panel(request: HttpRequest, programme: Programme) -> Panel | None:
    """On the programme page: the way into its network (map, comparison), for its members.
    Asks nothing of the database: membership is already known to the page."""
    if not permissions.is_network_member(request.user, programme):
        return None
    return Panel("networks/map_programme_panel.html", {"programme": programme})
