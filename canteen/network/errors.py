"""The network's refusals: pairing, tablets and the coordinator PIN (the web layer translates)."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class PairingCodeInvalid(DomainError):
    status = 400
    message = N_(
        "This pairing code is not valid or has expired. Ask the coordinator for a new one."
    )


class DeviceNotPaired(DomainError):
    status = 401
    message = N_("This tablet is not paired with a canteen.")


class DeviceRevoked(DomainError):
    status = 401
    message = N_("This tablet's access was withdrawn. Ask the coordinator to pair it again.")


class WrongPin(DomainError):
    status = 403
    message = N_("Wrong PIN. Try again.")


class CoordinatorRequired(DomainError):
    status = 401
    message = N_("Coordinator mode has ended. Enter the PIN again.")
