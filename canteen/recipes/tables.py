"""Recipe sheets as the network shares them: written for 16 portions, with equipment and costs."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Varchar
from piccolo.table import Table

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
