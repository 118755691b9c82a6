"""The index stays current as content changes (saves, deletes, facets, triggers), and
`rebuild_search_index` rebuilds it from scratch."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from conftest import Personas
from tessere.forum.models import Post
from tessere.forum.tests.factories import make_space, make_topic
from tessere.meetings.models import AgendaItem
from tessere.meetings.tests import factories as mf
from tessere.opportunities.tests import factories as of
from tessere.registry.models import Partnership
from tessere.registry.tests import factories as f
from tessere.search import index
from tessere.search.models import SearchEntry
from tessere.search.query import Filters

from .helpers import found

# These tests search what they just wrote: the index follows saves here.
pytestmark = pytest.mark.search_index


def test_editing_a_title_is_found_at_once(personas: Personas) -> None:
    meeting = mf.make_meeting(personas.programme, title="Assemblea di primavera")
    meeting.title = "Assemblea sulla coprogettazione"
    meeting.save()
    assert found(personas.representative, "coprogettazione") == ["Assemblea sulla coprogettazione"]
    assert found(personas.representative, "primavera") == []


def test_a_reply_in_a_topic_is_found_at_once(personas: Personas) -> None:
    topic = make_topic(make_space(personas.programme), personas.representative, title="Domanda")
    Post.objects.create(
        topic=topic,
        number=2,
        author=personas.expert,
        body="Serve una convenzione quadro.",
        created_at=timezone.now(),
    )
    assert "convenzione" in " ".join(
        SearchEntry.objects.filter(source="forum.post").values_list("body", flat=True)
    )
    assert found(personas.representative, "convenzioni") != []


def test_a_deleted_object_is_gone_at_once(personas: Personas) -> None:
    opportunity = of.make_opportunity(personas.programme, title="Corso di italiano L2")
    assert found(personas.representative, "italiano") == ["Corso di italiano L2"]
    opportunity.delete()
    assert found(personas.representative, "italiano") == []
    assert not SearchEntry.objects.filter(source="opportunities.opportunity").exists()


def test_an_agenda_item_re_indexes_its_meeting(personas: Personas) -> None:
    meeting = mf.make_meeting(personas.programme, title="Giornata comunitaria")
    item = AgendaItem.objects.create(meeting=meeting, title="World café sulla casa")
    assert found(personas.representative, "cafe casa") == ["Giornata comunitaria"]
    item.delete()
    assert found(personas.representative, "cafe casa") == []


def test_a_changed_theme_facet_filters_at_once(personas: Personas) -> None:
    theme = f.make_theme(name="Abitare")
    meeting = mf.make_meeting(personas.programme, title="Incontro sull'abitare")
    by_theme = Filters(theme_id=theme.pk)
    assert found(personas.representative, "incontro", by_theme) == []
    meeting.themes.add(theme)
    assert found(personas.representative, "incontro", by_theme) == ["Incontro sull'abitare"]
    theme.meetings.remove(meeting)  # the reverse side too
    assert found(personas.representative, "incontro", by_theme) == []
    theme.meetings.add(meeting)
    theme.meetings.clear()
    assert found(personas.representative, "incontro", by_theme) == []


def test_a_new_partner_moves_an_organisation_into_the_project_facet(personas: Personas) -> None:
    organisation = f.make_organisation(name="Cooperativa Girasole")
    only_a = Filters(project_id=personas.project.pk, source="registry.organisation")
    assert found(personas.representative, "girasole", only_a) == []
    Partnership.objects.create(project=personas.project, organisation=organisation)
    assert found(personas.representative, "girasole", only_a) == ["Cooperativa Girasole"]


def test_a_last_login_save_does_not_re_index_people(
    personas: Personas, django_assert_num_queries: object
) -> None:
    person = personas.representative
    before = SearchEntry.objects.get(source="registry.person", object_id=person.pk).updated_at
    person.save(update_fields=["last_login"])
    after = SearchEntry.objects.get(source="registry.person", object_id=person.pk).updated_at
    assert before == after


def test_an_indexing_error_never_breaks_the_save(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index down")

    monkeypatch.setattr(index, "index_source_object", broken)
    meeting = mf.make_meeting(personas.programme, title="Salvato comunque")
    meeting.refresh_from_db()
    assert meeting.title == "Salvato comunque"


def test_rebuild_starts_from_scratch(personas: Personas) -> None:
    mf.make_meeting(personas.programme, title="Laboratorio di narrazione")
    SearchEntry.objects.filter(source="meetings.meeting").update(title="stantio")
    SearchEntry.objects.create(
        source="meetings.meeting", object_id=999_999, title="orfano", url="/"
    )
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "meetings.meeting: 1" in out.getvalue()
    assert list(
        SearchEntry.objects.filter(source="meetings.meeting").values_list("title", flat=True)
    ) == ["Laboratorio di narrazione"]
    assert found(personas.representative, "laboratorio narrazioni") == ["Laboratorio di narrazione"]
    if connection.vendor == "sqlite":  # one full-text row per entry, none left over
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            assert cursor.fetchone()[0] == SearchEntry.objects.count()


def test_rebuild_one_source_leaves_the_others(personas: Personas) -> None:
    mf.make_meeting(personas.programme, title="Laboratorio")
    projects = SearchEntry.objects.filter(source="registry.project").count()
    call_command("rebuild_search_index", "--source", "meetings.meeting", stdout=StringIO())
    assert SearchEntry.objects.filter(source="registry.project").count() == projects == 2


def test_rebuild_refuses_an_unknown_source(db: None) -> None:
    with pytest.raises(CommandError, match="Unknown source"):
        call_command("rebuild_search_index", "--source", "mentoring.session")


def test_the_seeder_rebuilds_the_index(personas: Personas) -> None:
    from tessere.search.seeds import seed

    SearchEntry.objects.all().delete()
    result = seed(scale=1)
    assert result["entries"] == SearchEntry.objects.count() > 0
