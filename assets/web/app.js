// The explorer page: controls generated from the scenario's parameter
// keys, a live re-run on every change (POST /api/view), the table and
// charts, the URL as the state, "run 1,000,000" with progress
// (POST /api/view/stream) and "save as scenario" (POST /api/save).
"use strict";

// Anything that goes wrong is kept here too (the browser test reads it).
window.__explorerErrors = [];
window.addEventListener("error", e => window.__explorerErrors.push(String(e.message || e)));
window.addEventListener("unhandledrejection", e => window.__explorerErrors.push(String(e.reason)));

const $ = id => document.getElementById(id);

const app = {
  sc: null,          // GET /api/scenario
  geo: null,         // the map's outlines
  params: new Map(), // key → param
  state: { set: {}, trials: 20000, seed: null },
  view: null,        // the last view drawn
  previous: null,    // the view before it (for the table's changes)
  inflight: null,    // AbortController of the live run
  pending: false,    // a change arrived while a run was in flight
  inputAt: null,     // performance.now() of the newest change not yet drawn
  timer: 0,
  long: null,        // AbortController of a "run 1,000,000"
};

const DEBOUNCE_MS = 30;

// ---- state and URL ---------------------------------------------------------------

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  const state = { set: {}, trials: app.sc.default_trials, seed: app.sc.seed };
  for (const [k, v] of q) {
    if (k === "trials") state.trials = clampTrials(+v);
    else if (k === "seed") state.seed = +v;
    else if (k.startsWith("set.")) {
      const n = Number(v);
      state.set[k.slice(4)] = v !== "" && Number.isFinite(n) ? n : v;
    }
  }
  return state;
}

function writeHash() {
  const q = new URLSearchParams();
  if (app.state.trials !== app.sc.default_trials) q.set("trials", app.state.trials);
  if (app.state.seed !== app.sc.seed) q.set("seed", app.state.seed);
  for (const [k, v] of Object.entries(app.state.set).sort()) q.set(`set.${k}`, v);
  const hash = q.toString();
  history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
}

function clampTrials(t) {
  return Math.min(app.sc.max_trials, Math.max(1, Math.round(t) || app.sc.default_trials));
}

function request(trials) {
  return { set: app.state.set, trials: trials || app.state.trials, seed: app.state.seed };
}

// ---- controls ---------------------------------------------------------------------

const LABELS = {
  "cargo.value_of_time_usd_per_day": ["Value of time", "USD/day"],
  "cargo.value_usd": ["Cargo value", "USD"],
  "cargo.deadline_days": ["Deadline", "days"],
};

// A slider's range and step: the key's own bounds, cut to what a person
// explores (risk weights 0–5, probabilities 0–1, cargo up to 4× its value).
function sliderRange(p) {
  const v = p.value ?? 0, max = p.max ?? Infinity;
  if (p.group === "risk_weights") return [0, Math.min(max, Math.max(5, v * 2)), 0.05];
  if (p.key.endsWith(".per_year")) return [0, Math.min(max, Math.max(4, v * 4)), 0.05];
  if (p.group === "hazards") return [0, 1, 0.005];
  if (p.key === "departure.month") return [1, 12, 1];
  if (p.key === "cargo.deadline_days") return [1, Math.min(max, Math.max(60, v * 3)), 0.5];
  if (p.key === "cargo.value_of_time_usd_per_day") return [0, Math.min(max, Math.max(400, v * 5)), 1];
  if (p.key === "cargo.value_usd") return [0, Math.min(max, Math.max(100000, v * 4)), 500];
  const hi = Math.min(max, Math.max(1, v * 3));
  return [p.min_exclusive ? hi / 1000 : p.min, hi, hi / 300];
}

function paramRow(p, label, sub) {
  const row = document.createElement("div");
  row.className = "param";
  row.dataset.key = p.key;
  const [lo, hi, step] = sliderRange(p);
  const id = `p-${p.key.replace(/[^a-z0-9]/gi, "-")}`;
  row.innerHTML = `<label for="${id}"><span></span><span class="key"></span></label>
    <input type="range" id="${id}"><input type="number" aria-label="">`;
  row.querySelector("label span").textContent = label;
  row.querySelector(".key").textContent = sub;
  row.querySelector(".key").title = p.key;
  const range = row.querySelector("input[type=range]"), num = row.querySelector("input[type=number]");
  num.setAttribute("aria-label", label);
  Object.assign(range, { min: lo, max: hi, step });
  range.dataset.key = p.key;
  num.step = "any";
  num.min = p.min;
  if (p.max != null) num.max = p.max;
  const set = (v, from) => {
    if (from !== range) range.value = v;
    if (from !== num) num.value = +(+v).toPrecision(6);
    change(p.key, +v);
  };
  if (p.value == null) {
    // Not set in the scenario (no deadline; departures all year round).
    range.value = lo;
    num.placeholder = p.key === "departure.month" ? "all year" : "none";
  }
  range.addEventListener("input", () => set(range.value, range));
  num.addEventListener("change", () => num.value !== "" && set(num.value, num));
  return row;
}

function toggleRow(t) {
  const row = document.createElement("label");
  row.className = "toggle";
  row.innerHTML = `<input type="checkbox"><span></span>`;
  row.querySelector("span").textContent = t.label;
  row.title = `${t.key} = ${t.on}`;
  const box = row.querySelector("input");
  box.dataset.key = t.key;
  let days = null;
  if (t.days) {
    // A closure window: how many days from departure.
    days = document.createElement("input");
    Object.assign(days, { type: "number", min: 1, step: 1, value: t.on, className: "days" });
    days.setAttribute("aria-label", `${t.label}: days from departure`);
    days.dataset.key = t.key;
    row.appendChild(days);
    row.appendChild(Object.assign(document.createElement("span"), { textContent: "days", className: "unit" }));
    days.addEventListener("change", () => box.checked && change(t.key, +days.value));
  }
  box.addEventListener("change", () => change(t.key, box.checked ? (days ? +days.value : t.on) : null));
  return row;
}

function buildControls() {
  const aside = $("controls");
  const add = (tag, text, parent) => {
    const e = document.createElement(tag);
    if (text) e.textContent = text;
    (parent || aside).appendChild(e);
    return e;
  };
  const byGroup = g => app.sc.params.filter(p => p.group === g);
  add("h3", "Risk weights");
  for (const p of byGroup("risk_weights")) aside.appendChild(paramRow(p, p.key.split(".")[1], "× expected impact"));
  if (byGroup("departure").length) {
    add("h3", "Departure");
    for (const p of byGroup("departure")) aside.appendChild(paramRow(p, "Month", "1 = January … 12 = December"));
  }
  add("h3", "Cargo");
  for (const p of byGroup("cargo")) {
    const [label, unit] = LABELS[p.key] || [p.key, ""];
    aside.appendChild(paramRow(p, label, unit));
  }
  const planned = app.sc.toggles.filter(t => t.group !== "close");
  if (planned.length) {
    add("h3", "Planned links");
    for (const t of planned) aside.appendChild(toggleRow(t));
  }
  const closes = app.sc.toggles.filter(t => t.group === "close");
  if (closes.length) {
    const box = add("details");
    add("summary", `Close a crossing from departure (${closes.length})`, box);
    for (const t of closes) box.appendChild(toggleRow(t));
  }
  const hazards = add("details");
  add("summary", `Hazards (${byGroup("hazards").length}): share of time in effect, or occurrences a year`, hazards);
  const names = new Map(app.sc.network.hazards.map(h => [h.id, h]));
  const byCategory = {};
  for (const p of byGroup("hazards")) {
    const h = names.get(p.key.split(".")[1]);
    (byCategory[h.category] = byCategory[h.category] || []).push([p, h]);
  }
  for (const [cat, list] of Object.entries(byCategory).sort()) {
    add("div", cat, hazards).className = "group-label";
    for (const [p, h] of list) {
      const field = p.key.split(".").pop();
      hazards.appendChild(paramRow(p, h.name, field === "per_year" ? `${h.id} · a year` : h.id));
    }
  }
  // Link figures: many, so built when first opened.
  const links = add("details");
  add("summary", `Links (${byGroup("links").length} figures)`, links);
  links.addEventListener("toggle", () => {
    if (links.dataset.built) return;
    links.dataset.built = "1";
    for (const p of byGroup("links")) {
      const [, id, field] = p.key.split(".");
      links.appendChild(paramRow(p, `${id}`, field));
    }
    syncControls();
  });
}

// Puts every control at the state's value (or the scenario's).
function syncControls() {
  for (const row of document.querySelectorAll(".param")) {
    const p = app.params.get(row.dataset.key);
    const v = p.key in app.state.set ? app.state.set[p.key] : p.value;
    if (v == null) continue;
    row.querySelector("input[type=range]").value = v;
    row.querySelector("input[type=number]").value = +(+v).toPrecision(6);
    row.classList.toggle("changed", p.key in app.state.set);
  }
  for (const box of document.querySelectorAll(".toggle input[type=checkbox]")) {
    box.checked = box.dataset.key in app.state.set;
  }
  for (const days of document.querySelectorAll(".toggle input.days")) {
    if (days.dataset.key in app.state.set) days.value = app.state.set[days.dataset.key];
  }
  $("trials").value = app.state.trials;
  $("seed").value = app.state.seed;
  const changes = Object.entries(app.state.set).sort().map(([k, v]) => `${k} = ${v}`);
  $("what-if").textContent = changes.length ? `what-if: ${changes.join("; ")}` : "The scenario as written.";
  $("what-if").classList.toggle("changed", changes.length > 0);
}

function change(key, value) {
  const p = app.params.get(key);
  if (value === null || (p && p.value != null && Math.abs(value - p.value) < 1e-12)) delete app.state.set[key];
  else app.state.set[key] = value;
  const row = document.querySelector(`.param[data-key="${CSS.escape(key)}"]`);
  if (row) row.classList.toggle("changed", key in app.state.set);
  syncWhatIf();
  schedule();
}

function syncWhatIf() {
  const changes = Object.entries(app.state.set).sort().map(([k, v]) => `${k} = ${v}`);
  $("what-if").textContent = changes.length ? `what-if: ${changes.join("; ")}` : "The scenario as written.";
  $("what-if").classList.toggle("changed", changes.length > 0);
  writeHash();
}

// ---- live runs ----------------------------------------------------------------------

// A change runs after DEBOUNCE_MS; while a run is in flight, the newest
// change waits for it and then runs, so a drag updates as fast as the
// server answers and the last position always gets drawn.
function schedule() {
  app.inputAt = app.inputAt ?? performance.now();
  performance.mark("explorer-input");
  app.pending = true;
  clearTimeout(app.timer);
  app.timer = setTimeout(() => { if (!app.inflight) runLive(); }, DEBOUNCE_MS);
}

async function runLive() {
  app.pending = false;
  const startedAt = app.inputAt ?? performance.now();
  app.inputAt = null;
  const ctrl = new AbortController();
  app.inflight = ctrl;
  setStatus(`running ${fmtInt(app.state.trials)} trials…`, "busy");
  const t0 = performance.now();
  try {
    const resp = await fetch("api/view", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request()), signal: ctrl.signal,
    });
    const body = await resp.json();
    if (!resp.ok) {
      showErrors(body.error || [`HTTP ${resp.status}`]);
      setStatus("not run: see the message", "error");
      return;
    }
    showErrors(null);
    draw(body);
    const t1 = performance.now();
    performance.measure("explorer-update", { start: startedAt, end: t1 });
    app.lastLatency = t1 - startedAt;
    setStatus(`${fmtInt(body.summary.trials)} trials · updated in ${Math.round(t1 - startedAt)} ms (server ${Math.round(body.server_ms)} ms, round trip ${Math.round(t1 - t0)} ms)`);
    document.body.dataset.runs = String(+(document.body.dataset.runs || 0) + 1);
  } catch (e) {
    if (e.name !== "AbortError") {
      setStatus(`failed: ${e.message}`, "error");
      throw e;
    }
  } finally {
    if (app.inflight === ctrl) app.inflight = null;
    if (app.pending) runLive();
  }
}

function setStatus(text, kind) {
  $("status-text").textContent = text;
  $("status").className = `status ${kind || ""}`;
}

function showErrors(lines) {
  const box = $("errors");
  box.hidden = !lines;
  box.textContent = lines ? lines.join("\n") : "";
}

const fmtInt = n => Math.round(n).toLocaleString("en-US");
const pct = p => p == null ? "–" : `${(100 * p).toFixed(1)}%`;

// ---- table --------------------------------------------------------------------------

const COLUMNS = [
  ["P50 days", c => c.days?.p50, v => v.toFixed(1), "min"],
  ["P90 days", c => c.days?.p90, v => v.toFixed(1), "min"],
  ["mean USD", c => c.usd?.mean, v => fmtInt(v), "min"],
  ["P90 USD", c => c.usd?.p90, v => fmtInt(v), "min"],
  ["CVaR95 USD", c => c.usd?.cvar95, v => fmtInt(v), "min"],
  ["mean gen. cost", c => c.generalized_cost?.mean, v => fmtInt(v), "min"],
  ["on time", c => c.on_time?.p, pct, "max"],
  ["loss", c => c.loss?.p, pct, "min"],
  ["cheapest", c => c.cheapest?.p, pct, "max"],
  ["lowest gen. cost", c => c.lowest_generalized_cost?.p, pct, "max"],
  ["free choice", (c, s) => s.free_choice_shares[c.id]?.p, pct, "max"],
];

function table(view, previous) {
  const s = view.summary;
  const thead = $("table").tHead, tbody = $("table").tBodies[0];
  if (!thead.rows.length) {
    const tr = thead.insertRow();
    tr.insertCell().outerHTML = "<th>corridor</th>";
    for (const [name] of COLUMNS) tr.appendChild(document.createElement("th")).textContent = name;
  }
  const info = Charts.corridorsOf(view);
  const before = previous ? new Map(previous.summary.corridors.map(c => [c.id, c])) : new Map();
  const rows = s.corridors.concat([Object.assign({ id: "free", name: "free choice (any route)" }, s.free_choice)]);
  tbody.innerHTML = "";
  const best = COLUMNS.map(([, get, , dir]) => {
    const vs = s.corridors.map(c => get(c, s)).filter(v => v != null);
    return vs.length ? (dir === "min" ? Math.min(...vs) : Math.max(...vs)) : null;
  });
  for (const c of rows) {
    const tr = tbody.insertRow();
    tr.dataset.id = c.id;
    if (c.id === "free") tr.className = "free";
    const name = tr.insertCell();
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = info.get(c.id)?.colour || "#999";
    name.append(sw, c.name);
    name.title = c.id;
    const found = Charts.foundLabel(c);
    if (found) {
      const tag = document.createElement("span");
      tag.className = "found";
      tag.textContent = found;
      name.append(tag);
      name.title = `${c.id} · ${found}: a route outside the scenario's corridors, which the run added`;
    }
    COLUMNS.forEach(([, get, fmt, dir], i) => {
      const td = tr.insertCell();
      const v = c.id === "free" && i >= 8 ? null : get(c, s);
      td.textContent = v == null ? "–" : fmt(v);
      if (v != null && c.id !== "free" && v === best[i]) td.classList.add("best");
      const old = before.get(c.id);
      const w = old && c.id !== "free" ? get(old, previous.summary) : null;
      if (v != null && w != null && fmt(v) !== fmt(w)) {
        const worse = dir === "min" ? v > w : v < w;
        td.classList.add(worse ? "up" : "down");
      }
    });
  }
  $("table-note").textContent = `${fmtInt(s.trials)} trials, seed ${s.manifest.seed}; bold: best; shaded: changed since the last run (red worse, green better)`;
}

// ---- drawing ------------------------------------------------------------------------

function draw(view) {
  app.previous = app.view;
  app.view = view;
  table(view, app.previous);
  Charts.map($("map"), app.sc, app.geo, view);
  Charts.scatter($("scatter"), app.sc, view);
  Charts.cdf($("cdf"), app.sc, view);
  Charts.breakdown($("breakdown"), app.sc, view);
}

// ---- run 1,000,000 ------------------------------------------------------------------

async function runMillion() {
  if (app.long) return;
  const ctrl = new AbortController();
  app.long = ctrl;
  const bar = $("progress");
  bar.hidden = false;
  bar.value = 0;
  $("cancel").hidden = false;
  $("run-million").disabled = true;
  const t0 = performance.now();
  setStatus("running 1,000,000 trials…", "busy");
  try {
    const resp = await fetch("api/view/stream", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request(app.sc.max_trials)), signal: ctrl.signal,
    });
    if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
    const reader = resp.body.getReader(), dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (msg.done != null) {
          bar.value = msg.done / msg.trials;
          setStatus(`running 1,000,000 trials… ${fmtInt(msg.done)} done`, "busy");
        } else if (msg.error) {
          showErrors(msg.error);
        } else if (msg.view) {
          showErrors(null);
          draw(msg.view);
          setStatus(`${fmtInt(msg.view.summary.trials)} trials in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        }
      }
    }
  } catch (e) {
    setStatus(e.name === "AbortError" ? "1,000,000-trial run cancelled" : `failed: ${e.message}`, e.name === "AbortError" ? "" : "error");
  } finally {
    app.long = null;
    bar.hidden = true;
    $("cancel").hidden = true;
    $("run-million").disabled = false;
  }
}

// ---- save as scenario ---------------------------------------------------------------

async function saveScenario() {
  const resp = await fetch("api/save", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request()),
  });
  if (!resp.ok) {
    const body = await resp.json();
    showErrors(body.error);
    return;
  }
  const name = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "")?.[1] || "what-if.toml";
  const url = URL.createObjectURL(await resp.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  setStatus(`saved ${name}: corridor run ${name} reproduces this run`);
}

// ---- start --------------------------------------------------------------------------

async function start() {
  const [sc, geo] = await Promise.all([
    fetch("api/scenario").then(r => r.json()),
    fetch("assets/central-asia.geojson").then(r => r.json()),
  ]);
  app.sc = sc;
  app.geo = geo;
  for (const p of sc.params) app.params.set(p.key, p);
  document.title = `${sc.name} · corridor explorer`;
  $("name").textContent = sc.name;
  const node = id => sc.network.nodes.find(n => n.id === id)?.name || id;
  $("route").textContent = `${node(sc.origin)} → ${node(sc.destination)} · ${sc.corridors.length} corridors · ${sc.network.name} (data as of ${sc.network.as_of}) · ${sc.file}`;
  app.state = readHash();
  buildControls();
  syncControls();
  Charts.map($("map"), sc, geo, null);
  $("trials").addEventListener("change", () => {
    app.state.trials = clampTrials(+$("trials").value);
    $("trials").value = app.state.trials;
    writeHash();
    schedule();
  });
  $("seed").addEventListener("change", () => {
    app.state.seed = Math.max(0, Math.round(+$("seed").value) || 0);
    writeHash();
    schedule();
  });
  $("reset").addEventListener("click", () => {
    app.state = { set: {}, trials: sc.default_trials, seed: sc.seed };
    syncControls();
    writeHash();
    schedule();
  });
  $("run-million").addEventListener("click", runMillion);
  $("cancel").addEventListener("click", () => app.long && app.long.abort());
  $("save").addEventListener("click", saveScenario);
  window.addEventListener("hashchange", () => {
    app.state = readHash();
    syncControls();
    schedule();
  });
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => app.view && draw(app.view), 150);
  });
  schedule();
}

start().catch(e => {
  setStatus(`cannot start: ${e.message}`, "error");
  throw e;
});
