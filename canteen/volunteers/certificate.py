"""The certificate of volunteering: one A4 page (matplotlib's Figure API, no pyplot), in the
reader's language, stating only what the records prove: shifts whose attendance the
coordinator confirmed ("came"), their hours and period, the canteen's name, the date issued.
"""

from __future__ import annotations

import io
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from canteen import clock, i18n
from canteen.errors import NotFound
from canteen.network.services import get_canteen
from canteen.volunteers import rules
from canteen.volunteers.attendance import done_by
from canteen.volunteers.links import volunteer_for_token
from canteen.volunteers.reminders import speaking
from canteen.volunteers.schemas import DoneOut
from canteen.volunteers.tables import Volunteer

A4 = (8.27, 11.69)
INK, GREY = "#1d2321", "#595959"


def _day(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, format="long", locale=i18n.language())


def _lines(name: str, canteen: dict[str, object], done: DoneOut) -> list[str]:
    _ = i18n.gettext
    hours = format_decimal(round(done.minutes / 60, 1), format="#,##0.#", locale=i18n.language())
    if not done.shifts or done.first is None or done.last is None:
        return [
            _(
                "{name} has no shift with attendance confirmed at {canteen} yet.",
                name=name,
                canteen=canteen["name"],
            )
        ]
    lines = [
        _(
            "{canteen} certifies that {name} volunteered in its kitchen",
            canteen=canteen["name"],
            name=name,
        ),
        _("from {first} to {last}:", first=_day(done.first), last=_day(done.last)),
        "",
        _("{shifts} shifts done, {hours} hours in all.", shifts=done.shifts, hours=hours),
    ]
    for kind, count in sorted(done.kinds.items()):
        label = _(rules.KIND_LABELS.get(kind, kind))
        lines.append("    " + _("{task}: {shifts} shifts", task=label, shifts=count))
    return lines


def render(name: str, canteen: dict[str, object], done: DoneOut) -> bytes:
    """The one-page PDF."""
    _ = i18n.gettext
    rtl = i18n.direction() == "rtl"
    x, ha = (0.9, "right") if rtl else (0.1, "left")
    fig = Figure(figsize=A4, dpi=72)

    def text(y: float, value: str, size: float, **style: object) -> None:
        fig.text(x, y, value, fontsize=size, ha=ha, va="top", parse_math=False, **style)  # type: ignore[arg-type]

    text(0.9, _("Certificate of volunteering"), 22, fontweight="bold", color=INK)
    text(0.86, f"{canteen['name']} — {canteen.get('city', '')}".rstrip(" —"), 13, color=GREY)
    y = 0.78
    for line in _lines(name, canteen, done):
        text(y, line, 12, color=INK)
        y -= 0.035
    text(
        y - 0.03,
        _("Only shifts whose attendance the canteen's coordinator confirmed are counted."),
        9,
        color=GREY,
    )
    text(0.2, _("Issued on {date}.", date=_day(clock.now().date())), 11, color=INK)
    text(0.17, str(canteen["name"]), 11, fontweight="bold", color=INK)
    fig.text(0.5, 0.04, "Tablée", ha="center", fontsize=7, color=GREY)
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": _("Certificate of volunteering")}) as pdf:
        pdf.savefig(fig)
    return out.getvalue()


async def certificate_for(canteen_id: int, volunteer_id: int) -> bytes:
    """The coordinator's copy, for any volunteer of their canteen."""
    volunteer = await Volunteer.select().where(Volunteer.id == volunteer_id).first()
    if volunteer is None or volunteer["canteen"] != canteen_id:
        raise NotFound()
    canteen = await get_canteen(canteen_id)
    with speaking(volunteer["language"]):  # in the volunteer's language, as from their link
        return render(volunteer["first_name"], canteen, await done_by(volunteer_id))


async def my_certificate(token: str) -> bytes:
    """The volunteer's own, from their private link."""
    volunteer = await volunteer_for_token(token)
    canteen = await get_canteen(volunteer["canteen"])
    return render(volunteer["first_name"], canteen, await done_by(volunteer["id"]))
