"""Extortion networks: numbers, accounts and aliases linked through the incidents they share.

Pure (networkx, no Django): the database path and the synthetic evaluation call the same
functions. A network is a connected component of the indicator graph (two indicators are
joined when they appear in the same incident), split into communities when one shared
number or account is the only bridge between two dense groups (a mule account lent out, a
number resold). Actors (factions) are attributes of a network, not nodes that join
components: one faction runs many cells, and joining through it would merge them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import networkx as nx
from networkx.algorithms import community

# A component this small is taken whole; larger ones are checked for weak bridges.
SPLIT_MIN_NODES = 8
# Communities are kept only when they explain the component much better than one group.
SPLIT_MIN_MODULARITY = 0.3
SUGGEST_MIN_SHARE = 0.6
SUGGEST_MIN_INCIDENTS = 2


@dataclass(frozen=True)
class Facts:
    """What one incident says about the extortion system."""

    key: str
    indicators: tuple[str, ...]
    actor: str | None = None
    zone: str | None = None
    day: date | None = None
    amounts: tuple[Decimal, ...] = ()


@dataclass
class Network:
    number: int
    indicators: list[str]
    incidents: list[str]
    actors: Counter[str] = field(default_factory=Counter)
    zones: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    amounts: list[Decimal] = field(default_factory=list)
    edges: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def suggestion(self) -> tuple[str, int] | None:
        """(actor, incidents without an actor) when one actor dominates the attributed ones."""
        attributed = sum(self.actors.values())
        if not attributed:
            return None
        actor, count = self.actors.most_common(1)[0]
        unattributed = len(self.incidents) - attributed
        if count >= SUGGEST_MIN_INCIDENTS and count / attributed >= SUGGEST_MIN_SHARE:
            return actor, unattributed
        return None


def indicator_graph(facts: Iterable[Facts]) -> nx.Graph:
    graph = nx.Graph()
    for fact in facts:
        values = sorted(set(fact.indicators))
        graph.add_nodes_from(values)
        for i, left in enumerate(values):
            for right in values[i + 1 :]:
                weight = graph.get_edge_data(left, right, {"weight": 0})["weight"]
                graph.add_edge(left, right, weight=weight + 1)
    return graph


def _groups(graph: nx.Graph) -> list[set[str]]:
    groups: list[set[str]] = []
    for nodes in nx.connected_components(graph):
        if len(nodes) < SPLIT_MIN_NODES:
            groups.append(set(nodes))
            continue
        sub = graph.subgraph(nodes)
        parts = community.louvain_communities(sub, weight="weight", seed=1, resolution=0.3)
        if len(parts) > 1 and community.modularity(sub, parts) >= SPLIT_MIN_MODULARITY:
            groups.extend(set(p) for p in parts)
        else:
            groups.append(set(nodes))
    return groups


def find_networks(facts: Sequence[Facts], *, min_incidents: int = 2) -> list[Network]:
    """Networks with at least ``min_incidents`` incidents, largest first, numbered from 1."""
    graph = indicator_graph(facts)
    owner: dict[str, int] = {}
    groups = sorted(_groups(graph), key=lambda g: (-len(g), min(g)))
    for index, group in enumerate(groups):
        for value in group:
            owner[value] = index
    members: dict[int, list[Facts]] = {}
    for fact in facts:
        if fact.indicators:
            votes = Counter(owner[v] for v in fact.indicators)
            members.setdefault(votes.most_common(1)[0][0], []).append(fact)
    found: list[Network] = []
    for index, group in enumerate(groups):
        incidents = members.get(index, [])
        if len(incidents) < min_incidents:
            continue
        days = [f.day for f in incidents if f.day is not None]
        sub = graph.subgraph(group)
        found.append(
            Network(
                number=len(found) + 1,
                indicators=sorted(group),
                incidents=[f.key for f in incidents],
                actors=Counter(f.actor for f in incidents if f.actor),
                zones=Counter(f.zone for f in incidents if f.zone),
                first=min(days) if days else None,
                last=max(days) if days else None,
                amounts=sorted(a for f in incidents for a in f.amounts),
                edges=[(a, b, int(d["weight"])) for a, b, d in sub.edges(data=True)],
            )
        )
    return found


def membership(networks: Iterable[Network]) -> dict[str, int]:
    """Incident key → network number."""
    return {key: n.number for n in networks for key in n.incidents}
