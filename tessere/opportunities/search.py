"""What the one search box finds on the opportunities board: an opportunity's title, kind,
description, who offers it and where, for whoever `Opportunity.objects.visible_to` lets see
it (withdrawn ones only by their authors and the programme team, as on the board)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import Opportunity


def opportunity_queryset() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related(
        "project", "organisation", "municipality"
    ).prefetch_related("territories")


def opportunity_document(opportunity: Opportunity) -> SearchDocument:
    offered_by = ", ".join(
        str(x)
        for x in (
            opportunity.project.acronym if opportunity.project else "",
            opportunity.organisation.name if opportunity.organisation else "",
        )
        if x
    )
    body = "\n".join(
        part
        for part in (
            opportunity.get_kind_display(),
            opportunity.description,
            offered_by,
            ", ".join(str(p) for p in (opportunity.place, opportunity.municipality) if p),
            ", ".join(t.name for t in opportunity.territories.all()),
        )
        if part
    )
    return SearchDocument(
        title=opportunity.title,
        body=body,
        url=opportunity.get_absolute_url(),
        programme_id=opportunity.programme_id,
        project_ids=(opportunity.project_id,) if opportunity.project_id else (),
        date=opportunity.starts_on or opportunity.deadline,
    )


search_sources.register(
    SearchSource(
        key="opportunities.opportunity",
        label=_("Opportunities"),
        model=Opportunity,
        visible=lambda user: Opportunity.objects.visible_to(user),
        document=opportunity_document,
        queryset=opportunity_queryset,
        order=65,
    )
)
