"""Every route × every kind of caller → allowed or refused, from the app's own route table.

A route missing from POLICIES fails the test: a new route must say who may use it.
Allowed means the caller got past authorization (any answer but 401/403/404-for-a-foreign-
resource or a redirect to a sign-in or pairing page); the body may still be refused as invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from canteen.network import services as network
from tests.factories import client_id, make_canteen, open_today

# Who may call each route (method, path template as Litestar lists it). A plain role acts on
# the caller's own canteen; a role ending in "_of" names a resource of canteen A in the path,
# which only callers of canteen A (or staff, on the staff side) may reach.
PUBLIC = "public"  # anyone
TABLET = "tablet"  # any paired tablet, on its own canteen
TABLET_OF = "tablet_of"  # a paired tablet of the canteen owning the resource
KIOSK_COORDINATOR = "kiosk_coordinator"  # coordinator mode on a tablet, own canteen
KIOSK_COORDINATOR_OF = "kiosk_coordinator_of"
ADMIN_COORDINATOR = "admin_coordinator"  # signed in on the staff side (own canteen), or staff
ADMIN_COORDINATOR_OF = "admin_coordinator_of"
STAFF = "staff"  # network staff only

POLICIES: dict[tuple[str, str], str] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/schema"): PUBLIC,
    ("GET", "/schema/openapi.json"): PUBLIC,
    ("GET", "/schema/openapi.yaml"): PUBLIC,
    ("GET", "/schema/openapi.yml"): PUBLIC,
    ("GET", "/schema/{path:str}"): PUBLIC,
    ("GET", "/static/kiosk/{file_path:path}"): PUBLIC,
    ("GET", "/kiosk/pair"): PUBLIC,
    ("POST", "/kiosk/pair"): PUBLIC,
    ("POST", "/api/v1/devices/pair"): PUBLIC,
    ("GET", "/admin/login"): PUBLIC,
    ("POST", "/admin/login"): PUBLIC,
    ("POST", "/admin/logout"): PUBLIC,
    ("GET", "/kiosk"): TABLET,
    ("GET", "/kiosk/start"): TABLET,
    ("GET", "/kiosk/checkin"): TABLET,
    ("POST", "/kiosk/checkin"): TABLET,
    ("GET", "/kiosk/pay"): TABLET,
    ("POST", "/kiosk/pay"): TABLET,
    ("GET", "/kiosk/thanks"): TABLET,
    ("GET", "/kiosk/survey"): TABLET,
    ("POST", "/kiosk/survey"): TABLET,
    ("GET", "/kiosk/coordinator"): TABLET,
    ("POST", "/kiosk/coordinator"): TABLET,
    ("POST", "/kiosk/coordinator/logout"): TABLET,
    ("POST", "/kiosk/coordinator/language"): TABLET,  # its buttons are on the PIN page too
    ("GET", "/api/v1/kiosk"): TABLET,
    ("POST", "/api/v1/coordinator/sessions"): TABLET,
    ("POST", "/api/v1/services/{service_id:int}/checkins"): TABLET_OF,
    ("POST", "/api/v1/services/{service_id:int}/contributions"): TABLET_OF,
    ("POST", "/api/v1/services/{service_id:int}/survey-responses"): TABLET_OF,
    ("GET", "/kiosk/coordinator/service"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/open"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/groceries"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/close"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/summary/{service_id:int}"): KIOSK_COORDINATOR_OF,
    ("POST", "/api/v1/services"): KIOSK_COORDINATOR,
    ("PATCH", "/api/v1/services/{service_id:int}"): KIOSK_COORDINATOR_OF,
    ("GET", "/api/v1/services/{service_id:int}/summary"): KIOSK_COORDINATOR_OF,
    ("POST", "/api/v1/services/{service_id:int}/close"): KIOSK_COORDINATOR_OF,
    # Offline kiosk.
    ("GET", "/kiosk/sw.js"): PUBLIC,
    ("GET", "/kiosk/offline"): TABLET,
    ("GET", "/kiosk/offline.json"): TABLET,
    # Volunteers: public pages, capability links, the tablet, coordinator mode.
    ("GET", "/v/{slug:str}"): PUBLIC,
    ("POST", "/v/{slug:str}/forget"): PUBLIC,
    ("GET", "/v/{slug:str}/poster"): PUBLIC,
    ("GET", "/v/{slug:str}/shifts/{shift_id:int}"): PUBLIC,
    ("POST", "/v/{slug:str}/shifts/{shift_id:int}"): PUBLIC,
    ("GET", "/my/{token:str}"): PUBLIC,
    ("GET", "/my/{token:str}/calendar.ics"): PUBLIC,
    ("POST", "/my/{token:str}/cancel/{sign_up_id:int}"): PUBLIC,
    ("GET", "/my/{token:str}/data.json"): PUBLIC,
    ("GET", "/my/{token:str}/erase"): PUBLIC,
    ("POST", "/my/{token:str}/erase"): PUBLIC,
    ("GET", "/my/{token:str}/certificate.pdf"): PUBLIC,
    ("POST", "/my/{token:str}/cover/{cover_id:int}"): PUBLIC,
    ("GET", "/api/v1/canteens/{slug:str}/shifts"): PUBLIC,
    ("POST", "/api/v1/shifts/{shift_id:int}/signups"): PUBLIC,
    ("POST", "/api/v1/kiosk/shifts/{shift_id:int}/signups"): TABLET,
    ("POST", "/api/v1/signups/{sign_up_id:int}/cancel"): PUBLIC,
    ("GET", "/api/v1/volunteers/me"): PUBLIC,
    ("GET", "/kiosk/cook"): TABLET,
    ("GET", "/kiosk/cook/{shift_id:int}"): TABLET,
    ("POST", "/kiosk/cook/{shift_id:int}"): TABLET,
    ("GET", "/kiosk/coordinator/volunteers"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/volunteers/day"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/day/{day:str}/add"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/generate"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/volunteers/pattern"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/pattern"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/pattern/{pattern_id:int}/remove"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/volunteers/people"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/people/{volunteer_id:int}/erase"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/volunteers/people/{volunteer_id:int}/export"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/reminders/{sign_up_id:int}/done"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/shifts/{shift_id:int}"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/shifts/{shift_id:int}/cancel"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/volunteers/shifts/{shift_id:int}/attendance"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/shifts/{shift_id:int}/attendance"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/volunteers/people/{volunteer_id:int}/certificate.pdf"): (
        KIOSK_COORDINATOR
    ),
    ("POST", "/kiosk/coordinator/volunteers/people/{volunteer_id:int}/approval"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/volunteers/pending/{sign_up_id:int}"): KIOSK_COORDINATOR,
    # Covers expected, recipes.
    ("GET", "/kiosk/forecast"): TABLET,
    ("GET", "/api/v1/forecast"): TABLET,
    ("GET", "/api/v1/forecast/accuracy"): KIOSK_COORDINATOR,
    ("PUT", "/api/v1/forecast/{day:date}/mark"): KIOSK_COORDINATOR,
    ("PUT", "/api/v1/forecast/{day:date}/override"): KIOSK_COORDINATOR,
    ("GET", "/api/v1/recipes"): KIOSK_COORDINATOR,
    ("GET", "/api/v1/recipes/shopping-list"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/forecast"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/forecast/mark"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/forecast/override"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/recipes"): KIOSK_COORDINATOR,
    ("GET", "/kiosk/coordinator/recipes/shopping-list"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/recipes/cook"): KIOSK_COORDINATOR,
    # What's on the plate: the day's dishes and their allergens; conservation batches.
    ("GET", "/kiosk/menu"): TABLET,
    ("GET", "/kiosk/menu/poster"): TABLET,
    ("GET", "/kiosk/coordinator/menu"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/menu"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/menu/{dish_id:int}"): KIOSK_COORDINATOR_OF,
    ("GET", "/kiosk/batches/new"): TABLET,
    ("POST", "/kiosk/batches"): TABLET,
    ("GET", "/kiosk/batches/{batch_id:str}"): TABLET_OF,
    ("GET", "/kiosk/batches/{batch_id:str}/label"): TABLET_OF,
    ("POST", "/kiosk/batches/{batch_id:str}/move"): TABLET_OF,
    ("GET", "/batch/{batch_id:str}"): PUBLIC,  # what a label's QR code opens, on any phone
    ("GET", "/kiosk/coordinator/batches"): KIOSK_COORDINATOR,
    ("POST", "/kiosk/coordinator/batches/rules"): KIOSK_COORDINATOR,
    ("POST", "/api/v1/batches"): TABLET,
    ("GET", "/api/v1/batches"): KIOSK_COORDINATOR,
    ("POST", "/api/v1/batches/{batch_id:str}/moves"): TABLET_OF,
    # The staff side: accounts, canteens, projects, toolbox, mentoring.
    ("GET", "/static/admin/{file_path:path}"): PUBLIC,
    ("GET", "/admin"): ADMIN_COORDINATOR,
    ("GET", "/admin/password"): ADMIN_COORDINATOR,
    ("POST", "/admin/password"): ADMIN_COORDINATOR,
    ("GET", "/admin/accounts"): STAFF,
    ("POST", "/admin/accounts"): STAFF,
    ("POST", "/admin/accounts/{account_id:int}/active"): STAFF,
    ("GET", "/admin/canteens/{canteen_id:int}"): ADMIN_COORDINATOR_OF,
    (
        "POST",
        "/admin/canteens/{canteen_id:int}/devices/{device_id:int}/revoke",
    ): ADMIN_COORDINATOR_OF,
    ("GET", "/admin/canteens/{canteen_id:int}/mentor"): ADMIN_COORDINATOR_OF,
    ("POST", "/admin/canteens/{canteen_id:int}/mentor"): ADMIN_COORDINATOR_OF,
    ("POST", "/admin/canteens/{canteen_id:int}/mentor/off"): ADMIN_COORDINATOR_OF,
    ("POST", "/admin/canteens/{canteen_id:int}/pairing"): ADMIN_COORDINATOR_OF,
    ("POST", "/admin/canteens/{canteen_id:int}/pin"): ADMIN_COORDINATOR_OF,
    ("GET", "/admin/match"): STAFF,
    ("POST", "/admin/match/run"): STAFF,
    ("POST", "/admin/match/proposals/{proposal_id:int}/accept"): STAFF,
    ("POST", "/admin/match/proposals/{proposal_id:int}/pin"): STAFF,
    ("POST", "/admin/match/proposals/{proposal_id:int}/reject"): STAFF,
    ("GET", "/admin/mentorings/{mentoring_id:int}"): ADMIN_COORDINATOR,
    ("POST", "/admin/mentorings/{mentoring_id:int}/contacts"): ADMIN_COORDINATOR,
    ("POST", "/admin/mentorings/{mentoring_id:int}/end"): STAFF,
    ("GET", "/admin/projects"): ADMIN_COORDINATOR,
    ("GET", "/admin/projects/board"): ADMIN_COORDINATOR,
    ("GET", "/admin/projects/new"): ADMIN_COORDINATOR,
    ("POST", "/admin/projects/new"): ADMIN_COORDINATOR,
    ("GET", "/admin/projects/overdue"): ADMIN_COORDINATOR,
    ("GET", "/admin/projects/{project_id:int}"): ADMIN_COORDINATOR,
    ("POST", "/admin/projects/{project_id:int}/checklist"): ADMIN_COORDINATOR,
    ("POST", "/admin/projects/{project_id:int}/contacts"): ADMIN_COORDINATOR,
    ("GET", "/admin/projects/{project_id:int}/edit"): ADMIN_COORDINATOR,
    ("POST", "/admin/projects/{project_id:int}/edit"): ADMIN_COORDINATOR,
    ("POST", "/admin/projects/{project_id:int}/founders"): ADMIN_COORDINATOR,
    (
        "POST",
        "/admin/projects/{project_id:int}/founders/{founder_id:int}/remove",
    ): ADMIN_COORDINATOR,
    ("POST", "/admin/projects/{project_id:int}/move"): ADMIN_COORDINATOR,
    ("GET", "/admin/toolbox"): ADMIN_COORDINATOR,
    ("GET", "/admin/toolbox/new"): STAFF,
    ("POST", "/admin/toolbox/new"): STAFF,
    ("GET", "/admin/toolbox/{resource_id:int}"): ADMIN_COORDINATOR,
    ("GET", "/admin/toolbox/{resource_id:int}/download"): ADMIN_COORDINATOR,
    ("GET", "/admin/toolbox/{resource_id:int}/text"): ADMIN_COORDINATOR,
    ("GET", "/admin/toolbox/{resource_id:int}/edit"): STAFF,
    ("POST", "/admin/toolbox/{resource_id:int}/edit"): STAFF,
    ("POST", "/admin/toolbox/{resource_id:int}/upload"): STAFF,
    # Reports.
    ("GET", "/admin/reports"): ADMIN_COORDINATOR,
    ("GET", "/admin/reports/network"): STAFF,
    ("GET", "/admin/reports/network/annual.pdf"): STAFF,
    ("GET", "/admin/reports/network/charts/{name:str}"): STAFF,
    ("GET", "/admin/reports/network/csv/{name:str}"): STAFF,
    ("GET", "/admin/reports/canteen/{canteen_id:int}"): ADMIN_COORDINATOR_OF,
    ("GET", "/admin/reports/canteen/{canteen_id:int}/annual.pdf"): ADMIN_COORDINATOR_OF,
    ("GET", "/admin/reports/canteen/{canteen_id:int}/charts/{name:str}"): ADMIN_COORDINATOR_OF,
    ("GET", "/admin/reports/canteen/{canteen_id:int}/csv/{name:str}"): ADMIN_COORDINATOR_OF,
}
# Ids the matrix does not create stand for a resource that does not exist: the route's guard
# still has to refuse who it must (a 404 is accepted only where the caller may not see it).
MISSING_ID = 999999


def bodies(caller: Caller) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """A plausible body per write route, so that only authorization can refuse it."""
    cid = client_id()
    return {
        ("POST", "/kiosk/pair"): ("data", {"code": "AAAA-AAAA"}),
        ("POST", "/api/v1/devices/pair"): ("json", {"id": cid, "code": "AAAA-AAAA"}),
        ("POST", "/admin/login"): ("data", {"email": "nobody@example.org", "password": "x"}),
        ("POST", "/kiosk/coordinator"): ("data", {"pin": caller.pin}),
        # Back to the service page (not the PIN page, which would read as "sent to sign in").
        ("POST", "/kiosk/coordinator/language"): ("data", {"lang": "en", "back": "service"}),
        ("POST", "/api/v1/coordinator/sessions"): ("json", {"pin": caller.pin}),
        ("POST", "/api/v1/services"): ("json", {"id": cid, "menu": "Soupe"}),
        ("PATCH", "/api/v1/services/{service_id:int}"): ("json", {"menu": "Soupe"}),
        ("POST", "/api/v1/services/{service_id:int}/checkins"): (
            "json",
            {"id": cid, "party_size": 1},
        ),
        ("POST", "/api/v1/services/{service_id:int}/contributions"): (
            "json",
            {"id": cid, "amount_minor": 0, "currency": "EUR", "method": "nothing"},
        ),
        ("POST", "/api/v1/services/{service_id:int}/survey-responses"): (
            "json",
            {"id": cid, "answers": {"welcome": 4}},
        ),
        ("POST", "/api/v1/services/{service_id:int}/close"): (
            "json",
            {"id": cid, "counted_cash_minor": 0},
        ),
        ("POST", "/kiosk/checkin"): ("data", {"id": cid, "party": "1"}),
        ("POST", "/kiosk/pay"): ("data", {"id": cid, "choice": "nothing"}),
        ("POST", "/kiosk/survey"): ("data", {"id": cid, "q_welcome": "4"}),
        ("POST", "/kiosk/coordinator/open"): ("data", {"id": cid, "menu": "Soupe"}),
        ("POST", "/kiosk/coordinator/groceries"): ("data", {"groceries": "10"}),
        ("POST", "/kiosk/coordinator/close"): ("data", {"id": cid, "counted_cash": "0"}),
        ("POST", "/api/v1/batches"): (
            "json",
            {"id": cid, "dish": "Soupe", "method": "chilled", "portions": 1},
        ),
        ("POST", "/api/v1/batches/{batch_id:str}/moves"): (
            "json",
            {"id": cid, "kind": "used", "portions": 1},
        ),
    }


SIGN_IN_PAGES = ("/kiosk/pair", "/kiosk/coordinator", "/admin/login")


def routes(app: Litestar) -> list[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in route.methods:
            if method in ("HEAD", "OPTIONS"):
                continue
            found.add((method, route.path))
    return sorted(found)


@dataclass
class Caller:
    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    canteen: int | None = None
    roles: set[str] = field(default_factory=set)
    pin: str = ""


async def sign_in_callers(client: Any, app: Litestar) -> tuple[list[Caller], dict[str, Any]]:
    """Anonymous, tablets of A and B, coordinator mode on each, staff-side coordinators."""
    from admin.accounts.guards import SESSION_COOKIE
    from canteen.accounts import services as accounts
    from kiosk.auth import COORDINATOR_COOKIE, DEVICE_COOKIE, coordinator_token

    settings = app.state.settings
    a = await make_canteen("canteen-a", pin="111111")
    b = await make_canteen("canteen-b", pin="222222")
    service_a = await open_today(a)
    await open_today(b)
    devices = {}
    spare = None
    for canteen in (a, b, a):
        code, _ = await network.create_pairing_code(canteen)
        from canteen.network.schemas import PairIn

        device_id, token, _row = await network.pair_device(PairIn(id=client_id(), code=code))
        if canteen in devices:
            spare = device_id  # withdrawn during the test, so tablet A keeps working
        else:
            devices[canteen] = (device_id, token)
    callers = [Caller("anonymous")]
    for label, canteen, pin in (("A", a, "111111"), ("B", b, "222222")):
        device_id, token = devices[canteen]
        device = {"id": device_id, "canteen": canteen}
        tablet = {DEVICE_COOKIE: token}
        callers.append(
            Caller(f"tablet {label}", cookies=tablet, canteen=canteen, roles={TABLET}, pin=pin)
        )
        callers.append(
            Caller(
                f"coordinator mode on tablet {label}",
                cookies={**tablet, COORDINATOR_COOKIE: coordinator_token(settings, device)},
                canteen=canteen,
                roles={TABLET, KIOSK_COORDINATOR},
                pin=pin,
            )
        )
        account = await accounts.create_account(
            f"coord-{label.lower()}@example.org", "a long pass phrase 42", "coordinator", canteen
        )
        session, _ = await accounts.start_session(account, 12)
        callers.append(
            Caller(
                f"staff-side coordinator of {label}",
                cookies={SESSION_COOKIE: session},
                canteen=canteen,
                roles={ADMIN_COORDINATOR},
            )
        )
    staff = await accounts.create_account("staff@example.org", "a long pass phrase 42", "staff")
    staff_session, _ = await accounts.start_session(staff, 12)
    callers.append(Caller("network staff", cookies={SESSION_COOKIE: staff_session}, roles={STAFF}))
    resources = {
        "service_id": service_a,
        "device_id": spare,
        "canteen": a,
        "canteen_id": a,
        "slug": "canteen-a",
        "token": "not-a-real-link",
        "day": "2026-12-24",
    }
    resources.update(await plate_resources(a, service_a))
    return callers, resources


async def plate_resources(canteen: int, service: int) -> dict[str, Any]:
    """A dish on canteen A's menu and a batch it keeps, for the routes that name them."""
    from canteen.conservation import services as conservation
    from canteen.conservation.schemas import BatchIn
    from canteen.recipes import menu
    from canteen.recipes import services as recipes
    from canteen.recipes.schemas import IngredientIn, RecipeIn

    sheet = IngredientIn(name="Potiron", unit="kg", quantity="4", unit_cost_minor=180)
    await recipes.create_recipe(RecipeIn(slug="soupe", title="Soupe", ingredients=[sheet]))
    [dish] = await menu.choose_dishes(canteen, service, ["soupe"])
    batch = await conservation.record_batch(
        canteen, BatchIn(id=client_id(), recipe="soupe", method="chilled", portions=4)
    )
    return {"dish_id": dish.id, "batch_id": batch.id}


def allowed(policy: str, caller: Caller, owner: int) -> bool:
    if policy == PUBLIC:
        return True
    role = policy.removesuffix("_of")
    if STAFF in caller.roles and role in (ADMIN_COORDINATOR, STAFF):
        return True
    if role not in caller.roles:
        return False
    return not policy.endswith("_of") or caller.canteen == owner


def fill(path: str, resources: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "file_path":
            return "kiosk.css"
        if name == "path":
            return "openapi.json"
        return str(resources.get(name, MISSING_ID))

    return re.sub(r"\{(\w+)(?::\w+)?\}", value, path)


def refused(response: Any, policy: str, path: str) -> bool:
    """Did a guard turn the caller away? The API says 401/403; pages redirect to a sign-in."""
    if path.startswith("/api/"):
        return response.status_code in (401, 403)
    if response.status_code == 403:
        return True
    if policy != PUBLIC and response.status_code in (301, 302, 303, 307):
        location = urlparse(response.headers.get("location", "")).path.rstrip("/")
        return location in SIGN_IN_PAGES
    return False


async def test_every_route_has_a_policy(app: Litestar) -> None:
    missing = [f"{m} {p}" for m, p in routes(app) if (m, p) not in POLICIES]
    assert missing == [], "routes without an authorization policy: " + ", ".join(missing)
    stale = [f"{m} {p}" for m, p in POLICIES if (m, p) not in routes(app)]
    assert stale == [], "policies for routes that no longer exist: " + ", ".join(stale)


async def test_every_route_refuses_who_it_must(client: Any, app: Litestar) -> None:
    callers, resources = await sign_in_callers(client, app)
    owner = resources["canteen"]
    # A CSRF cookie and token for cookie-authenticated forms (what a real page would send).
    await client.get("/kiosk/pair")
    csrf = client.cookies.get("tablee_csrf", "")
    wrong = []

    # Signing out revokes a session and a new PIN replaces the old one: those routes go last.
    def order(route: tuple[str, str]) -> int:
        return 2 if route[1].endswith("/logout") else 1 if route[1].endswith("/pin") else 0

    for method, path in sorted(routes(app), key=order):
        policy = POLICIES[(method, path)]
        url = fill(path, resources)
        for caller in callers:
            client.cookies.clear()
            client.cookies.set("tablee_csrf", csrf)
            for key, value in caller.cookies.items():
                client.cookies.set(key, value)
            kind, body = bodies(caller).get((method, path), ("json", {}))
            payload = {kind: body} if method != "GET" else {}
            response = await client.request(
                method,
                url,
                headers={**caller.headers, "x-csrftoken": csrf, "x-requested-with": "tablee"},
                follow_redirects=False,
                **payload,  # type: ignore[arg-type]
            )
            expected = allowed(policy, caller, owner)
            if response.status_code >= 500:  # a crash is neither allowed nor refused: a bug
                wrong.append(
                    f"{method} {url} as {caller.name}: {response.status_code} (server error)"
                )
                continue
            if expected == refused(response, policy, path) and not (
                response.status_code == 404 and not expected
            ):
                wrong.append(
                    f"{method} {url} as {caller.name}: {response.status_code} "
                    f"(expected {'allowed' if expected else 'refused'})"
                )
    assert wrong == [], "\n".join(wrong)


pytestmark = pytest.mark.filterwarnings("ignore")
