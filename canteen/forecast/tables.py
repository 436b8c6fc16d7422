"""Covers expected: the forecasts kept beside what happened, marked days, imported covers."""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from canteen.network.tables import Canteen


class MarkedDay(Table):
    """A day the coordinator marked: closed (no service), a holiday, a special day, a strike,
    or an expected change of covers (a school trip: -30)."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    date = Date()
    kind = Varchar(length=16)  # closed | holiday | special | strike | change
    covers_change = Integer(null=True, default=None)  # for a change: covers added (negative: fewer)
    note = Varchar(length=200, default="")
    updated_at = Timestamptz()


class CoversForecast(Table):
    """One service's forecast as last computed before it, the coordinator's override, the actual.

    Rows are written for the coming services; once a service is closed its actual covers are
    added and the row is never recomputed: accuracy is tracked on what was shown.
    """

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    date = Date()
    expected = Integer(null=True, default=None)
    low = Integer(null=True, default=None)
    high = Integer(null=True, default=None)
    override = Integer(null=True, default=None)
    actual = Integer(null=True, default=None)
    cooked = Integer(null=True, default=None)  # portions the cook chose to make
    cooked_confidence = Integer(null=True, default=None)  # % sure that was enough, as offered
    # history | little_history | typed (the covers the coordinator typed) | none
    basis = Varchar(length=16, default="history")
    computed_at = Timestamptz()


class ImportedCovers(Table):
    """Covers of a past day brought from a spreadsheet (days before the canteen used Tablée)."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    date = Date()
    covers = Integer()
    imported_at = Timestamptz()
