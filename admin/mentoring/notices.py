"""What the match page confirms after a decision (POST, redirect, then this message)."""

from __future__ import annotations

from canteen import i18n
from canteen.mentoring import queries


async def confirmation(done: str, proposal_id: int) -> str:
    """'Accepted: … now mentors 1 of 2 projects.', 'Rejected: … New proposal: …', or ''."""
    _ = i18n.gettext
    if done == "run":
        return _("The match has run: the proposals below replace the earlier ones.")
    decided = await queries.proposal_summary(proposal_id) if proposal_id else None
    if decided is None or done not in {"accepted", "rejected"}:
        return ""
    if done == "accepted":
        return _(
            "Accepted: {mentor} now mentors {project} ({load} of {capacity} places taken).",
            mentor=decided["mentor_name"],
            project=decided["project_name"],
            load=decided["load"],
            capacity=decided["capacity"],
        )
    said = _(
        "Rejected: {mentor} will not be proposed to {project} again.",
        mentor=decided["mentor_name"],
        project=decided["project_name"],
    )
    following = decided.get("next")
    if following:
        return said + " " + _("New proposal: {mentor}.", mentor=following["mentor_name"])
    return said + " " + _("No other mentor can take this project now.")
