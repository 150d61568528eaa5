"""PreparedQuery: compiled once, bound per call, the same objects as the ORM's."""

from __future__ import annotations

import uuid

import pytest
from django.db.models import F, Value

from hearth.lib.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def people_query(cast):
    """People by id with their organisation and an annotation (cast.alice's model: hearth.lib
    imports no app)."""
    User = type(cast.alice)
    built = []

    def build(person):
        built.append(person)
        return (
            User.objects.select_related("organisation")
            .annotate(word=Value("hello"), org_name=F("organisation__name"))
            .filter(id=person)
            .order_by("pk")[:1]
        )

    return PreparedQuery(build, "person"), built


def test_first_matches_the_orm_with_related_rows_and_annotations(cast, django_assert_num_queries):
    query, _ = people_query(cast)
    query.first(person=cast.bob.pk)  # compile outside the count
    with django_assert_num_queries(1):
        alice = query.first(person=cast.alice.pk)
        assert alice.organisation.name == cast.organisation.name  # no second query
    fresh = type(cast.alice).objects.get(pk=cast.alice.pk)
    assert alice == fresh
    assert alice.created_at == fresh.created_at and alice.created_at.tzinfo is not None
    assert alice.pseudonym == fresh.pseudonym
    assert (alice.word, alice.org_name) == ("hello", cast.organisation.name)
    assert alice._state.db == "default" and not alice._state.adding


def test_compiled_once_and_bound_anew_on_each_call(cast):
    query, built = people_query(cast)
    assert query.first(person=cast.alice.pk).pk == cast.alice.pk
    assert query.first(person=str(cast.bob.pk)).pk == cast.bob.pk  # text ids are accepted
    assert query.first(person=uuid.uuid4()) is None
    assert len(built) == 1


def test_all_and_rows(cast):
    User = type(cast.alice)
    org = cast.organisation.pk
    everyone = PreparedQuery(
        lambda org: User.objects.filter(organisation_id=org).order_by("pk"), "org"
    )
    assert [u.pk for u in everyone.all(org=org)] == list(
        User.objects.filter(organisation_id=org).order_by("pk").values_list("pk", flat=True)
    )
    ids = PreparedQuery(
        lambda org: User.objects.filter(organisation_id=org).values_list("id", "role"), "org"
    )
    rows = ids.rows(org=org)
    assert {row[0] for row in rows} == {u.pk for u in everyone.all(org=org)}
    assert all(isinstance(row[0], uuid.UUID) for row in rows)  # converted on every backend


def test_values_must_match_the_names(cast):
    query, _ = people_query(cast)
    with pytest.raises(TypeError):
        query.first()
    with pytest.raises(TypeError):
        query.first(person=cast.alice.pk, other=cast.bob.pk)
    with pytest.raises(ValueError):
        query.first(person="not-a-uuid")


def test_a_name_that_never_reaches_the_sql_is_refused(cast):
    User = type(cast.alice)
    unused = PreparedQuery(lambda person: User.objects.filter(is_active=True)[:1], "person")
    with pytest.raises(ValueError, match="person"):
        unused.first(person=cast.alice.pk)
