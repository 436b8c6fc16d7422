"""Demo recipe sheets in the Cuisines de Quartier format (Brussels, annual report 2023):
ingredients for 16 portions, the equipment needed, and an estimated cost per portion.

Allergens (EU Regulation 1169/2011 annex II) as a cook reads them off the ingredients.
Prices are Brussels shop prices of 2023 in euro cents per kilo, litre, piece or bunch.
"""

from __future__ import annotations

from canteen.recipes.schemas import IngredientIn, RecipeIn
from canteen.recipes.services import create_recipe

SOURCE = "Format des fiches recettes des Cuisines de Quartier (Bruxelles, rapport annuel 2023)"


def _i(name: str, quantity: str, unit: str, cost: int) -> IngredientIn:
    return IngredientIn(name=name, quantity=quantity, unit=unit, unit_cost_minor=cost)  # type: ignore[arg-type]


SHEETS = [
    RecipeIn(
        slug="dhal-lentilles-corail",
        # Curry blends are often packed beside mustard and celery seed.
        traces=["mustard", "celery"],
        diets=["vegan", "halal", "pork_free"],
        title="Dhal de lentilles corail et riz basmati",
        summary="Un plat complet, doux et parfumé, qui se prépare en grande quantité "
        "et se conserve bien.",
        source=SOURCE,
        ingredients=[
            _i("Lentilles corail", "1.6", "kg", 380),
            _i("Riz basmati", "1.4", "kg", 320),
            _i("Oignons", "1.2", "kg", 190),
            _i("Ail (tête)", "2", "piece", 60),
            _i("Gingembre frais", "0.1", "kg", 900),
            _i("Tomates concassées", "1.6", "kg", 250),
            _i("Lait de coco", "1.6", "l", 450),
            _i("Curry en poudre", "0.04", "kg", 2200),
            _i("Cumin", "0.02", "kg", 2500),
            _i("Huile de tournesol", "0.1", "l", 300),
            _i("Coriandre fraîche", "2", "bunch", 120),
            _i("Citrons", "3", "piece", 45),
        ],
        equipment=[
            "2 grandes casseroles (10 litres)",
            "1 casserole de 8 litres pour le riz",
            "Planches à découper et couteaux",
            "Louche, cuillère en bois, balance",
        ],
        steps=[
            "Rincer les lentilles et le riz à l'eau froide.",
            "Émincer les oignons, l'ail et le gingembre ; les faire revenir dans l'huile "
            "avec le curry et le cumin.",
            "Ajouter les lentilles, les tomates et 4 litres d'eau ; cuire 25 minutes à feu "
            "doux en remuant.",
            "Cuire le riz dans 2,5 litres d'eau salée, à couvert, 12 minutes.",
            "Ajouter le lait de coco au dhal, saler, finir avec le jus des citrons et la "
            "coriandre ciselée.",
        ],
    ),
    RecipeIn(
        slug="tajine-pois-chiches",
        allergens=["gluten"],  # wheat semolina
        traces=["sulphites"],  # dried raisins are often sulphited
        diets=["vegan", "halal", "pork_free"],
        title="Tajine de pois chiches et légumes, semoule",
        summary="Les pois chiches trempent la veille ; le reste se cuisine à plusieurs "
        "en une heure.",
        source=SOURCE,
        ingredients=[
            _i("Pois chiches secs", "1.2", "kg", 300),
            _i("Semoule moyenne", "1.6", "kg", 220),
            _i("Carottes", "1.5", "kg", 150),
            _i("Courgettes", "1.5", "kg", 280),
            _i("Oignons", "1", "kg", 190),
            _i("Tomates concassées", "0.8", "kg", 250),
            _i("Raisins secs", "0.3", "kg", 800),
            _i("Ras el hanout", "0.04", "kg", 3000),
            _i("Huile d'olive", "0.15", "l", 900),
            _i("Citrons", "2", "piece", 45),
            _i("Coriandre fraîche", "2", "bunch", 120),
        ],
        equipment=[
            "1 grand faitout (15 litres)",
            "1 grand saladier pour la semoule",
            "Planches à découper et couteaux, économes",
            "Bouilloire",
        ],
        steps=[
            "La veille : mettre les pois chiches à tremper dans trois fois leur volume d'eau.",
            "Cuire les pois chiches 1 heure dans l'eau non salée.",
            "Faire revenir les oignons émincés dans l'huile avec le ras el hanout.",
            "Ajouter les carottes et les courgettes en morceaux, les tomates, les pois "
            "chiches et les raisins ; couvrir d'eau et mijoter 40 minutes.",
            "Verser 1,8 litre d'eau bouillante salée sur la semoule, couvrir 5 minutes, "
            "égrener à la fourchette.",
            "Servir avec la coriandre et des quartiers de citron.",
        ],
    ),
    RecipeIn(
        slug="soupe-potiron",
        allergens=["gluten", "milk", "celery"],  # bread; cream and butter; the stock's celery
        traces=["sesame"],  # a baker's bread
        diets=["vegetarian", "pork_free"],
        title="Soupe de potiron et pain",
        summary="Une soupe de saison avec le bouillon de légumes maison préparé ensemble "
        "(rendez-vous « conservation »).",
        source=SOURCE,
        ingredients=[
            _i("Potiron", "4", "kg", 180),
            _i("Pommes de terre", "1.5", "kg", 120),
            _i("Oignons", "0.8", "kg", 190),
            _i("Bouillon de légumes maison", "4", "l", 60),
            _i("Crème fraîche", "0.4", "l", 500),
            _i("Beurre", "0.1", "kg", 1000),
            _i("Noix de muscade", "0.005", "kg", 4000),
            _i("Gros pains", "4", "piece", 300),
        ],
        equipment=[
            "1 grande marmite (15 litres)",
            "1 mixeur plongeant",
            "Planches à découper, grands couteaux, économes",
            "Louche",
        ],
        steps=[
            "Éplucher le potiron et les pommes de terre, les couper en cubes.",
            "Faire fondre les oignons émincés dans le beurre.",
            "Ajouter les légumes et le bouillon ; cuire 30 minutes.",
            "Mixer, ajouter la crème et la muscade, rectifier l'assaisonnement.",
            "Servir avec le pain coupé en tranches.",
        ],
    ),
    RecipeIn(
        slug="crumble-pommes",
        allergens=["gluten", "milk"],  # flour and oats; butter
        traces=["nuts"],
        diets=["vegetarian", "pork_free"],
        title="Crumble aux pommes",
        summary="Un dessert simple que les enfants aiment préparer.",
        source=SOURCE,
        ingredients=[
            _i("Pommes", "3", "kg", 220),
            _i("Farine", "0.6", "kg", 120),
            _i("Beurre", "0.45", "kg", 1000),
            _i("Sucre roux", "0.45", "kg", 250),
            _i("Flocons d'avoine", "0.2", "kg", 300),
            _i("Cannelle", "0.01", "kg", 3000),
            _i("Citrons", "1", "piece", 45),
        ],
        equipment=[
            "2 grands plats à four",
            "1 four",
            "1 grand saladier",
            "Couteaux, économes",
        ],
        steps=[
            "Préchauffer le four à 180 °C.",
            "Éplucher et couper les pommes en morceaux, les arroser de jus de citron et "
            "de cannelle, les répartir dans les plats.",
            "Mélanger du bout des doigts la farine, les flocons, le sucre et le beurre "
            "froid en morceaux jusqu'à obtenir un sable grossier.",
            "Couvrir les pommes de pâte et cuire 35 minutes, jusqu'à ce que le dessus dore.",
        ],
    ),
]


async def load_recipe_sheets(network_id: int | None) -> int:
    """Add the demo recipe sheets to a network; returns how many."""
    for sheet in SHEETS:
        await create_recipe(sheet, network_id)
    return len(SHEETS)
