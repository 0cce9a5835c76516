"""A network drawn on the server as SVG: no third-party JavaScript, nothing to load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

import networkx as nx

SIZE = 480
MARGIN = 40


def network_svg(
    edges: Sequence[Sequence[object]],
    labels: Mapping[str, str],
    kinds: Mapping[str, str],
    title: str,
) -> str:
    """Nodes are indicators (labelled), edges join two seen in one incident (width = times)."""
    graph = nx.Graph()
    graph.add_nodes_from(labels)
    for left, right, weight in edges:
        graph.add_edge(str(left), str(right), weight=int(str(weight)))
    if not graph.number_of_nodes():
        return ""
    # A fixed seed: the same network is drawn the same way on every visit.
    layout = (
        nx.spring_layout(graph, seed=1)
        if graph.number_of_nodes() > 1
        else {next(iter(graph.nodes)): (0.0, 0.0)}
    )
    span = SIZE - 2 * MARGIN

    def at(node: str) -> tuple[float, float]:
        x, y = layout[node]
        return MARGIN + (float(x) + 1) / 2 * span, MARGIN + (float(y) + 1) / 2 * span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'class="network-drawing" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for left, right, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = at(left), at(right)
        width = min(6, 1 + int(data.get("weight", 1)))
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'class="edge" stroke-width="{width}"/>'
        )
    for node in graph.nodes:
        x, y = at(node)
        kind = escape(kinds.get(node, "other"))
        parts.append(
            f'<g class="node node-{kind}"><circle cx="{x:.1f}" cy="{y:.1f}" r="9"/>'
            f'<text x="{x + 12:.1f}" y="{y + 4:.1f}">{escape(labels.get(node, ""))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
