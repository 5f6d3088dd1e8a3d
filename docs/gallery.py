"""Regenerates the pictures of docs/gallery.md from the fabrique-2024 dataset:

    python3 docs/gallery.py            # writes docs/gallery/*.svg
    python3 docs/gallery.py --check    # fails when a committed picture differs

Each picture is the output of the one-line call shown in docs/gallery.md, byte for byte
(tests/python/test_systemic_gallery.py checks it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import maillage

sys.path.insert(0, str(Path(__file__).resolve().parent))
import doc_examples as examples  # noqa: E402

HERE = Path(__file__).resolve().parent / "gallery"

#: file name → the call that makes it (evaluated with `maillage` and `g` in scope).
CALLS = {
    "actor_map_cohorte_occitanie.svg": 'maillage.systemic.actor_map(g, focus="programme:cohorte-occitanie")',
    "interscale_map_cohortes_regionales.svg": 'maillage.systemic.interscale_map(g, focus="programme:cohortes-regionales")',
    "interscale_map_cohorte_grand_est.svg": 'maillage.systemic.interscale_map(g, focus="programme:cohorte-grand-est")',
    "ego_map_fabrique.svg": 'maillage.systemic.ego_map(g, "organisation:fabrique-des-transitions")',
    "programme_map_faverges.svg": 'maillage.systemic.programme_map(g, "programme:faverges-seythenex")',
    "actor_map_alliance.svg": "maillage.systemic.actor_map(g)",
    "compass_mise_en_recits.svg": 'maillage.systemic.compass(scores, maximum=5, title="Boussole de la mise en récits")',
    "three_horizons_sambuy.svg": 'maillage.systemic.three_horizons(initiatives, title="Trois horizons : La Sambuy (exemple illustratif)")',
    "two_loops_sambuy.svg": 'maillage.systemic.two_loops(items, title="Deux boucles : La Sambuy (exemple illustratif)")',
    "interviews_sambuy.svg": 'maillage.systemic.actor_map_from_interviews(mentions, actors, title="Cartographie des acteurs : La Sambuy (exemple illustratif)")',
}


def scores() -> "pd.DataFrame":
    """The compass example's table, read as the page shows."""
    return pd.read_csv(HERE / "boussole_exemple.csv", sep=";", decimal=",", index_col="territoire")


def initiatives() -> "pd.DataFrame":
    """The three horizons example's table, read as the page shows."""
    return pd.read_csv(HERE / "trois_horizons_exemple.csv", sep=";", dtype=str)


def items() -> "pd.DataFrame":
    """The two loops example's table, read as the page shows."""
    return pd.read_csv(HERE / "deux_boucles_exemple.csv", sep=";", dtype=str)


def actors() -> "pd.DataFrame":
    """The interviews example's actors, read as the page shows."""
    return pd.read_csv(HERE / "sambuy_acteurs.csv", sep=";", dtype=str)


def mentions() -> "pd.DataFrame":
    """The interviews example's mentions, read as the page shows."""
    return pd.read_csv(HERE / "sambuy_entretiens.csv", sep=";")


def render() -> dict:
    """The pictures of the page: file name → representation."""
    return examples.render(CALLS, {"maillage": maillage, "g": maillage.datasets.fabrique_2024(), "scores": scores(),
                                   "initiatives": initiatives(), "items": items(), "actors": actors(),
                                   "mentions": mentions()})


def _describe(name: str, rep) -> str:
    stats = rep.label_overlap()
    return (f"{name}: {len(rep.nodes)} nodes, {len(rep.edges)} edges, labels {stats['labels']} shown "
            f"/ {stats['hidden']} hidden, overlap ratio {stats['overlap_ratio']:.4f}, "
            f"label area over marks {stats['node_overlap_ratio']:.3f}")


def main() -> int:
    stale = examples.pictures(render(), HERE, "--check" in sys.argv[1:], _describe)
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python3 docs/gallery.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
