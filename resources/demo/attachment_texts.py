"""The text of the demo PDFs (written for the demo library; facts from the RTES site,
wording of our own). Each document: title, running header, pages of (heading, paragraphs).

make_attachments.py lays these out as real text PDFs; `publish` extracts them page by
page, so a new user searching the demo finds a guide by a phrase of its page 23.
"""

from __future__ import annotations

Doc = tuple[str, str, list[tuple[str, list[str]]]]

FILIERES: list[tuple[str, list[str]]] = [
    (
        "RepèrESS n°9 – Filières & ESS",
        [
            "Le rôle des collectivités dans la structuration de filières locales avec et pour "
            "l'économie sociale et solidaire. Un guide du Réseau des collectivités territoriales "
            "pour une économie solidaire, fruit d'un chantier collectif mené de 2021 à 2023.",
        ],
    ),
    (
        "Sommaire",
        [
            "Pourquoi ce guide. Définitions et typologies. Les leviers des collectivités. "
            "La méthode, du diagnostic à l'évaluation. Fiches projets. Les clauses des marchés. "
            "Ressources.",
        ],
    ),
    (
        "Pourquoi ce guide",
        [
            "Beaucoup de collectivités pensent désormais leur développement économique par "
            "filières. Plusieurs adhérents du réseau ont voulu savoir comment y associer les "
            "entreprises de l'ESS dès le départ, et non une fois les choix faits. Deux "
            "vice-présidents du réseau ont piloté les travaux, avec l'appui d'une agence "
            "spécialisée, à partir d'entretiens et de rencontres entre élus et techniciens.",
        ],
    ),
    (
        "Qu'est-ce qu'une filière ?",
        [
            "Une filière réunit l'ensemble des activités qui mènent d'une ressource à un produit "
            "ou à un service : production, transformation, distribution, usage, puis, de plus en "
            "plus souvent, collecte et seconde vie. Parler de filière de territoire, c'est "
            "s'intéresser à la part de ces étapes qui peut se dérouler localement.",
        ],
    ),
    (
        "Les typologies de filières de territoire",
        [
            "Le guide distingue les filières de ressources locales (bois, laine, pierre), les "
            "filières de besoins essentiels (alimentation, habitat, mobilité), les filières de "
            "valorisation des déchets et les filières de services aux personnes. Chacune appelle "
            "des outils différents de la part de la collectivité.",
        ],
    ),
    (
        "Ce que l'ESS apporte aux filières",
        [
            "Ressourceries, coopératives agricoles, sociétés coopératives d'intérêt collectif et "
            "entreprises d'insertion apportent un ancrage durable, une gouvernance partagée et "
            "une attention à l'emploi des personnes qui en sont éloignées. Elles restent quand "
            "le marché se retourne.",
        ],
    ),
    (
        "Sécuriser le gisement",
        [
            "Une filière locale dépend d'un gisement : matières, déchets, productions agricoles, "
            "savoir-faire. La collectivité peut en connaître l'état, en organiser l'accès et "
            "éviter qu'il ne parte hors du territoire faute d'acteur capable de le valoriser.",
        ],
    ),
    (
        "Organiser des boucles circulaires",
        [
            "Collecter, trier, transformer et réemployer sur place : les boucles circulaires "
            "limitent les transports et créent des emplois non délocalisables. Elles supposent "
            "que des acteurs qui ne se connaissaient pas travaillent ensemble, ce qui est rarement "
            "spontané.",
        ],
    ),
    (
        "Garder la valeur ajoutée sur le territoire",
        [
            "Une filière peut produire beaucoup et laisser peu : si la transformation se fait "
            "ailleurs, la richesse part avec elle. Le guide invite à repérer les maillons "
            "manquants et à soutenir en priorité ceux qui retiennent la valeur localement.",
        ],
    ),
    (
        "Levier n°1 : animer",
        [
            "Réunir les acteurs, financer un poste d'animation, tenir un lieu ressource : "
            "l'animation est souvent le premier levier et le moins coûteux. Un pôle territorial "
            "de coopération économique peut en être le support.",
        ],
    ),
    (
        "Levier n°2 : le foncier et l'immobilier",
        [
            "Mettre à disposition un terrain, un atelier ou un entrepôt, réserver du foncier "
            "agricole à l'installation : la maîtrise foncière permet d'implanter les maillons "
            "qui manquent à la filière.",
        ],
    ),
    (
        "Levier n°3 : financer",
        [
            "Subventions de fonctionnement, avances remboursables, garanties, fonds territoriaux : "
            "le guide rappelle que l'appel à projets n'est qu'un outil parmi d'autres et qu'une "
            "convention pluriannuelle sécurise mieux une structure qui démarre.",
        ],
    ),
    (
        "Levier n°4 : la commande publique",
        [
            "La collectivité achète : repas, entretien, travaux, textiles. En ouvrant ses marchés "
            "aux producteurs locaux et aux structures de l'ESS, elle crée un débouché stable. Le "
            "schéma de promotion des achats responsables fixe le cap.",
        ],
    ),
    (
        "Levier n°5 : entrer au capital",
        [
            "Une collectivité peut détenir jusqu'à la moitié du capital d'une SCIC. Elle y siège "
            "aux côtés des salariés, des usagers et des partenaires, et participe ainsi à la "
            "gouvernance de la filière.",
        ],
    ),
    (
        "Étape 1 : le diagnostic partagé",
        [
            "Cartographier les acteurs, les flux et les besoins, de préférence avec eux. Un bon "
            "diagnostic révèle souvent des coopérations possibles que personne n'avait vues.",
        ],
    ),
    (
        "Étape 2 : la gouvernance",
        [
            "Qui décide, qui anime, qui finance ? Le guide recommande une instance associant "
            "élus, entreprises, associations et habitants, avec des règles écrites dès le début.",
        ],
    ),
    (
        "Étape 3 : le plan d'action",
        [
            "Des objectifs chiffrés, un calendrier, des moyens : le plan d'action traduit la "
            "stratégie en projets concrets et dit qui porte chacun d'eux.",
        ],
    ),
    (
        "Étape 4 : évaluer",
        [
            "Emplois créés, tonnes détournées de l'enfouissement, part des achats locaux : "
            "l'évaluation se prépare dès le lancement, avec des indicateurs simples que les "
            "acteurs peuvent renseigner eux-mêmes.",
        ],
    ),
    (
        "Fiche projet : une légumerie pour la restauration collective",
        [
            "Des maraîchers, une entreprise d'insertion et une intercommunalité ont créé une "
            "légumerie qui lave, épluche et découpe les légumes pour les cantines. Les "
            "agriculteurs y trouvent un débouché, les cuisines des produits prêts à l'emploi.",
        ],
    ),
    (
        "Fiche projet : relocaliser le textile",
        [
            "Un atelier coopératif récupère les vêtements usagés, les trie et en confectionne de "
            "nouveaux pour les services municipaux. La ville en est cliente et sociétaire.",
        ],
    ),
    (
        "Fiche projet : le bois local dans la construction",
        [
            "Une communauté de communes forestière a réuni scieurs, charpentiers et bailleurs "
            "sociaux autour de logements construits en bois du massif voisin.",
        ],
    ),
    (
        "Fiche projet : une plateforme de matériaux de seconde main",
        [
            "Une ressourcerie du bâtiment collecte portes, fenêtres, carrelages et sanitaires sur "
            "les chantiers de démolition, les remet en état et les revend aux artisans et aux "
            "particuliers. Elle emploie une douzaine de salariés en insertion.",
        ],
    ),
    (
        "La clause de réemploi dans les marchés de travaux",
        [
            "La clause de réemploi impose au titulaire d'un marché de travaux d'utiliser une part "
            "de matériaux issus du réemploi, ou de confier les matériaux déposés à une filière de "
            "réemploi locale. Rédigée avec soin (quantités, traçabilité, pénalités), elle donne à "
            "la plateforme de matériaux de seconde main un débouché régulier. Le code de la "
            "commande publique permet d'en faire une condition d'exécution du marché.",
        ],
    ),
    (
        "Ressources et contacts",
        [
            "Le réseau tient à la disposition de ses adhérents les comptes rendus des rencontres, "
            "les fiches Points de RepèrESS sur les PTCE et les SCIC, et une foire aux questions "
            "juridiques.",
        ],
    ),
]

DOCUMENTS: dict[str, Doc] = {
    "reperess-9-filieres": (
        "RepèrESS n°9 – Filières & ESS",
        "RepèrESS n°9 – Filières & ESS",
        FILIERES,
    ),
    "points-repere-9-spaser": (
        "Points de RepèrESS n°9 – Les SPASER",
        "Points de RepèrESS n°9 – SPASER",
        [
            (
                "Les SPASER",
                [
                    "Un schéma de promotion des achats publics socialement et écologiquement "
                    "responsables fixe, pour plusieurs années, les objectifs d'une collectivité "
                    "en matière d'achats : part des marchés comportant une clause sociale, "
                    "achats auprès de l'ESS, critères environnementaux.",
                ],
            ),
            (
                "Qui doit en adopter un ?",
                [
                    "Les collectivités et acheteurs dont le montant annuel d'achats dépasse le "
                    "seuil fixé par décret doivent adopter et publier leur schéma. Beaucoup "
                    "d'autres le font volontairement, parce que l'exercice aide à piloter.",
                ],
            ),
            (
                "Conseils pour un schéma vivant",
                [
                    "Associer les services acheteurs et les élus, consulter les acteurs de "
                    "l'ESS, se fixer peu d'indicateurs mais les suivre chaque année, et publier "
                    "un bilan : un schéma que personne ne relit ne change aucun achat.",
                ],
            ),
        ],
    ),
    "points-repere-12-esus": (
        "Points de RepèrESS n°12 – L'agrément ESUS",
        "Points de RepèrESS n°12 – ESUS",
        [
            (
                "L'agrément ESUS",
                [
                    "Créé par la loi de 2014 sur l'économie sociale et solidaire, l'agrément "
                    "Entreprise solidaire d'utilité sociale reconnaît les entreprises de l'ESS "
                    "dont l'activité vise d'abord l'utilité sociale. Environ trois mille "
                    "structures le détiennent.",
                ],
            ),
            (
                "Les conditions",
                [
                    "Poursuivre un objectif d'utilité sociale, montrer que cet objectif pèse sur "
                    "les comptes, encadrer l'écart des rémunérations et ne pas coter ses titres "
                    "en bourse. L'agrément est délivré par les DDEETS ou les DREETS, désormais "
                    "par un guichet en ligne.",
                ],
            ),
            (
                "Ce que peuvent en faire les collectivités",
                [
                    "Orienter l'épargne solidaire vers les structures agréées, en tenir compte "
                    "dans leurs aides, et s'y référer pour réserver certains marchés aux "
                    "entreprises de l'ESS.",
                ],
            ),
        ],
    ),
    "points-repere-sieg": (
        "Points de RepèrESS – SIEG & collectivités",
        "Points de RepèrESS – SIEG & collectivités",
        [
            (
                "Les services d'intérêt économique général",
                [
                    "Un SIEG est une activité économique que la collectivité juge d'intérêt "
                    "général et qu'elle confie à un opérateur par un acte de mandatement, en "
                    "compensant les obligations de service public qu'elle lui impose.",
                ],
            ),
            (
                "Le mandatement",
                [
                    "L'acte de mandatement décrit la mission, sa durée, le territoire, les "
                    "paramètres de la compensation et les moyens d'éviter la surcompensation. "
                    "Il sécurise une subvention au regard du droit européen des aides d'État.",
                ],
            ),
            (
                "Des exemples",
                [
                    "Une eurométropole a qualifié de SIEG l'accompagnement des structures de "
                    "l'ESS ; une grande ville du sud, avec sa région, l'a fait pour des services "
                    "de proximité dans les quartiers.",
                ],
            ),
        ],
    ),
    "points-repere-scic": (
        "Points de RepèrESS – SCIC & collectivités",
        "Points de RepèrESS – SCIC & collectivités",
        [
            (
                "La société coopérative d'intérêt collectif",
                [
                    "La SCIC associe dans son capital et sa gouvernance des salariés, des "
                    "bénéficiaires et d'autres partenaires, dont les collectivités. Chaque "
                    "associé y dispose d'une voix.",
                ],
            ),
            (
                "Une collectivité sociétaire",
                [
                    "Une collectivité ou un groupement peut détenir jusqu'à cinquante pour cent "
                    "du capital d'une SCIC. Elle accompagne ainsi un projet de territoire dans la "
                    "durée, sans en prendre seule la direction.",
                ],
            ),
            (
                "Des SCIC dans les plateformes coopératives",
                [
                    "Livraison à vélo, covoiturage, circuits courts alimentaires : plusieurs "
                    "plateformes coopératives ont choisi la forme SCIC pour associer livreurs, "
                    "usagers et communes.",
                ],
            ),
        ],
    ),
    "points-repere-ptce": (
        "Points de RepèrESS – PTCE & collectivités",
        "Points de RepèrESS – PTCE & collectivités",
        [
            (
                "Les pôles territoriaux de coopération économique",
                [
                    "Un PTCE regroupe sur un territoire des entreprises de l'ESS, des entreprises "
                    "classiques, des collectivités et des centres de recherche autour d'une "
                    "stratégie commune de coopération.",
                ],
            ),
            (
                "Le rôle des collectivités",
                [
                    "Elles financent souvent l'animation du pôle, mettent à disposition des "
                    "locaux et ouvrent leurs politiques économiques aux projets qu'il porte.",
                ],
            ),
            (
                "Des déclinaisons régionales",
                [
                    "En 2023, ce Points de RepèrESS a été décliné en Hauts-de-France et en Pays "
                    "de la Loire, avec des exemples de pôles de chaque région.",
                ],
            ),
        ],
    ),
    "rapport-activite-2023": (
        "RTES – Rapport d'activité 2023",
        "RTES – Rapport d'activité 2023",
        [
            (
                "Le réseau en 2023",
                [
                    "Créé en 2002, le réseau rassemble des collectivités engagées pour l'économie "
                    "sociale et solidaire. Il fait connaître leurs initiatives, forme élus et "
                    "agents, et porte leur voix aux niveaux national, européen et international.",
                ],
            ),
            (
                "Rencontres et formations",
                [
                    "Plus d'une quarantaine de rencontres et de webinaires ont été organisés ou "
                    "coorganisés. Deux nouveaux clubs régionaux de collectivités ont été lancés, "
                    "en Occitanie et en Provence-Alpes-Côte d'Azur et Corse.",
                ],
            ),
            (
                "Publications",
                [
                    "Deux guides de la collection RepèrESS, l'un sur l'économie informelle, "
                    "l'autre sur la structuration de filières ; une dizaine de fiches Déniché "
                    "pour vous ; une foire aux questions juridiques enrichie pour les adhérents.",
                ],
            ),
            (
                "Plaidoyer",
                [
                    "Le réseau a impulsé une tribune faisant de l'ESS un cap pour une transition "
                    "juste des territoires, signée par plus de soixante élus, et a participé au "
                    "forum mondial de l'économie sociale à Dakar.",
                ],
            ),
        ],
    ),
}
