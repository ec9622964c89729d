"""Collusion rings: a prescriber–pharmacy–laboratory–patient graph, Louvain communities
(networkx), each scored by how concentrated and how exclusive its flows are.

Edges join a patient to each executor and each prescriber, and a prescriber to the executor of
what they prescribed, weighted by the amount. A ring is a community where few providers share
many patients (concentration: the providers' share of the community's amount) whose care goes
mostly through the community's own providers (exclusivity: the share of the members' amount
spent inside), with the prescriber–executor flow repeated over many patients."""

import networkx as nx
import polars as pl

from .base import Finding, fmt

DETECTOR = "collusion_ring"


def graph(lines: pl.DataFrame) -> nx.Graph:
    g = nx.Graph()
    patient = lines.group_by("beneficiary_id", "executor").agg(pl.col("amount").sum())
    for bid, inpe, amount in patient.iter_rows():
        g.add_edge(("b", bid), ("p", inpe), weight=amount + 1.0)
    flows = (
        lines.filter(pl.col("prescriber") != "")
        .group_by("prescriber", "executor")
        .agg(pl.col("amount").sum(), pl.col("beneficiary_id").n_unique().alias("patients"))
        .filter(pl.col("prescriber") != pl.col("executor"))
    )
    for prescriber, inpe, amount, patients in flows.iter_rows():
        g.add_edge(("p", prescriber), ("p", inpe), weight=amount + 1.0, patients=patients)
    return g


def detect(lines: pl.DataFrame, *, seed: int = 7, min_patients: int = 10) -> list[Finding]:
    if lines.height == 0:
        return []
    g = graph(lines)
    spent = dict(lines.group_by("beneficiary_id").agg(pl.col("amount").sum()).iter_rows())
    findings = []
    for community in nx.community.louvain_communities(g, weight="weight", seed=seed):
        providers = sorted(n[1] for n in community if n[0] == "p")
        patients = [n[1] for n in community if n[0] == "b"]
        if len(patients) < min_patients or not 2 <= len(providers) <= 6:
            continue
        inside = sum(g[("b", b)][("p", p)]["weight"] - 1.0 for b in patients for p in providers
                     if g.has_edge(("b", b), ("p", p)))  # fmt: skip
        total = sum(spent.get(b, 0.0) for b in patients) or 1.0
        exclusivity = inside / total
        flows = [g[("p", a)][("p", b)].get("patients", 0) for a in providers for b in providers
                 if a < b and g.has_edge(("p", a), ("p", b))]  # fmt: skip
        concentration = max(flows, default=0) / len(patients)
        score = exclusivity * min(concentration, 1.0)
        if score < 0.3:
            continue
        key = f"{DETECTOR}:{'-'.join(providers)}"
        for inpe in providers:
            findings.append(
                Finding(
                    DETECTOR,
                    "collusion_ring",
                    f"Réseau de {len(providers)} prestataires ({', '.join(providers)}) partageant "
                    f"{len(patients)} patients : {fmt(100 * exclusivity, 0)} % de leurs soins passent "
                    f"par ce réseau, flux prescripteur–exécutant répété chez "
                    f"{fmt(100 * concentration, 0)} % d'entre eux.",
                    float(score),
                    f"{key}:{inpe}",
                    amount=inside,
                    provider=inpe,
                    evidence={
                        "providers": providers,
                        "patients": len(patients),
                        "exclusivity": round(exclusivity, 3),
                        "concentration": round(concentration, 3),
                    },
                    features=(exclusivity, concentration, float(len(patients))),
                )  # fmt: skip
            )
    return findings
