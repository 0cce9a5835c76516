"""Random and mutated deliveries, correctly signed, never make the webhook answer 5xx."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigia.messaging.tests.support import fixture_json, post_signed

pytestmark = pytest.mark.django_db

FIXTURES = ["whatsapp_text.json", "whatsapp_batch.json", "whatsapp_statuses.json"]
SLOW = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


def _replace(node: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not path:
        return value
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return node


@SLOW
@given(data=st.data(), name=st.sampled_from(FIXTURES), delete=st.booleans(), value=json_values)
def test_mutated_documented_payloads_never_give_a_server_error(
    whatsapp: Any, data: st.DataObject, name: str, delete: bool, value: Any
) -> None:
    document = copy.deepcopy(fixture_json(name))
    path = data.draw(st.sampled_from(_paths(document)))
    mutated = _replace(document, path, value, delete and bool(path))
    response = post_signed(Client(), json.dumps(mutated).encode())
    assert response.status_code in (200, 400)


@SLOW
@given(body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_random_bodies_never_give_a_server_error(whatsapp: Any, body: bytes) -> None:
    assert post_signed(Client(), body).status_code in (200, 400)
