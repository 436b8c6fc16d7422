"""Recipe sheets as the network shares them: written for 16 portions, with equipment and costs."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Varchar
from piccolo.table import Table

from canteen.meals.tables import MealService
from canteen.network.tables import Network


class RecipeSheet(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    network = ForeignKey(references=Network, null=True, default=None)  # None: for everyone
    slug = Varchar(length=80, unique=True)
    title = Varchar(length=200)
    language = Varchar(length=8, default="fr")  # the language the sheet is written in
    portions = Integer(default=16)
    currency = Varchar(length=3, default="EUR")  # of the ingredients' unit costs
    summary = Text(default="")
    source = Varchar(length=200, default="")
    # Allergen codes of EU Regulation 1169/2011 annex II, comma-separated (canteen.recipes.rules).
    allergens = Varchar(length=200, default="")
    traces = Varchar(length=200, default="")  # "may contain"
    diets = Varchar(length=100, default="")  # vegetarian, vegan, halal, pork_free as declared


class RecipeIngredient(Table):
    """A quantity for the sheet's portions, in thousandths of a unit (exact, never a float)."""

    id: Serial  # Piccolo adds it; declared for type checkers
    recipe = ForeignKey(references=RecipeSheet, null=False, index=True)
    position = Integer(default=0)
    name = Varchar(length=120)
    unit = Varchar(length=16)  # kg | l | piece | bunch
    quantity_milli = Integer()  # 1.6 kg -> 1600
    unit_cost_minor = Integer(default=0)  # price of one unit (one kg, one litre, one piece)


class RecipeEquipment(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    recipe = ForeignKey(references=RecipeSheet, null=False, index=True)
    position = Integer(default=0)
    name = Varchar(length=200)


class RecipeStep(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    recipe = ForeignKey(references=RecipeSheet, null=False, index=True)
    position = Integer(default=0)
    text = Text()


class MenuDish(Table):
    """A dish on a meal service's menu, from a recipe sheet: its allergens are the sheet's with
    the coordinator's corrections on top (only the differences, so the sheet's later changes
    still reach it); `diets` None means the sheet's marks."""

    id: Serial  # Piccolo adds it; declared for type checkers
    service = ForeignKey(references=MealService, null=False, index=True)
    recipe = ForeignKey(references=RecipeSheet, null=False, index=True)
    position = Integer(default=0)
    corrections = Varchar(length=400, default="")  # "milk:absent,nuts:traces"
    diets = Varchar(length=100, null=True, default=None)
