"""Canteens, tablets and coordinators: pairing, device tokens, PINs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from canteen import security
from canteen.clock import now
from canteen.db import write_transaction
from canteen.db.batching import Lookup
from canteen.errors import NotFound
from canteen.network import rules
from canteen.network.errors import DeviceNotPaired, DeviceRevoked, PairingCodeInvalid, WrongPin
from canteen.network.schemas import CanteenOut, DeviceOut, PairIn
from canteen.network.tables import Canteen, KioskDevice, Network, PairingCode
from canteen.throttle import services as throttle

# Every tablet request reads its device: see db.Lookup (coalesced under load, never cached, so a
# withdrawn tablet is refused from the next request on, by every worker).
_devices_by_token_hash = Lookup("kiosk_device", "token_hash")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def canteen_out(row: dict[str, Any]) -> CanteenOut:
    return CanteenOut(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        city=row["city"],
        country=row["country"],
        currency=row["currency"],
        timezone=row["timezone"],
        languages=[code for code in row["languages"].split(",") if code],
        max_contribution_minor=row["max_contribution_minor"],
    )


async def get_canteen(canteen_id: int) -> dict[str, Any]:
    row = await Canteen.select().where(Canteen.id == canteen_id).first()
    if row is None:
        raise NotFound()
    return row


async def get_canteen_by_slug(slug: str) -> dict[str, Any]:
    row = await Canteen.select().where(Canteen.slug == slug).first()
    if row is None:
        raise NotFound()
    return row


async def list_canteens() -> list[dict[str, Any]]:
    return await Canteen.select().order_by(Canteen.name)


async def create_network(name: str, slug: str, default_language: str = "fr") -> int:
    rows = await Network.insert(
        Network(name=name, slug=slug, default_language=default_language)
    ).returning(Network.id)
    return int(rows[0]["id"])


async def create_canteen(**fields: Any) -> int:
    """Add a canteen; 'pin' (optional) becomes its coordinator PIN, stored hashed."""
    pin = fields.pop("pin", None)
    if pin:
        fields["coordinator_pin_hash"] = security.hash_secret(pin)
    rows = await Canteen.insert(Canteen(**fields)).returning(Canteen.id)
    return int(rows[0]["id"])


async def set_coordinator_pin(canteen_id: int, pin: str) -> None:
    """A new coordinator PIN: every coordinator session opened with the old one ends at once
    (each tablet's PIN generation moves on; a session carries the one it was opened with)."""
    async with write_transaction():
        await Canteen.update({Canteen.coordinator_pin_hash: security.hash_secret(pin)}).where(
            Canteen.id == canteen_id
        )
        await KioskDevice.update(
            {KioskDevice.pin_generation: KioskDevice.pin_generation + 1}
        ).where(KioskDevice.canteen == canteen_id)


async def check_coordinator_pin(canteen_id: int, pin: str, who: str = "") -> None:
    """Raise WrongPin unless the PIN is this canteen's coordinator PIN.

    Every try is counted per canteen and per device (or address) before the PIN is checked, in
    one atomic statement: of any number of simultaneous tries, at most five in fifteen minutes
    are checked, then that device is locked out for fifteen minutes, across every worker.
    """
    name = rules.pin_throttle(canteen_id, who)
    await throttle.count(name, throttle.PIN_FAILURES)
    canteen = await get_canteen(canteen_id)
    stored = canteen["coordinator_pin_hash"]
    if not stored or not security.verify_secret(stored, rules.clean_pin(pin)):
        raise WrongPin()
    await throttle.clear(name)


async def create_pairing_code(canteen_id: int, minutes: int = 30) -> tuple[str, datetime]:
    """A one-time code a tablet types (or scans) to bind itself to this canteen."""
    await get_canteen(canteen_id)
    code = rules.new_pairing_code()
    expires_at = rules.pairing_expires_at(now(), minutes)
    await PairingCode.insert(
        PairingCode(
            canteen=canteen_id,
            code_hash=security.token_hash(code),
            created_at=now(),
            expires_at=expires_at,
        )
    )
    return code, expires_at


async def pair_device(data: PairIn, source: str = "") -> tuple[int, str, dict[str, Any]]:
    """Use a pairing code: a new device token for the code's canteen. Replays rotate the token.

    Every try is counted per source address before the code is looked up; a right code gives its
    try back, so guessing is locked out after ten wrong ones, however many arrive at once.
    """
    name = rules.pairing_throttle(source)
    await throttle.count(name, throttle.PAIRING_FAILURES)
    paired = await _pair_device(data)
    await throttle.refund(name, throttle.PAIRING_FAILURES)
    return paired


async def _pair_device(data: PairIn) -> tuple[int, str, dict[str, Any]]:
    code_hash = security.token_hash(rules.normalise_code(data.code))
    token = security.new_token()
    async with write_transaction():
        code = await PairingCode.select().where(PairingCode.code_hash == code_hash).first()
        if code is None:
            raise PairingCodeInvalid()
        if code["used_at"] is not None:
            device = await KioskDevice.select().where(KioskDevice.id == code["device"]).first()
            if device is None or not rules.may_replay(device, data.id):
                raise PairingCodeInvalid()
            await KioskDevice.update({KioskDevice.token_hash: security.token_hash(token)}).where(
                KioskDevice.id == device["id"]
            )
            return device["id"], token, await get_canteen(device["canteen"])
        if rules.pairing_code_expired(code["expires_at"], now()):
            raise PairingCodeInvalid()
        rows = await KioskDevice.insert(
            KioskDevice(
                canteen=code["canteen"],
                name=data.name.strip(),
                token_hash=security.token_hash(token),
                client_id=data.id,
                created_at=now(),
            )
        ).returning(KioskDevice.id)
        device_id = int(rows[0]["id"])
        await PairingCode.update({PairingCode.used_at: now(), PairingCode.device: device_id}).where(
            PairingCode.id == code["id"]
        )
    return device_id, token, await get_canteen(code["canteen"])


async def device_for_token(token: str | None) -> dict[str, Any]:
    """The paired, not revoked device holding this token."""
    if not token:
        raise DeviceNotPaired()
    device = await _devices_by_token_hash.get(security.token_hash(token))
    if device is None:
        raise DeviceNotPaired()
    if device["revoked_at"] is not None:
        raise DeviceRevoked()
    return device


async def list_devices(canteen_id: int) -> list[DeviceOut]:
    rows = (
        await KioskDevice.select()
        .where(KioskDevice.canteen == canteen_id)
        .order_by(KioskDevice.created_at, ascending=False)
    )
    return [
        DeviceOut(
            id=row["id"],
            name=row["name"],
            created_at=row["created_at"].isoformat(),
            last_seen_at=_iso(row["last_seen_at"]),
            revoked=row["revoked_at"] is not None,
        )
        for row in rows
    ]


async def revoke_device(canteen_id: int, device_id: int) -> None:
    """Withdraw a tablet's access at once; its token is refused from the next request on."""
    updated = (
        await KioskDevice.update({KioskDevice.revoked_at: now()})
        .where((KioskDevice.id == device_id) & (KioskDevice.canteen == canteen_id))
        .returning(KioskDevice.id)
    )
    if not updated:
        raise NotFound()
