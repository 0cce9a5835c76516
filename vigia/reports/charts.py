"""Charts as SVG (matplotlib, object API: no pyplot global state, safe in threads).

Every chart draws protected figures only; a hidden value is drawn as an empty slot marked "<k".
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from vigia.reports.publishing import AmountRow, Published

matplotlib.rcParams.update(
    {"svg.fonttype": "none", "svg.hashsalt": "vigia", "font.size": 9, "font.family": "DejaVu Sans"}
)
KILLED, MISSING, OTHER = "#8e1b1b", "#355c7d", "#6c757d"


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    """For <img src>: the page's CSP allows data: images, and an image cannot run scripts."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _hidden_note(axes: object, k: int) -> None:
    axes.text(  # type: ignore[attr-defined]
        0.99, 0.99, _("— = oculto (menos de %(k)s)") % {"k": k}, transform=axes.transAxes,  # type: ignore[attr-defined]
        ha="right", va="top", fontsize=7, color=OTHER,
    )  # fmt: skip


def yearly(series: Sequence[tuple[int, int | None, int | None]], k: int) -> str:
    """Killed and missing by year: (year, killed, missing)."""
    figure = Figure(figsize=(6.4, 2.8))
    axes = figure.subplots()
    years = [str(year) for year, _k, _m in series]
    positions = range(len(years))
    width = 0.4
    killed = [value or 0 for _y, value, _m in series]
    missing = [value or 0 for _y, _k, value in series]
    bars = axes.bar([p - width / 2 for p in positions], killed, width, color=KILLED,
                    label=_("Asesinadas"))  # fmt: skip
    axes.bar_label(bars, labels=[str(v) if v is not None else "—" for _y, v, _m in series])
    bars = axes.bar([p + width / 2 for p in positions], missing, width, color=MISSING,
                    label=_("Desaparecidas"))  # fmt: skip
    axes.bar_label(bars, labels=[str(v) if v is not None else "—" for _y, _k, v in series])
    axes.set_xticks(list(positions), years)
    axes.set_title(_("Personas asesinadas y desaparecidas por año"))
    axes.legend(frameon=False, loc="upper center", ncols=2, bbox_to_anchor=(0.5, -0.12))
    axes.spines[["top", "right"]].set_visible(False)
    _hidden_note(axes, k)
    return _svg(figure)


def bars(table: Published, title: str, k: int, *, color: str = OTHER) -> str:
    """One bar per row of a protected table (months, perpetrators…)."""
    rows = table.rows()
    figure = Figure(figsize=(6.4, max(2.2, 0.32 * len(rows) + 0.8)))
    axes = figure.subplots()
    labels = [label for _key, label, _v in rows]
    values = [value or 0 for _key, _label, value in rows]
    drawn = axes.barh(range(len(rows)), values, color=color)
    axes.bar_label(drawn, labels=[str(v) if v is not None else "—" for _k, _l, v in rows],
                   padding=3)  # fmt: skip
    axes.set_yticks(range(len(rows)), labels)
    axes.invert_yaxis()
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    _hidden_note(axes, k)
    return _svg(figure)


def amounts(rows: Sequence[AmountRow], title: str, k: int) -> str:
    """Median weekly quota by zone with its range (groups of fewer than k are left out)."""
    shown = [row for row in rows if row.median is not None]
    figure = Figure(figsize=(6.4, max(2.2, 0.35 * len(shown) + 0.9)))
    axes = figure.subplots()
    if not shown:
        axes.text(0.5, 0.5, _("Sin grupos de al menos %(k)s incidentes") % {"k": k},
                  ha="center", va="center", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
    else:
        medians = [float(row.median or 0) for row in shown]
        low = [m - float(row.low or 0) for m, row in zip(medians, shown, strict=True)]
        high = [float(row.high or 0) - m for m, row in zip(medians, shown, strict=True)]
        axes.barh(range(len(shown)), medians, xerr=[low, high], color=KILLED, capsize=3)
        axes.set_yticks(range(len(shown)), [row.label for row in shown])
        axes.invert_yaxis()
        axes.set_xlabel(_("Soles (mediana y rango)"))
        axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title)
    return _svg(figure)


def district_map(markers: Sequence[dict[str, object]], title: str, k: int) -> str:
    """A static map for print: district centres, circles sized by count, hidden ones grey."""
    figure = Figure(figsize=(5.2, 5.6))
    axes = figure.subplots()
    for marker in markers:
        count = marker["count"]
        lon, lat = float(marker["lon"]), float(marker["lat"])  # type: ignore[arg-type]
        size = 30.0 if count is None else 30.0 + 25.0 * float(count) ** 0.5  # type: ignore[arg-type]
        axes.scatter([lon], [lat], s=size, color=OTHER if count is None else KILLED, alpha=0.6)
        axes.annotate(f"{marker['name']} ({'—' if count is None else count})", (lon, lat),
                      fontsize=6, xytext=(4, 3), textcoords="offset points")  # fmt: skip
    axes.set_xlim(-77.25, -76.7)
    axes.set_ylim(-12.45, -11.7)
    axes.set_aspect("equal")
    axes.set_title(title)
    axes.set_xticks([])
    axes.set_yticks([])
    _hidden_note(axes, k)
    return _svg(figure)
