"""Render a reuse network (:class:`sourcetrace.network.Network`): JSON Lines, CSV, GraphML, and
HTML (an overview, a page per cluster with its lineage drawn as SVG, and the side-by-side
report of every pair).

Everything is generated here from the network's records: no script, nothing loaded from
elsewhere, every text escaped (:func:`sourcetrace.report.html.escape`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from sourcetrace.network import Network
from sourcetrace.output import write_atomic
from sourcetrace.report import render_dict
from sourcetrace.report.html import escape

__all__ = ["NETWORK_FORMATS", "csv_table", "graphml", "jsonl", "write_html"]

NETWORK_FORMATS = ("jsonl", "csv", "graphml", "html")
_CSV_COLUMNS = ("a", "b", "direction", "confidence", "cluster", "lineage_edge", "passages",
                "longest", "verdict", "coverage", "derived_from_original", "fidelity", "reasons")
_GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def jsonl(network: Network) -> str:
    """Every record, one JSON object a line (pairs, then clusters, then boilerplate)."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                   for r in network.records())


def csv_table(network: Network) -> str:
    """One row per reuse pair."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for pair in network.pairs:
        scores = pair["scores"]
        writer.writerow([
            pair["a"], pair["b"], pair["direction"], pair["confidence"], pair["cluster"] or "",
            str(pair["lineage_edge"]).lower(), len(pair["passages"]), _longest(pair),
            pair["verdict"], scores["coverage"], scores["derived_from_original"],
            scores["fidelity"], "; ".join(pair["reasons"]),
        ])
    return out.getvalue()


def graphml(network: Network) -> str:
    """GraphML for Gephi and networkx: documents as nodes, reuse pairs as edges (from the
    original to the copy where the direction is known, from ``a`` to ``b`` otherwise)."""
    ET.register_namespace("", _GRAPHML)
    root = ET.Element(f"{{{_GRAPHML}}}graphml")
    keys = (("n", "node", "name"), ("n", "node", "language"), ("n", "node", "date"),
            ("n", "node", "title"), ("n", "node", "cluster"), ("e", "edge", "direction"),
            ("e", "edge", "confidence"), ("e", "edge", "cluster"), ("e", "edge", "lineage_edge"),
            ("e", "edge", "passages"), ("e", "edge", "longest"), ("e", "edge", "verdict"))
    for prefix, scope, name in keys:
        kind = "double" if name == "confidence" else "int" if name in ("cluster", "passages", "longest") else "boolean" if name == "lineage_edge" else "string"
        ET.SubElement(root, f"{{{_GRAPHML}}}key", {"id": f"{prefix}_{name}", "for": scope,
                                                   "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{_GRAPHML}}}graph", {"id": "network", "edgedefault": "directed"})
    clusters = {doc: c["cluster"] for c in network.clusters for doc in c["documents"]}
    for identifier in sorted(network.documents):
        document = network.documents[identifier]
        node = ET.SubElement(graph, f"{{{_GRAPHML}}}node", {"id": identifier})
        _data(node, "n_name", document["name"])
        _data(node, "n_language", document["language"] or "")
        _data(node, "n_date", str(document["metadata"].get("date", "")))
        _data(node, "n_title", str(document["metadata"].get("title", "")))
        _data(node, "n_cluster", str(clusters.get(identifier, "")))
    for number, pair in enumerate(network.pairs):
        source, target = (pair["b"], pair["a"]) if pair["direction"] == "b->a" else (pair["a"], pair["b"])
        edge = ET.SubElement(graph, f"{{{_GRAPHML}}}edge",
                             {"id": f"e{number}", "source": source, "target": target})
        _data(edge, "e_direction", "unknown" if pair["direction"] == "unknown" else "known")
        _data(edge, "e_confidence", str(pair["confidence"]))
        if pair["cluster"] is not None:
            _data(edge, "e_cluster", str(pair["cluster"]))
        _data(edge, "e_lineage_edge", str(pair["lineage_edge"]).lower())
        _data(edge, "e_passages", str(len(pair["passages"])))
        _data(edge, "e_longest", str(_longest(pair)))
        _data(edge, "e_verdict", pair["verdict"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _data(parent: ET.Element, key: str, value: str) -> None:
    ET.SubElement(parent, f"{{{_GRAPHML}}}data", {"key": key}).text = value


def _longest(pair: dict[str, Any]) -> int:
    return max((min(p["a"]["end"] - p["a"]["start"], p["b"]["end"] - p["b"]["start"])
                for p in pair["passages"]), default=0)


# --- HTML --------------------------------------------------------------------------------------

_STYLE = (
    "body{font:15px/1.4 system-ui,sans-serif;margin:2em;max-width:75em}"
    "table{border-collapse:collapse}th,td{vertical-align:top;text-align:left;padding:.3em .7em;"
    "border-top:1px solid #ddd}svg{border:1px solid #ddd;background:#fafafa}"
    "svg text{font:12px system-ui,sans-serif}svg a line{stroke:#3b7dd8;stroke-width:2}"
    "svg a:hover line{stroke:#b00;stroke-width:3}.muted{color:#666}ul{margin:.2em 0}"
)


def write_html(network: Network, folder: str | os.PathLike[str]) -> int:
    """``index.html``, ``cluster-N.html`` per cluster and ``pairs/*.html`` (the side-by-side
    report of every pair and every lineage edge); returns the number of pages written."""
    target = Path(folder)
    (target / "pairs").mkdir(parents=True, exist_ok=True)
    pages = 0
    names = {}
    for (original, derived), report in sorted({**network.reports, **network.audits}.items()):
        names[(original, derived)] = f"pairs/{_slug(original)}--{_slug(derived)}.html"
        write_atomic(target / names[(original, derived)], render_dict(report, "html"))
        pages += 1
    for cluster in network.clusters:
        write_atomic(target / f"cluster-{cluster['cluster']}.html",
                     _cluster_page(network, cluster, names))
        pages += 1
    write_atomic(target / "index.html", _overview(network))
    return pages + 1


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
            f"</title><style>{_STYLE}</style></head><body>{body}</body></html>\n")


def _overview(network: Network) -> str:
    rows = "".join(
        f'<tr><td><a href="cluster-{c["cluster"]}.html">cluster {c["cluster"]}</a></td>'
        f'<td>{len(c["documents"])}</td><td>{escape(c["root"])}</td>'
        f'<td>{escape(c["ordered_by"])}</td></tr>'
        for c in network.clusters
    )
    boiler = "".join(f"<li>{escape(b.text)} <span class=\"muted\">({b.documents} documents)</span></li>"
                     for b in network.boilerplate) or "<li>none</li>"
    body = (f"<h1>Reuse network</h1><p>{len(network.pairs)} reuse pairs in"
            f" {len(network.clusters)} clusters. Candidates were found approximately; every pair"
            " was compared in full.</p><table><thead><tr><th>cluster</th><th>documents</th>"
            f"<th>root</th><th>ordered by</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>Boilerplate (left out of the pairs)</h2><ul>{boiler}</ul>")
    return _page("sourcetrace network", body)


def _cluster_page(network: Network, cluster: dict[str, Any], names: dict[tuple[str, str], str]) -> str:
    svg = _lineage_svg(cluster, names)
    audits = "".join(_edge_row(edge, names) for edge in cluster["edges"])
    members = set(cluster["documents"])
    pairs = "".join(
        f'<tr><td>{escape(p["a"])}</td><td>{escape(p["b"])}</td><td>{escape(p["direction"])}</td>'
        f'<td>{p["confidence"]}</td><td><a href="{escape(names[_compared(p)])}">report</a></td></tr>'
        for p in network.pairs if p["a"] in members and p["b"] in members
    )
    root = network.documents[cluster["root"]]
    body = (f'<p><a href="index.html">all clusters</a></p><h1>Cluster {cluster["cluster"]}</h1>'
            f'<p>Root: {escape(cluster["root"])} {escape(root["metadata"].get("title", ""))};'
            f' ordered by {escape(cluster["ordered_by"])}. Each edge links to the side-by-side'
            f" report of that step.</p>{svg}<h2>What each copy changed</h2><table><thead><tr>"
            "<th>copy</th><th>made from</th><th>changed</th><th>added</th><th>left out</th>"
            f"</tr></thead><tbody>{audits}</tbody></table><h2>Pairs</h2><table><thead><tr><th>a"
            "</th><th>b</th><th>direction</th><th>confidence</th><th></th></tr></thead>"
            f"<tbody>{pairs}</tbody></table>")
    return _page(f"cluster {cluster['cluster']}", body)


def _compared(pair: dict[str, Any]) -> tuple[str, str]:
    return pair["compared"]["original"], pair["compared"]["derived"]


def _edge_row(edge: dict[str, Any], names: dict[tuple[str, str], str]) -> str:
    audit = edge["audit"]
    if audit is None:
        return (f'<tr><td>{escape(edge["child"])}</td><td>{escape(edge["parent"])}</td>'
                '<td colspan="3">not compared</td></tr>')
    changed = "".join(f"<li>{escape(d['explanation'])}</li>" for d in audit["distortions"])
    added = "".join(f"<li>{escape(_short(a['text']))}</li>" for a in audit["additions"])
    left = "".join(f"<li>{escape(_short(o['text']))}</li>" for o in audit["omissions"])
    link = names.get((edge["parent"], edge["child"]))
    parent = (f'<a href="{escape(link)}">{escape(edge["parent"])}</a>' if link
              else escape(edge["parent"]))
    return (f'<tr><td>{escape(edge["child"])}</td><td>{parent}</td><td><ul>{changed}</ul></td>'
            f"<td><ul>{added}</ul></td><td><ul>{left}</ul></td></tr>")


def _short(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _lineage_svg(cluster: dict[str, Any], names: dict[tuple[str, str], str]) -> str:
    """The lineage tree, root on top, one row per generation, children under their parents."""
    children: dict[str, list[str]] = {}
    for edge in cluster["edges"]:
        children.setdefault(edge["parent"], []).append(edge["child"])
    rows: list[list[str]] = []
    level = [cluster["root"]]
    while level:
        rows.append(level)
        level = [c for node in level for c in sorted(children.get(node, []))]
    width = max(len(r) for r in rows) * 170 + 40
    height = len(rows) * 90 + 30
    places = {node: (40 + 170 * i + (width - 40 - 170 * len(row)) // 2 + 65, 40 + 90 * depth)
              for depth, row in enumerate(rows) for i, node in enumerate(row)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
             f' viewBox="0 0 {width} {height}" role="img"><title>lineage of cluster'
             f' {cluster["cluster"]}</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="10"'
             ' refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M0 0L10 5L0 10z" fill="#3b7dd8"/></marker></defs>']
    for edge in cluster["edges"]:
        (x1, y1), (x2, y2) = places[edge["parent"]], places[edge["child"]]
        line = (f'<line x1="{x1}" y1="{y1 + 12}" x2="{x2}" y2="{y2 - 14}"'
                ' marker-end="url(#arrow)"/>')
        link = names.get((edge["parent"], edge["child"]))
        title = f'<title>{escape(edge["parent"])} → {escape(edge["child"])}</title>'
        parts.append(f'<a href="{escape(link)}">{title}{line}</a>' if link else line)
    for node, (x, y) in places.items():
        parts.append(f'<circle cx="{x}" cy="{y}" r="10" fill="#fff" stroke="#333"/>'
                     f'<text x="{x + 14}" y="{y + 4}">{escape(node)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80]
