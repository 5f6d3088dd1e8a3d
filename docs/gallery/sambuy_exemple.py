"""Writes the illustrative Sambuy-like interview tables of docs/gallery.md (deterministic):

    python3 docs/gallery/sambuy_exemple.py

sambuy_acteurs.csv: about forty actors (roles, not people: every name is invented) with their
family among the "4 Fantastiques" (élus, agents, État territorial, socio-économiques) and others;
sambuy_entretiens.csv: the actors cited in 29 interviews, with a strength (1 to 3) and a theme.
The tables only show the shape of such a mapping; they describe no real interview."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (key, label, family, scale, visibility): the visibility makes some actors cited more often.
ACTORS = [
    ("elu:maire", "Maire", "élus", "commune", 9),
    ("elu:adjoint-tourisme", "Adjoint·e au tourisme", "élus", "commune", 5),
    ("elu:adjoint-environnement", "Adjoint·e à l'environnement", "élus", "commune", 3),
    ("elu:president-cc", "Président·e de la communauté de communes", "élus", "epci", 6),
    ("elu:vice-president-cc", "Vice-président·e économie (CC)", "élus", "epci", 3),
    ("elu:conseiller-departemental", "Conseiller·e départemental·e", "élus", "departement", 4),
    ("elu:conseiller-regional", "Conseiller·e régional·e", "élus", "region", 2),
    ("elu:maire-voisin", "Maire d'une commune voisine", "élus", "commune", 2),
    ("agent:dgs", "Directeur·ice général·e des services", "agents", "commune", 4),
    ("agent:chef-projet", "Chef·fe de projet Avenir Montagnes", "agents", "epci", 7),
    ("agent:transition", "Chargé·e de mission transition", "agents", "epci", 4),
    ("agent:urbanisme", "Agent·e du service urbanisme", "agents", "commune", 2),
    ("agent:tourisme-cc", "Chargé·e de développement touristique", "agents", "epci", 3),
    ("agent:eau", "Technicien·ne eau et rivières", "agents", "epci", 2),
    ("agent:sports", "Agent·e du service des sports", "agents", "commune", 1),
    ("etat:sous-prefecture", "Sous-préfecture", "État territorial", "departement", 4),
    ("etat:ddt", "DDT, service montagne", "État territorial", "departement", 6),
    ("etat:commissariat-massif", "Commissariat de massif", "État territorial", "massif", 3),
    ("etat:anct", "ANCT, référent·e montagne", "État territorial", "national", 3),
    ("etat:dreal", "DREAL, unité départementale", "État territorial", "region", 2),
    ("socio:remontees", "Exploitant·e des remontées mécaniques", "socio-économiques", "commune", 9),
    ("socio:ecole-ski", "École de ski", "socio-économiques", "commune", 5),
    ("socio:location", "Loueur·euse de matériel", "socio-économiques", "commune", 3),
    ("socio:restaurant-altitude", "Restaurant d'altitude", "socio-économiques", "commune", 4),
    ("socio:gite", "Hébergeur·euse en gîte", "socio-économiques", "commune", 2),
    ("socio:hotel", "Hôtel du village", "socio-économiques", "commune", 3),
    ("socio:alpage", "Agriculteur·ice en alpage", "socio-économiques", "commune", 5),
    ("socio:accompagnateur", "Accompagnateur·ice en montagne", "socio-économiques", "commune", 3),
    ("socio:office-tourisme", "Office de tourisme", "socio-économiques", "epci", 7),
    ("socio:commerce", "Commerçant·e du village", "socio-économiques", "commune", 2),
    ("socio:vtt", "Moniteur·ice de VTT", "socio-économiques", "commune", 2),
    ("socio:cooperative", "Coopérative laitière", "socio-économiques", "bassin", 3),
    ("socio:bois", "Artisan·e du bois", "socio-économiques", "commune", 1),
    ("socio:banque", "Banque locale", "socio-économiques", "bassin", 1),
    ("asso:sauvegarde", "Association de sauvegarde de la montagne", "associations", "commune", 4),
    ("asso:club-alpin", "Club alpin", "associations", "commune", 2),
    ("asso:ski-fond", "Foyer de ski de fond", "associations", "commune", 2),
    ("asso:parents", "Association des parents d'élèves", "associations", "commune", 1),
    ("habitant:ancien", "Habitant·e de longue date", "habitants", "commune", 1),
    ("habitant:nouveau", "Nouvel·le habitant·e", "habitants", "commune", 1),
]
THEMES = ["ski", "activités d'été", "eau", "emploi", "foncier", "gouvernance"]
INTERVIEWS = 29


class Draws:
    """A small linear congruential generator: the same tables on every machine."""

    def __init__(self, seed: int) -> None:
        self.state = seed

    def next(self, bound: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 33) % bound


def tables() -> tuple:
    draws = Draws(2024)
    keys = [a[0] for a in ACTORS]
    # 29 interviewees: every actor but eleven, spread over the families.
    interviewees = [k for i, k in enumerate(keys) if i % 4 != 3][:INTERVIEWS]
    while len(interviewees) < INTERVIEWS:
        interviewees.append(next(k for k in keys if k not in interviewees))
    mentions = []
    for who in interviewees:
        count = 3 + draws.next(5)
        chosen: list = []
        while len(chosen) < count:
            weights = [a[4] if a[0] != who and a[0] not in chosen else 0 for a in ACTORS]
            pick = draws.next(sum(weights))
            for a, w in zip(ACTORS, weights):
                if pick < w:
                    chosen.append(a[0])
                    break
                pick -= w
        for cited in chosen:
            mentions.append((who, cited, 1 + draws.next(3), THEMES[draws.next(len(THEMES))]))
    return interviewees, mentions


def texts() -> tuple:
    """The two tables as CSV texts (";"-separated, UTF-8): actors, mentions."""
    _, mentions = tables()
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(["clé", "nom", "famille", "échelle"])
    for key, label, family, scale, _ in ACTORS:
        w.writerow([key, label, family, scale])
    actors = out.getvalue()
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(["interviewé", "cité", "intensité", "thème"])
    for row in mentions:
        w.writerow(row)
    return actors, out.getvalue()


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    import doc_examples  # the atomic writer of the docs' scripts

    actors, mentions = texts()
    doc_examples.write(HERE / "sambuy_acteurs.csv", actors)
    doc_examples.write(HERE / "sambuy_entretiens.csv", mentions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
