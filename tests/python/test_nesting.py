"""Nesting queries on a small French hierarchy, checked by hand and against NetworkX on the part_of DAG."""

from __future__ import annotations

import functools

import networkx as nx
import pytest

import maillage

FAVERGES = "commune:74123"
SEYTHENEX = "commune-deleguee:74268"
ANNECY = "commune:74010"
CHAMBERY = "commune:73065"
CCSLA = "epci:247400773"
GRAND_ANNECY = "epci:200066793"
HAUTE_SAVOIE = "departement:74"
SAVOIE = "departement:73"
ARA = "region:84"
BAUGES = "pnr:massif-des-bauges"


def dag(g):
    """part_of as a NetworkX DiGraph child → parent."""
    ef = g.edges_frame()
    nesting = ef[ef["relation"] == "part_of"]
    D = nx.DiGraph()
    D.add_nodes_from(g.nodes)
    D.add_edges_from(zip(nesting["source"], nesting["target"]))
    return D


def test_parents_and_children(french):
    assert sorted(french.parents(FAVERGES)) == sorted([CCSLA, BAUGES])
    assert french.parents(SEYTHENEX) == [FAVERGES]
    assert french.parents(ARA) == []
    assert sorted(french.children(HAUTE_SAVOIE)) == sorted([CCSLA, GRAND_ANNECY])
    assert sorted(french.children(BAUGES)) == sorted([FAVERGES, CHAMBERY])
    assert french.children(SEYTHENEX) == []
    assert french.parents("person:alice") == []  # represents is not nesting
    D = dag(french)
    for key in french.nodes:
        assert sorted(french.parents(key)) == sorted(D.successors(key))
        assert sorted(french.children(key)) == sorted(D.predecessors(key))


def test_ancestors_nearest_first(french):
    up = french.ancestors(SEYTHENEX)
    assert set(up) == {FAVERGES, CCSLA, BAUGES, HAUTE_SAVOIE, ARA}
    assert up[0] == FAVERGES
    assert up.index(CCSLA) < up.index(HAUTE_SAVOIE) < up.index(ARA)
    D = dag(french)
    for key in french.nodes:
        up = french.ancestors(key)
        assert len(up) == len(set(up))
        assert set(up) == nx.descendants(D, key)
        distance = nx.single_source_shortest_path_length(D, key)
        assert [distance[a] for a in up] == sorted(distance[a] for a in up)


def test_contains(french):
    assert french.contains(ARA, SEYTHENEX)
    assert french.contains(BAUGES, SEYTHENEX)
    assert french.contains(HAUTE_SAVOIE, ANNECY)
    assert not french.contains(SAVOIE, FAVERGES)
    assert not french.contains(SEYTHENEX, ARA)  # not the other way round
    assert not french.contains(ARA, ARA)  # not reflexive
    assert not french.contains(ARA, "person:alice")
    D = dag(french)
    for container in french.nodes:
        for part in french.nodes:
            assert french.contains(container, part) == (container in nx.descendants(D, part))


def _lowest_common(D, a, b):
    common = (nx.descendants(D, a) | {a}) & (nx.descendants(D, b) | {b})
    return {c for c in common if not any(c in nx.descendants(D, d) for d in common if d != c)}


def test_lowest_common_containers(french):
    assert french.lowest_common_containers(FAVERGES, ANNECY) == [HAUTE_SAVOIE]
    assert sorted(french.lowest_common_containers(FAVERGES, CHAMBERY)) == sorted([BAUGES, ARA])
    assert french.lowest_common_containers(SEYTHENEX, FAVERGES) == [FAVERGES]  # or being
    assert french.lowest_common_containers(ANNECY, ANNECY) == [ANNECY]
    assert sorted(french.lowest_common_containers(SEYTHENEX, CHAMBERY)) == sorted([BAUGES, ARA])
    assert french.lowest_common_containers("person:alice", ANNECY) == []
    D = dag(french)
    for a in french.nodes:
        for b in french.nodes:
            assert set(french.lowest_common_containers(a, b)) == _lowest_common(D, a, b), (a, b)


def test_depth(french):
    expected = {ARA: 0, HAUTE_SAVOIE: 1, SAVOIE: 1, CCSLA: 2, GRAND_ANNECY: 2, FAVERGES: 3, SEYTHENEX: 4,
                ANNECY: 3, CHAMBERY: 2, BAUGES: 0, "person:alice": 0, "org:alliance": 0}
    assert {k: french.depth(k) for k in french.nodes} == expected
    D = dag(french)

    @functools.lru_cache(maxsize=None)
    def longest(node):
        return max((1 + longest(p) for p in D.successors(node)), default=0)

    assert all(french.depth(k) == longest(k) for k in french.nodes)


@pytest.mark.parametrize("query", ["parents", "children", "ancestors", "depth"])
def test_unknown_key_is_not_found(french, query):
    with pytest.raises(maillage.NotFound) as info:
        getattr(french, query)("commune:99999")
    assert "commune:99999" in str(info.value)


def test_unknown_key_in_pair_queries(french):
    with pytest.raises(maillage.NotFound):
        french.contains(ARA, "nowhere")
    with pytest.raises(KeyError):
        french.lowest_common_containers("nowhere", ARA)


def test_nesting_view(french):
    v = french.view(relations="nesting")
    assert v.directed
    assert v.number_of_edges() == 10
    assert sorted(v.neighbors(FAVERGES)) == sorted([CCSLA, BAUGES])
    assert french.view(relations="nesting", where={"scale": (">=", "departement")}).nodes == [
        ARA, HAUTE_SAVOIE, SAVOIE, "org:alliance"]
