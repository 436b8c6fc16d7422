"""The demo toolbox, written from the source documents (Cuisines de Quartier's conservation
booklets and recipe sheets for 16 portions, Les Petites Cantines' founding path, RCCQ's
mentoring abroad). Plain data: title, kind, languages, stages, tags, staff only, Markdown."""

from __future__ import annotations

from typing import Any

RESOURCES: list[dict[str, Any]] = [
    {
        "title": "Livret conservation #1 — La lacto-fermentation",
        "kind": "booklet",
        "languages": ["fr"],
        "stages": ["kitchen_equipped", "first_meal", "running"],
        "tags": ["conservation", "lacto-fermentation", "sans frigo"],
        "summary": "Garder des légumes des semaines sans frigo ni congélateur : du sel, un bocal, "
        "du temps.",
        "body": """## Pourquoi
Tout le monde n'a pas un grand frigo-congélateur, et cuisiner à plusieurs en grande quantité
laisse des légumes. La lacto-fermentation les garde des semaines, sans électricité.

## Le matériel
- des bocaux propres à fermeture hermétique (ébouillantés)
- une balance, une planche, un couteau
- du sel non iodé

## Les étapes
1. Laver et couper les légumes (chou, carottes, navets, betteraves…).
2. Peser : **20 g de sel par kilo** de légumes (saumure : 30 g par litre d'eau).
3. Masser les légumes avec le sel jusqu'à ce qu'ils rendent leur jus.
4. Tasser dans le bocal : les légumes doivent être **couverts de liquide**.
5. Laisser 3 à 5 jours à température ambiante, à l'abri de la lumière, puis au frais.

## Attention
- Jamais de légumes à l'air : c'est là que viennent les moisissures.
- Une odeur acide est normale ; une odeur de pourri ne l'est pas : on jette.

*D'après l'atelier conservation #1 du pôle Schaerbeek (Cuisines de Quartier).*
""",
    },
    {
        "title": "Livret conservation #2 — La stérilisation",
        "kind": "booklet",
        "languages": ["fr"],
        "stages": ["kitchen_equipped", "running"],
        "tags": ["conservation", "stérilisation", "bocaux"],
        "summary": "Des plats cuisinés gardés plusieurs années hors du frigo : légumineuses, "
        "tajines, sauces.",
        "body": """## Pourquoi
Stériliser permet de garder des recettes préparées **hors du frigo pendant plusieurs années**.
Des groupes l'ont fait avec des conserves de légumineuses et des tajines.

## Le matériel
- un stérilisateur (le réseau en prête : demandez au pôle)
- des bocaux avec joints neufs
- un thermomètre

## Les étapes
1. Remplir les bocaux chauds jusqu'à 2 cm du bord, essuyer le bord.
2. Fermer avec un joint neuf.
3. Stériliser à **100 °C pendant 90 minutes** pour les légumineuses et les plats
   (suivre le mode d'emploi imagé de l'appareil).
4. Laisser refroidir dans l'appareil, vérifier que chaque couvercle est bien creusé.
5. Étiqueter : nom du plat, date, groupe.

## La pasteurisation
Plus connue et moins délicate : 75 à 85 °C, pour les confitures, compotes et sauces acides.
Elle garde moins longtemps.

*D'après l'atelier conservation #2 du pôle Schaerbeek (Cuisines de Quartier).*
""",
    },
    {
        "title": "Livret conservation #3 — Le séchage",
        "kind": "booklet",
        "languages": ["fr"],
        "stages": ["kitchen_equipped", "running"],
        "tags": ["conservation", "séchage", "sans frigo"],
        "summary": "Fruits, légumes et herbes séchés : la méthode la plus simple et la moins "
        "énergivore.",
        "body": """## Pourquoi
Le séchage demande peu de matériel et presque pas d'énergie. Un séchoir est à disposition
des membres au pôle alimentaire de Jette.

## Les étapes
1. Choisir des fruits et légumes bien mûrs mais sains.
2. Couper en tranches **fines et régulières** (3 à 5 mm).
3. Étaler sans superposer sur les claies.
4. Sécher à 40–50 °C jusqu'à ce que les tranches soient cassantes (légumes) ou souples
   sans humidité (fruits).
5. Conserver en bocaux fermés, au sec et à l'abri de la lumière.

*D'après l'atelier conservation #3 du pôle Schaerbeek (Cuisines de Quartier).*
""",
    },
    {
        "title": "Checklist : fonder sa cantine de quartier",
        "kind": "practical_sheet",
        "languages": ["fr"],
        "stages": ["contact", "video_meeting", "founding_team", "premises"],
        "tags": ["démarrage", "équipe", "checklist"],
        "summary": "Du premier appel au premier repas : ce qu'il faut avoir fait, étape par étape.",
        "body": """## 1. Premier contact
- Écrire au réseau et raconter votre projet : quartier, envie, personnes déjà partantes.
- Lire la charte du réseau.

## 2. La réunion vidéo
- Une visio avec des fondateurs qui ont déjà lancé une cantine : posez toutes vos questions.

## 3. L'équipe fondatrice
- **Au moins deux personnes** motivées ; répartissez les rôles (cuisine, accueil, budget).

## 4. Le lieu
- Centre social, salle paroissiale, école, logement social, restaurant ou lieu à vous.
- Visiter la cuisine : plans de travail, feux, point d'eau, frigo, normes d'hygiène.

## 5. L'association
- Statuts (voir le modèle), assemblée constitutive, compte bancaire, assurance.

## 6. Le financement
- Budget de la première année ; premières subventions ou dons.

## 7. La cuisine équipée
- Le matériel pour **16 portions** ; formation hygiène ; coût de la portion calculé.

## 8. Le premier repas !
- Appairez la tablette, affichez le prix libre, et profitez.
""",
    },
    {
        "title": "Founding checklist: starting a neighbourhood canteen",
        "kind": "practical_sheet",
        "languages": ["en"],
        "stages": ["contact", "video_meeting", "founding_team", "premises"],
        "tags": ["getting started", "team", "checklist"],
        "summary": "From the first call to the first meal: what to have done at each stage.",
        "body": """1. **First contact** — tell the network about your neighbourhood and who is in.
2. **Video meeting** — with founders who already launched a canteen.
3. **Founding team** — at least two people, roles shared out.
4. **Premises** — community centre, church hall, school, social housing, restaurant or
   your own place; visit the kitchen.
5. **Legal association** — statutes, bank account, insurance.
6. **Funding** — a first-year budget and first funding.
7. **Kitchen equipped** — equipment for 16 portions, hygiene training, cost per portion.
8. **First meal** — pair the tablet at the door and open.
""",
    },
    {
        "title": "Fiche recette : Dhal de lentilles corail (16 portions)",
        "kind": "recipe_sheet",
        "languages": ["fr"],
        "stages": ["kitchen_equipped", "first_meal", "running"],
        "tags": ["recette", "16 portions", "végétarien"],
        "summary": "Un plat complet et bon marché, environ 1 € la portion.",
        "body": """**Pour 16 portions** · préparation 30 min · cuisson 40 min

## Matériel
- une grande marmite (15 L), une planche et un couteau par personne, une balance

## Ingrédients
| ingrédient | quantité | coût estimé |
|---|---|---|
| lentilles corail | 1,6 kg | 4,80 € |
| oignons | 1 kg | 1,50 € |
| lait de coco | 4 boîtes | 4,00 € |
| tomates concassées | 2 boîtes de 800 g | 2,40 € |
| ail, gingembre, curcuma, cumin | — | 1,30 € |
| riz | 1,6 kg | 2,40 € |

**Coût estimé : 16,40 € soit environ 1,03 € la portion.**

## Étapes
1. Faire revenir oignons, ail et gingembre avec les épices.
2. Ajouter les lentilles rincées, les tomates et 5 L d'eau ; cuire 25 min.
3. Ajouter le lait de coco, saler, cuire encore 10 min.
4. Servir avec le riz.
""",
    },
    {
        "title": "Fiche recette : Soupe de potiron (16 portions)",
        "kind": "recipe_sheet",
        "languages": ["fr", "nl"],
        "stages": ["kitchen_equipped", "running"],
        "tags": ["recette", "16 portions", "soupe", "saison"],
        "summary": "La soupe d'automne des Rendez-vous des cuisines ; se stérilise très bien.",
        "body": """**Pour 16 portions** · 20 min de préparation · 40 min de cuisson

## Matériel
- une marmite de 12 L, un mixeur plongeant, une louche

## Ingrédients
- 4 kg de potiron, 1 kg de pommes de terre, 4 oignons, 4 L de bouillon de légumes
- sel, poivre, muscade ; crème ou lait de coco (facultatif)

**Coût estimé : 11,20 € soit 0,70 € la portion.**

## Étapes
1. Éplucher et couper les légumes en gros dés.
2. Faire revenir les oignons, ajouter le reste et le bouillon.
3. Cuire 35 minutes, mixer, assaisonner.

*Astuce : en bocaux stérilisés, elle se garde des mois (voir le livret #2).*
""",
    },
    {
        "title": "Recipe sheet: Vegetable couscous (16 portions)",
        "kind": "recipe_sheet",
        "languages": ["en", "ar"],
        "stages": ["kitchen_equipped", "first_meal", "running"],
        "tags": ["recipe", "16 portions", "vegetarian"],
        "summary": "A generous shared dish, about €1.10 a portion.",
        "body": """**Serves 16** · 40 min prep · 50 min cooking

## Equipment
- a 15 L pot, a steamer or large sieve, two large serving dishes

## Ingredients
- 1.6 kg couscous, 1.5 kg carrots, 1 kg courgettes, 1 kg turnips, 2 cans chickpeas,
  3 onions, ras el hanout, tomato paste

**Estimated cost: €17.60, about €1.10 a portion.**

## Steps
1. Brown the onions with the spices and tomato paste.
2. Add the vegetables and 6 L of water; simmer 40 minutes, chickpeas at the end.
3. Steam the couscous, fluff with a little oil.
""",
    },
    {
        "title": "Ficha de receta: Ají de gallina (16 porciones)",
        "kind": "recipe_sheet",
        "languages": ["es"],
        "stages": ["kitchen_equipped", "first_meal", "running"],
        "tags": ["receta", "16 porciones"],
        "summary": "El plato de los comedores populares de Lima, para 16 porciones.",
        "body": """**Para 16 porciones** · 45 min de preparación · 45 min de cocción

## Ingredientes
- 2 kg de pollo, 8 ajíes amarillos, 1 kg de cebolla, 500 g de pan, 1 L de leche evaporada,
  200 g de nueces, 2 kg de arroz, 2 kg de papas

## Pasos
1. Cocinar el pollo y deshilacharlo; guardar el caldo.
2. Preparar el aderezo con cebolla, ajo y ají; añadir el pan remojado en leche.
3. Incorporar el pollo y el caldo; servir con arroz y papas.
""",
    },
    {
        "title": "Calculer le coût de la portion",
        "kind": "practical_sheet",
        "languages": ["fr"],
        "stages": ["funding", "kitchen_equipped", "running"],
        "tags": ["budget", "prix libre", "portion"],
        "summary": "Courses ÷ portions servies : une information pour les convives, jamais un "
        "prix.",
        "body": """Le coût de la portion, c'est **le coût des courses divisé par le nombre de
portions servies**. La tablette le calcule chaque jour et l'affiche aux convives comme une
information : chacun donne ce qu'il peut, même rien.

Exemple : 11,20 € de courses, 16 portions → 0,70 € la portion.

Cuisiner à plusieurs en grande quantité fait baisser ce coût : c'est tout l'intérêt.
""",
    },
    {
        "title": "Modèle de statuts d'association",
        "kind": "template",
        "languages": ["fr"],
        "stages": ["legal_association"],
        "tags": ["association", "statuts", "modèle"],
        "summary": "Un modèle à adapter pour l'assemblée constitutive (fichier ODT).",
        "body": "Téléchargez le fichier, adaptez le nom, l'objet et l'adresse, puis adoptez-le "
        "en assemblée constitutive.",
        "file": "statuts",
    },
    {
        "title": "Accompagner un projet à l'étranger : notes de mission",
        "kind": "practical_sheet",
        "languages": ["fr", "en"],
        "stages": ["contact", "video_meeting"],
        "tags": ["mentorat", "international"],
        "staff_only": True,
        "summary": "Pour l'équipe : comment préparer une mission d'échange (d'après le RCCQ au "
        "Mali et au Pérou).",
        "body": """- Partir de la demande du partenaire, pas de notre modèle.
- Une mission courte (deux semaines) pour comprendre les besoins et les réalités.
- Des jumelages entre cuisines : l'échange va dans les deux sens.
- Un contact régulier ensuite, toutes les 6 semaines.
""",
    },
    {
        "title": "Grille d'entretien de suivi (toutes les 6 semaines)",
        "kind": "template",
        "languages": ["fr"],
        "stages": ["founding_team", "premises", "legal_association", "funding"],
        "tags": ["suivi", "facilitation"],
        "staff_only": True,
        "summary": "Les questions de l'appel de suivi : nouvelles, ressources, besoins.",
        "body": """1. Comment va le groupe ? Qui est parti, qui est arrivé ?
2. Où en êtes-vous de l'étape en cours ? Qu'est-ce qui bloque ?
3. Quelles ressources vous aideraient (fiches, matériel, mise en relation) ?
4. Prochain rendez-vous dans 6 semaines.
""",
    },
]


def statutes_odt() -> bytes:
    """A small, valid OpenDocument text: the statutes template offered as a download."""
    import io
    import zipfile

    paragraphs = [
        "Statuts de l'association « Cantine de quartier de … »",
        "Article 1 — Nom. Il est fondé entre les adhérents aux présents statuts une association "
        "régie par la loi du 1er juillet 1901, ayant pour nom : …",
        "Article 2 — Objet. L'association a pour objet de créer du lien social autour de repas "
        "cuisinés et partagés, à prix libre, ouverts à toutes et tous.",
        "Article 3 — Siège. Le siège est fixé à : …",
        "Article 4 — Membres. L'association se compose de membres actifs et de bénévoles.",
        "Article 5 — Ressources. Participations libres aux repas, subventions, dons.",
        "Article 6 — Assemblée générale. Elle se réunit chaque année.",
    ]
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
