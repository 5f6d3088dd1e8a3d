"""The fabrique-2024 dataset in pandas: a first look, and two questions answered.

Run it with ``python docs/fabrique_2024_questions.py`` (after installing maillage). It prints:

1. which allies support territories in more than one programme (people counted with their
   organisation, as the report names them: « l'alliée Florence Busnot-Richard (Terre de
   confiance) »);
2. which régions have territories in the most programmes (a territory counts for every région
   that contains it through ``part_of``: a commune, its EPCI and its département all lead to it);
3. and, as a taste of inter-scale analysis, the scale of the supporting actor against the scale of
   the supported territory.
"""

from __future__ import annotations

import pandas as pd

import maillage


def support_ties(g: maillage.Graph) -> pd.DataFrame:
    """``supports`` edges from an actor to a territory, with the actor's organisation and the
    programme (``context``) they belong to."""
    nodes = g.nodes_frame()
    edges = g.edges_frame()
    ties = edges[(edges["relation"] == "supports") & (edges["target"].map(nodes["kind"]) == "territory")]
    ties = ties[["source", "target", "context", "role", "detail"]].copy()
    # a person acts for their organisation (« Marc Frerebeau (Récits'Danses) »)
    organisation = ties["source"].map(nodes["organisation"])
    ties["ally"] = organisation.where(organisation.notna(), ties["source"])
    ties["ally_label"] = ties["ally"].map(nodes["label"])
    ties["programme"] = ties["context"].map(nodes["label"])
    return ties


def allies_in_several_programmes(g: maillage.Graph) -> pd.DataFrame:
    """Allies (organisations, or people without one) supporting territories in more than one
    programme: the programmes and the territories, most programmes first."""
    ties = support_ties(g)
    labels = g.nodes_frame()["label"]
    grouped = ties.groupby("ally").agg(
        ally_label=("ally_label", "first"),
        programmes=("programme", lambda s: sorted(set(s))),
        territories=("target", lambda s: sorted(labels[k] for k in set(s))),
    )
    grouped["n_programmes"] = grouped["programmes"].map(len)
    out = grouped[grouped["n_programmes"] > 1]
    return out.sort_values(["n_programmes", "ally_label"], ascending=[False, True])


def regions_by_programmes(g: maillage.Graph) -> pd.DataFrame:
    """For each région: the number of distinct programmes its territories take part in, the
    programmes, and the number of participating territories; most programmes first."""
    nodes = g.nodes_frame()
    edges = g.edges_frame()
    part = edges[(edges["relation"] == "participates_in")
                 & (edges["source"].map(nodes["kind"]) == "territory")
                 & (edges["target"].map(nodes["kind"]) == "programme")]
    rows = []
    for territory, programme in zip(part["source"], part["target"]):
        regions = [a for a in [territory, *g.ancestors(territory)] if a.startswith("region:")]
        for region in regions:
            rows.append({"region": region, "programme": programme, "territory": territory})
    frame = pd.DataFrame(rows)
    out = frame.groupby("region").agg(
        programmes=("programme", lambda s: sorted(nodes.loc[list(set(s)), "label"])),
        n_programmes=("programme", "nunique"),
        n_territories=("territory", "nunique"),
    )
    out.insert(0, "label", out.index.map(nodes["label"]))
    return out.sort_values(["n_programmes", "n_territories", "label"], ascending=[False, False, True])


def scale_of_support(g: maillage.Graph) -> pd.DataFrame:
    """Cross-table of the supporting actor's scale (rows) and the supported territory's scale."""
    nodes = g.nodes_frame()
    ties = support_ties(g)
    actor = ties["source"].map(nodes["scale"].astype(object)).fillna("(sans échelle)")
    territory = ties["target"].map(nodes["scale"].astype(object))
    return pd.crosstab(actor.rename("acteur"), territory.rename("territoire"))


def main() -> None:
    g = maillage.datasets.fabrique_2024()
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 90)
    print(g)
    print(g.nodes_frame()["kind"].value_counts().to_string(), end="\n\n")
    print(f"Alliance (metadata): {g.metadata['alliance_organisations']} organisations, "
          f"{g.metadata['alliance_personnes']} personnes\n")

    print("1. Allies supporting territories in more than one programme")
    print(allies_in_several_programmes(g)[["ally_label", "n_programmes", "programmes", "territories"]].to_string(), end="\n\n")

    print("2. Régions whose territories take part in the most programmes")
    print(regions_by_programmes(g).head(8).to_string(), end="\n\n")

    print("3. Who supports whom, by scale (actor scale × territory scale)")
    print(scale_of_support(g).to_string())


if __name__ == "__main__":
    main()
