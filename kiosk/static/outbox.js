/* Tablée kiosk: keeps working offline, and never loses or doubles a record.
 *
 * Progressive enhancement of the plain HTML forms. A write (check-in, contribution, survey
 * answers, a volunteer's sign-up) is stored in IndexedDB with its client-generated id BEFORE it
 * is sent, shown at once as recorded, then sent to the JSON API in order: at start-up, on
 * reconnect and on a timer (no Background Sync). It leaves the outbox only when the server
 * confirmed it: a 2xx answer echoing its id, which a replay of the same id and body also gets.
 * A refusal (4xx) keeps it, flagged for the coordinator. Without JavaScript or IndexedDB the
 * forms post as before.
 */
(() => {
  "use strict";
  // ---- Amounts, read exactly as canteen/money.py parse_amount reads them (one shared table of
  // cases, tests/fixtures/amount_cases.json, runs against both). The language's symbols, its
  // grouping and the digits Python's Decimal knows come from the server (offline.json).
  const PY_SPACE = /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
  const EMAX = 999999;  // Python's default Decimal context: its largest exponent, its digits
  const PRECISION = 28;
  const ETINY = -EMAX - PRECISION + 1;

  // Decimal arithmetic keeps 28 significant digits, rounding half to even.
  function rounded(value) {
    if (value.digits.length <= PRECISION) return value;
    const kept = value.digits.slice(0, PRECISION);
    const rest = value.digits.slice(PRECISION);
    const half = "5" + "0".repeat(rest.length - 1);
    const up = rest > half || (rest === half && Number(kept.slice(-1)) % 2 === 1);
    const digits = up ? String(BigInt(kept) + 1n) : kept;
    return { ...value, digits, exp: value.exp + rest.length };
  }

  // Python's Decimal(text): {negative, digits, exp} or {infinite} or null if not a number.
  function pyDecimal(text, zeros) {
    let ascii = "";
    for (const ch of text.replace(PY_SPACE, "").split("_").join("")) {
      const code = ch.codePointAt(0);
      const zero = code > 127 ? zeros.find((z) => code >= z && code <= z + 9) : undefined;
      ascii += zero === undefined ? ch : String(code - zero);
    }
    if (/^[+-]?(inf|infinity|s?nan\d*)$/i.test(ascii)) return { infinite: true };
    const parts = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/.exec(ascii);
    if (!parts) return null;
    const whole = parts[2] || "";
    const fraction = parts[3] || parts[4] || "";
    return {
      negative: parts[1] === "-",
      digits: (whole + fraction).replace(/^0+(?=\d)/, ""),
      exp: Number(parts[5] || 0) - fraction.length,
    };
  }

  // babel's format_decimal(value, decimal_quantization=False): grouped, no trailing zeros.
  function formatDecimal(value, format) {
    // Past 25 whole digits or 28 significant ones babel cannot write it back as typed.
    if (value.infinite || value.digits.length > PRECISION || value.digits.length + value.exp > 25) {
      return null;
    }
    let digits = value.digits;
    let exp = value.exp;
    if (exp > 0) { digits += "0".repeat(exp); exp = 0; }
    const cut = digits.length + exp;
    let whole = cut > 0 ? digits.slice(0, cut) : "0";
    let fraction = cut > 0 ? digits.slice(cut) : "0".repeat(-cut) + digits;
    whole = whole.replace(/^0+(?=\d)/, "");
    fraction = fraction.replace(/0+$/, "");
    const [first, next] = format.grouping;
    const groups = [];
    if (whole.length > first) {
      groups.unshift(whole.slice(-first));
      whole = whole.slice(0, -first);
      while (whole.length > next) { groups.unshift(whole.slice(-next)); whole = whole.slice(0, -next); }
    }
    groups.unshift(whole);
    const sign = value.negative ? format.minus : "";
    return sign + groups.join(format.group) + (fraction ? format.decimal + fraction : "");
  }

  // babel's parse_decimal(text, locale, strict=True), or null where it raises.
  function parseLocal(text, format) {
    const value = pyDecimal(text.split(format.group).join("").split(format.decimal).join("."),
      format.digit_zeros);
    if (!value || !text.includes(format.group)) return value;
    const proper = formatDecimal(value, format);
    const [whole, fraction] = [text.split(format.decimal)[0],
      text.split(format.decimal).slice(1).join(format.decimal)];
    const trimmed = fraction.replace(/0+$/, "");
    const plain = text.includes(format.decimal) && fraction
      ? (trimmed ? whole + format.decimal + trimmed : whole) : text;
    return text === proper || proper === plain ? value : null;
  }

  // An amount typed by a person, in minor units; NaN if parse_amount refuses it.
  function parseAmount(text, format) {
    const cleaned = String(text).replace(PY_SPACE, "").split(" ").join("").split("\u00a0").join("");
    if (!cleaned) return NaN;
    let value = parseLocal(cleaned, format);
    if (!value) value = pyDecimal(cleaned.split(",").join("."), format.digit_zeros);
    if (!value || value.infinite) return NaN;
    value = rounded(value);
    const exp = value.exp + format.exponent;
    if (/^0*$/.test(value.digits)) return 0;
    if (value.digits.length + exp - 1 > EMAX) return NaN;  // past what a Decimal holds
    if (exp < ETINY) {  // below what a Decimal holds: rounds to nothing, or not to a whole
      const shift = ETINY - exp;
      const zero = shift > value.digits.length || (shift === value.digits.length
        && value.digits <= "5" + "0".repeat(value.digits.length - 1));
      return zero ? 0 : NaN;
    }
    let minor;
    if (exp >= 0) {
      minor = BigInt(value.digits) * 10n ** BigInt(Math.min(exp, 400));
    } else {
      const kept = value.digits.slice(0, exp);
      if (!/^0*$/.test(value.digits.slice(exp))) return NaN;  // finer than the currency
      minor = BigInt(kept || "0");
    }
    const amount = Number(minor);
    return value.negative ? -amount : amount;
  }
  window.tableeParseAmount = parseAmount;  // for tests/browser/test_amount_parsing.py

  const doc = document;
  const html = doc.documentElement;
  const body = doc.body;
  if (!body || !window.indexedDB || !window.fetch) return;

  const LANGUAGE = html.lang || "fr";
  const API = "/api/v1/services/";
  // The API refuses a cookie-authenticated write without this header (see kiosk/auth.py).
  const HEADERS = { "Content-Type": "application/json", "X-Requested-With": "tablee" };
  const RETRY_MS = 5000;
  const SEND_TIMEOUT_MS = 10000;
  const CONFIRM_MS = 4000;
  const NOTE = "tablee-note";
  let config = null;
  let flushing = null;

  // Every write the outbox knows: the form's action -> a function reading the form into the
  // API call; the outbox itself only knows {method, url, body, id}.
  const WRITES = {
    "/kiosk/checkin": checkIn,
    "/kiosk/pay": contribution,
    "/kiosk/survey": surveyAnswers,
  };
  const COOK = /^\/kiosk\/cook\/(\d+)$/;  // "I'm here to cook": one form per shift
  const writeFor = (path) => WRITES[path] || (COOK.test(path) ? volunteerSignUp : null);

  // ---- The outbox: one IndexedDB store, kept in the order the records were made.
  let opened = null;
  function database() {
    opened = opened || new Promise((resolve, reject) => {
      const request = indexedDB.open("tablee", 1);
      request.onupgradeneeded = () =>
        request.result.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened;
  }
  // Resolves once the transaction is committed; a new record is written with strict durability.
  async function store(mode, work, durability) {
    const transaction = (await database()).transaction("outbox", mode, { durability });
    const request = work(transaction.objectStore("outbox"));
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  }
  const all = () => store("readonly", (s) => s.getAll());
  const one = (seq) => store("readonly", (s) => s.get(seq));
  const add = (record) => store("readwrite", (s) => s.add(record), "strict");
  const put = (record) => store("readwrite", (s) => s.put(record));
  const drop = (seq) => store("readwrite", (s) => s.delete(seq));

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  const say = (key, n) => String((config && config.messages[key]) || "").replace("{n}", n);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  function deadline(ms) {
    if (AbortSignal.timeout) return AbortSignal.timeout(ms);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), ms);
    return controller.signal;
  }

  // ---- Sending, in order, one at a time (a lock keeps two tabs from sending at once).
  function flush() {
    if (!navigator.onLine) return show();  // "offline" is reliable; "online" is only a hope
    flushing = flushing || (navigator.locks ? navigator.locks.request("tablee-outbox", sendAll)
      : sendAll()).catch(() => {}).finally(() => { flushing = null; show(); });
    return flushing;
  }
  async function sendAll() {
    for (;;) {  // until everything is sent or refused; records added meanwhile are taken too
      const waiting = (await all()).filter((record) => !record.flag);
      if (!waiting.length) return;
      for (const record of waiting) if (await send(record) === "stop") return;
    }
  }
  async function send(record) {
    let response;
    let answer = null;
    try {
      response = await fetch(record.url, {
        method: record.method, headers: HEADERS, body: record.body, credentials: "same-origin",
        cache: "no-store", redirect: "error", signal: deadline(SEND_TIMEOUT_MS),
      });
      answer = await response.json();
    } catch (error) {
      return "stop";  // no network, a timeout, a captive portal: keep it, try again later
    }
    if (response.ok && answer && answer.id === record.id) {
      await drop(record.seq);
      return "sent";
    }
    if (response.ok || response.status >= 500 || [401, 408, 429].includes(response.status)) {
      return "stop";  // not a confirmation, or not this record's fault: keep it waiting
    }
    record.flag = { status: response.status, message: String((answer && answer.message) || "") };
    await put(record);
    forgetSent(record.id);  // refused, so not recorded: the party's form may be sent anew
    return "flagged";
  }

  // ---- Reading the kiosk's forms the way kiosk/pages.py does, into the API's bodies.
  const field = (data, name) => String(data.get(name) || "").trim();
  const integer = (raw) => (/^[+-]?\d{1,9}$/.test(raw) ? parseInt(raw, 10) : NaN);

  function checkIn(data, service) {
    const party = integer(field(data, "party_more") || field(data, "party") || "0");
    const children = field(data, "children") ? integer(field(data, "children")) : null;
    const first = field(data, "first_visit");
    if (Number.isNaN(party) || Number.isNaN(children)) return { error: "invalid" };
    if (party < 1 || party > config.rules.max_party) return { error: "party_size" };
    if (children !== null && (children < 0 || children > party)) return { error: "children" };
    const written = { party_size: party };
    if (children !== null) written.children = children;
    if (first === "yes" || first === "no") written.first_visit = first === "yes";
    return { kind: "checkin", url: `${API}${service}/checkins`, body: written, next: "/kiosk/pay" };
  }

  // The pay page's choice, as canteen/meals/rules.py contribution_from_choice makes it.
  function contribution(data, service, choice) {
    const rules = config.rules;
    let amount = 0;
    let method = choice;
    let forward = 0;
    if (!rules.zero_methods.includes(choice)) {
      const custom = field(data, "amount_custom");
      if (custom) amount = parseAmount(custom, rules.amount);
      else if (field(data, "amount")) amount = integer(field(data, "amount"));
      else return { error: "choose_amount" };
      if (Number.isNaN(amount)) return { error: "amount_invalid" };
      method = field(data, "method") || rules.default_method;
      if (!rules.paying_methods.includes(method)) return { error: "invalid" };  // never cash
      forward = field(data, "pay_forward") === "1" ? 1 : 0;
    }
    if (amount < 0) return { error: "amount_negative" };
    if (amount > rules.max_contribution_minor) return { error: "amount_max" };
    if (forward && amount <= 0) return { error: "pay_forward" };
    return {
      kind: "contribution",
      url: `${API}${service}/contributions`,
      body: { amount_minor: amount, currency: config.currency, method, pay_forward: forward },
      next: `/kiosk/thanks?given=${amount || forward ? 1 : 0}`,
      // The last paid-forward meal may be gone: asked at once when online; if no answer comes,
      // the next screen says this message. (A sign-up for the last cooking place would too.)
      needsServer: method === rules.credit_method ? "credit_pending" : "",
    };
  }

  function surveyAnswers(data, service) {
    const answers = {};
    for (const [name, raw] of data) {
      // Like the server's form reader: a question no longer asked (kept page) is left out.
      const asked = !config.questions || config.questions.includes(name.slice(2));
      if (!name.startsWith("q_") || !raw || !asked) continue;
      const value = integer(String(raw));
      const [least, most] = config.rules.survey;
      if (!(value >= least && value <= most)) return { error: "out_of_range" };
      answers[name.slice(2)] = value;
    }
    if (!Object.keys(answers).length) return { skip: "/kiosk/" };
    return {
      kind: "survey", url: `${API}${service}/survey-responses`, body: { answers },
      next: "/kiosk/thanks?done=1",
    };
  }

  // A volunteer at the tablet. The body is the form exactly as the server reads it
  // (kiosk/volunteers/common.py sign_up_from): after the outbox has sent it, the form itself is
  // posted with the same id, and the server answers the same sign-up with the private link's QR.
  // Offline, nothing is promised: the last place may go to someone else meanwhile, and then the
  // server puts this volunteer on the waiting list, where the coordinator sees it.
  function volunteerSignUp(data, service, choice, path) {
    const raw = (name, max) => String(data.get(name) || "").slice(0, max);
    return {
      kind: "signup",
      url: `/api/v1/kiosk/shifts/${COOK.exec(path)[1]}/signups`,
      body: {
        first_name: raw("first_name", 200),
        phone: raw("phone", 40),
        email: raw("email", 254),
        contact_consent: data.get("consent") === "yes",
        waiting_list: data.get("waiting_list") === "1",
      },
      next: "/kiosk/cook",  // today's shifts, still in the volunteer's language
      anyDay: true,  // no meal service needed to sign up
      needsServer: "signup_pending",
      answerPage: true,  // once confirmed, show the server's own answer page
    };
  }

  // ---- The forms: recorded in the outbox, then on to the next screen at once.
  // (Attributes, not properties: the pay form's "method" radios shadow form.method.)
  const actionOf = (form) => new URL(form.getAttribute("action") || "", location.href).pathname;
  function showError(form, text) {
    let alert = form.querySelector(".alert[data-outbox]");
    if (!alert) {
      alert = doc.createElement("p");
      alert.className = "alert";
      alert.setAttribute("role", "alert");
      alert.dataset.outbox = "";
      form.prepend(alert);
    }
    alert.textContent = text;
    alert.scrollIntoView({ block: "center" });
  }

  function postNatively(form, submitter) {
    if (submitter && submitter.name) {
      const carried = doc.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.append(carried);
    }
    form.submit();
  }

  // A page kept from another day must not record into that day's service. Today is the
  // canteen's, as the server keys services (a tablet whose clock is wrong fails HTTPS anyway).
  function serviceOpenToday() {
    let today;
    try {
      today = new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone }).format(new Date());
    } catch (error) {
      today = new Date().toISOString().slice(0, 10);
    }
    return body.dataset.serviceStatus === "open" && body.dataset.serviceDate === today;
  }

  async function onSubmit(event) {
    const form = event.target;
    const read = writeFor(actionOf(form));
    if (!read || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    event.preventDefault();
    if (form.dataset.busy) return;  // a double tap records once
    const submitter = event.submitter;
    await configured;
    if (!config) return postNatively(form, submitter);
    const service = body.dataset.service;
    const choice = submitter && submitter.name === "choice" ? submitter.value : "give";
    const write = read(new FormData(form), service, choice, actionOf(form));
    if (!write.anyDay && !serviceOpenToday()) return showError(form, say("not_open"));
    if (write.error) return showError(form, say(write.error));
    if (write.skip) return location.assign(write.skip);
    const id = form.elements.id.value;
    if (sentIds().includes(id) && write.kind === "contribution") {
      return location.assign("/kiosk/thanks?given=1&again=1");  // Back, then Give again
    }
    form.dataset.busy = "1";
    const record = {
      id, kind: write.kind, method: "POST", url: write.url,
      body: JSON.stringify({ id, ...write.body }),
    };
    try {
      record.seq = await add(record);
    } catch (error) {
      return postNatively(form, submitter);  // no storage (private mode, full disk): as before
    }
    sessionStorage.setItem(SENT, JSON.stringify([...sentIds(), id].slice(-20)));
    if (write.needsServer) {
      if (navigator.onLine) await Promise.race([flush(), sleep(CONFIRM_MS)]);
      const left = await one(record.seq);
      if (left && left.flag) {  // refused while the diner is here: say why, nothing was recorded
        await drop(record.seq);
        form.elements.id.value = partyFormId(form);
        delete form.dataset.busy;
        show();
        return showError(form, left.flag.message || say("invalid"));
      }
      if (!left && write.answerPage) return postNatively(form, submitter);  // sent: same answer
      if (left) sessionStorage.setItem(NOTE, write.needsServer);
    }
    location.assign(write.next);
  }

  // ---- What the tablet shows: a discreet count in the bar, details in coordinator mode.
  let counter = null;
  let panel = null;
  async function show() {
    let records = [];
    try {
      records = await all();
    } catch (error) {
      return;
    }
    const flagged = records.filter((record) => record.flag);
    if (!counter) {
      counter = doc.createElement("span");
      counter.className = "outbox-count";
      counter.setAttribute("role", "status");
      const bar = doc.querySelector(".bar");
      if (bar) bar.append(counter);
    }
    counter.dataset.waiting = records.length;
    counter.dataset.flagged = flagged.length;
    counter.textContent = records.length ? say("waiting", records.length)
      + (flagged.length ? ` · ${say("flagged", flagged.length)}` : "") : "";
    counter.hidden = !records.length;
    if (panel) drawPanel(records, flagged);
  }

  function element(tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function drawPanel(records, flagged) {
    panel.replaceChildren(element("h2", "", say("panel_title")));
    const status = element("p", "", records.length ? say("waiting", records.length)
      : say("all_sent"));
    status.dataset.waiting = records.length;
    panel.append(status);
    if (!navigator.onLine) panel.append(element("p", "info", say("offline_now")));
    if (records.length > flagged.length) {
      const again = element("button", "secondary", say("send_now"));
      again.type = "button";
      again.addEventListener("click", flush);
      panel.append(again);
    }
    if (!flagged.length) return;
    panel.append(element("p", "", say("flagged_help")));
    const list = element("ul", "outbox-flagged");
    for (const record of flagged) {
      const item = element("li", "", `${say(`kind_${record.kind}`) || record.kind} — ${
        record.flag.message || record.flag.status}`);
      const discard = element("button", "discreet", say("discard"));
      discard.type = "button";
      discard.addEventListener("click", async () => {
        if (!window.confirm(say("discard_confirm"))) return;  // never dropped silently
        await drop(record.seq);
        show();
      });
      item.append(" ", discard);
      list.append(item);
    }
    panel.append(list);
  }

  // ---- Start-up.
  async function loadConfig() {
    try {
      const response = await fetch(`/kiosk/offline.json?lang=${LANGUAGE}`, {
        credentials: "same-origin", redirect: "error",
      });
      if (response.ok && /json/.test(response.headers.get("Content-Type"))) {
        config = await response.json();
      }
    } catch (error) {
      config = null;  // the forms post as without JavaScript
    }
  }

  // ---- One party, one record per form. A party begins with its tap on a language; each of its
  // forms (check-in, pay, survey) then has one id, the same every time it is
  // shown: Back and submit again is the same record ("already recorded"), never a second one.
  const PARTY = "tablee-party";  // {form's action: its id} for the party at the tablet
  const SENT = "tablee-sent";
  const readJSON = (key, fallback) => {
    try {
      return JSON.parse(sessionStorage.getItem(key)) || fallback;
    } catch (error) {
      return fallback;
    }
  };
  const sentIds = () => readJSON(SENT, []);
  const PARTY_FORMS = ["/kiosk/checkin", "/kiosk/pay", "/kiosk/survey"];
  function forgetSent(id) {
    sessionStorage.setItem(SENT, JSON.stringify(sentIds().filter((sent) => sent !== id)));
    const party = readJSON(PARTY, null);
    if (!party) return;
    for (const action of Object.keys(party)) if (party[action] === id) delete party[action];
    sessionStorage.setItem(PARTY, JSON.stringify(party));
  }
  function partyFormId(form) {
    const party = readJSON(PARTY, null);
    const action = actionOf(form);
    // No party, or a form each person sends (a cooking place): a fresh id (cached pages repeat).
    if (!party || !PARTY_FORMS.includes(action)) return newId();
    if (!party[action]) {
      party[action] = newId();
      sessionStorage.setItem(PARTY, JSON.stringify(party));
    }
    return party[action];
  }
  function beginParty() {
    sessionStorage.setItem(PARTY, "{}");
    sessionStorage.removeItem(SENT);
  }
  doc.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("a[href^='/kiosk/start']")) beginParty();
  }, true);
  // The welcome screen ends a party. The check-in form begins the next one once this party has
  // paid, or has checked in and the form was opened afresh (not by the Back button).
  function followParty() {
    const party = readJSON(PARTY, null);
    const entry = performance.getEntriesByType("navigation")[0];
    const back = entry && entry.type === "back_forward";
    const sent = sentIds();
    if (location.pathname === "/kiosk/") {
      sessionStorage.removeItem(PARTY);
    } else if (location.pathname === "/kiosk/checkin" && (!party
      || sent.includes(party["/kiosk/pay"]) || (!back && sent.includes(party["/kiosk/checkin"])))) {
      beginParty();
    }
  }

  function freshIds() {
    for (const form of doc.forms) {
      delete form.dataset.busy;
      const known = writeFor(actionOf(form));
      if (known && form.elements.id) form.elements.id.value = partyFormId(form);
    }
  }

  function decorate() {
    followParty();
    freshIds();
    // Back to a page already sent (the tablet's back button): a new record, not a stuck form.
    addEventListener("pageshow", (event) => event.persisted && freshIds());
    // What needs the server says so while the tablet is offline: the last paid-forward meal,
    // a cooking place (the last one may be taken from a phone meanwhile).
    for (const needs of doc.querySelectorAll(
      "button[name=choice][value=credit], form.signup button[type=submit]")) {
      const note = element("small", "pending-note", say("confirm_later"));
      needs.append(note);
      const update = () => { note.hidden = navigator.onLine; };
      update();
      addEventListener("online", update);
      addEventListener("offline", update);
    }
    const note = sessionStorage.getItem(NOTE);
    const main = doc.querySelector("main");
    if (note && main) {
      sessionStorage.removeItem(NOTE);
      const info = element("p", "info", say(note));
      info.setAttribute("role", "status");
      main.prepend(info);
    }
    if (main && /^\/kiosk\/coordinator\/./.test(location.pathname)) {
      panel = element("section", "outbox-panel");
      main.prepend(panel);
    }
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    const worker = navigator.serviceWorker;
    worker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "warmed" && worker.controller) {
        html.dataset.offline = "ready";
      }
    });
    worker.register("/kiosk/sw.js", { scope: "/kiosk/" })
      .then(() => worker.ready)
      .then((registration) => {
        if (!navigator.onLine || !registration.active) return;
        const stamp = `${body.dataset.service || "-"}:${body.dataset.serviceStatus || "-"}`;
        registration.active.postMessage({ type: "warm", language: LANGUAGE, stamp });
      })
      .catch(() => {});
  }

  let configured = null;
  async function start() {
    doc.addEventListener("submit", onSubmit);
    configured = loadConfig().then(() => config && decorate());
    await configured;
    registerWorker();
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then((kept) => kept || navigator.storage.persist())
        .catch(() => {});
    }
    show();
    flush();
    addEventListener("online", flush);
    addEventListener("online", show);
    addEventListener("offline", show);
    setInterval(async () => {
      const records = await all().catch(() => []);
      if (records.some((record) => !record.flag)) flush();
      else if (panel) show();
    }, RETRY_MS);
  }

  start();
})();
