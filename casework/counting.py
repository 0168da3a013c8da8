"""Several counts in one round trip."""

from collections.abc import Hashable, Mapping

from django.db import connection
from django.db.models import QuerySet


def count_each(querysets: Mapping[Hashable, QuerySet]) -> dict[Hashable, int]:
    """How many rows each queryset holds, by key, in one query of a scalar subquery each.

    Each is counted by its own plan (its own index), which the FILTER clauses of one aggregate
    cannot have: they test every row against every condition. A queryset may be sliced, to
    count up to a cap; an unsliced one is counted without its ordering, which would only sort
    the rows before counting them.
    """
    if not querysets:
        return {}
    parts = []
    params = []
    for queryset in querysets.values():
        query = queryset.query.chain()
        query.clear_ordering(force=False)  # kept where a slice needs it
        sql, queryset_params = query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608 (the ORM's SQL)
        params.extend(queryset_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 (the ORM's SQL)
        return dict(zip(querysets, cursor.fetchone(), strict=True))
