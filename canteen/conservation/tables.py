"""Food kept for later: batches (dish, portions, method, made, use-by, allergens), the portions
used or discarded, and each canteen's own keeping rules."""

from piccolo.columns import UUID, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from canteen.network.tables import Canteen
from canteen.recipes.tables import RecipeSheet


class ConservationRule(Table):
    """A canteen's own number of days for a method, instead of the default (rules.DEFAULTS)."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    method = Varchar(length=16)
    days = Integer()


class ConservationBatch(Table):
    id = UUID(primary_key=True)  # from the tablet's client id: recorded once through the outbox
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    # A batch outlives its sheet: the dish's name and allergens are copied onto it.
    recipe = ForeignKey(
        references=RecipeSheet, null=True, default=None, on_delete=OnDelete.set_null
    )
    dish = Varchar(length=200)
    method = Varchar(length=16)  # chilled | frozen | pasteurised | canned
    portions = Integer()
    made = Date()
    use_by = Date()
    allergens = Varchar(length=200, default="")  # codes of canteen.recipes.rules.ALLERGENS
    traces = Varchar(length=200, default="")
    recorded_at = Timestamptz()
    body_hash = Varchar(length=64)


class BatchMove(Table):
    """Portions taken out of a batch: served (used) or thrown away (discarded)."""

    id = UUID(primary_key=True)
    batch = ForeignKey(references=ConservationBatch, null=False, index=True)
    kind = Varchar(length=16)  # used | discarded
    portions = Integer()
    date = Date()
    body_hash = Varchar(length=64)
