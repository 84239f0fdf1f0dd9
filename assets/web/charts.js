// The explorer's charts: the map, cost vs time and the cost breakdown as
// SVG drawn here; the transit-time CDF with the vendored uPlot. Each takes
// the scenario (GET /api/scenario) and a view (POST /api/view) and redraws
// in place. Colours come from the view: the report's palette, for the
// scenario's corridors and the routes the run found alike.
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function svgIn(box) {
    const w = box.clientWidth || 600, h = box.clientHeight || 340;
    let svg = box.querySelector("svg");
    if (!svg) svg = el("svg", {}, box);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    return { svg, w, h };
  }

  function text(parent, x, y, s, attrs) {
    const t = el("text", Object.assign({ x, y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }

  // Round steps for an axis from lo to hi (about n ticks).
  function ticks(lo, hi, n) {
    const span = hi - lo || 1;
    const raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toFixed(10));
    return out;
  }

  // Every corridor of a view, by id: the summary's entries (the
  // scenario's corridors, then the routes the run found, `found`
  // "free_choice" or "k_best", group "other") with their report colour.
  function corridorsOf(view) {
    return new Map(view.summary.corridors.map(c => [c.id, Object.assign({ colour: view.colours[c.id] || "#999" }, c)]));
  }

  // What a found route is, in words ("" for a named corridor).
  function foundLabel(c) {
    return { free_choice: "found: taken by the free choice", k_best: "found: one of the k best routes" }[c.found] || "";
  }

  const usd = v => v >= 10000 ? `$${(v / 1000).toFixed(0)}k` : v >= 1000 ? `$${(v / 1000).toFixed(1)}k` : `$${v.toFixed(0)}`;

  // ---- map --------------------------------------------------------------

  // Equirectangular, a degree of longitude drawn cos(middle latitude) as
  // long as a degree of latitude: the projection of the PNG map.
  function projection(bounds, w, h, pad) {
    const [lon0, lat0, lon1, lat1] = bounds;
    const k = Math.cos(((lat0 + lat1) / 2) * Math.PI / 180);
    const sx = (w - 2 * pad) / ((lon1 - lon0) * k), sy = (h - 2 * pad) / (lat1 - lat0);
    const s = Math.min(sx, sy);
    const ox = (w - (lon1 - lon0) * k * s) / 2, oy = (h - (lat1 - lat0) * s) / 2;
    return ([lon, lat]) => [ox + (lon - lon0) * k * s, oy + (lat1 - lat) * s];
  }

  function pathOf(lines, proj, close) {
    let d = "";
    for (const line of lines) {
      line.forEach((p, i) => {
        const [x, y] = proj(p);
        d += (i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
      });
      if (close) d += "Z";
    }
    return d;
  }

  const mapState = { key: null, routes: null, proj: null };

  // The extent of points, to the degree: the map is redrawn when it changes.
  function boundsKey(pts) {
    const r = f => Math.round(f);
    return [Math.min(...pts.map(p => r(p.lon))), Math.max(...pts.map(p => r(p.lon))),
      Math.min(...pts.map(p => r(p.lat))), Math.max(...pts.map(p => r(p.lat)))].join(",");
  }

  function map(box, sc, geo, view) {
    const { svg, w, h } = svgIn(box);
    const nodes = new Map(sc.network.nodes.map(n => [n.id, n]));
    // Each corridor's line as the PNG map draws it (sea legs along their
    // lanes), from the view; the planned nodes where the view has none.
    const ext = sc.map_extent, clamp = (v, a, b) => Math.min(b, Math.max(a, v));
    const lines = new Map(view ? view.charts.map(c => [c.id, c.line]) : []);
    // Bounds: every corridor's waypoints, origin, destination and lines.
    const ids = new Set([sc.origin, sc.destination]);
    sc.corridors.forEach(c => c.via.forEach(v => ids.add(v)));
    const pts = [...ids].map(id => nodes.get(id)).filter(Boolean)
      .concat([...lines.values()].flat().map(([lon, lat]) => ({ lon, lat })))
      // Within the outlines' extent, as the PNG map: a lane that leaves
      // it (round Europe) runs off the edge.
      .map(({ lon, lat }) => ({ lon: clamp(lon, ext[0], ext[2]), lat: clamp(lat, ext[1], ext[3]) }));
    const key = `${w}x${h} ${boundsKey(pts)}`;
    if (mapState.key !== key) {
      svg.innerHTML = "";
      let lon0 = Math.min(...pts.map(p => p.lon)), lon1 = Math.max(...pts.map(p => p.lon));
      let lat0 = Math.min(...pts.map(p => p.lat)), lat1 = Math.max(...pts.map(p => p.lat));
      const mx = (lon1 - lon0) * 0.08 + 1, my = (lat1 - lat0) * 0.08 + 1;
      const proj = projection([lon0 - mx, lat0 - my, lon1 + mx, lat1 + my], w, h, 8);
      el("rect", { x: 0, y: 0, width: w, height: h, fill: sc.map_colours.sea }, svg);
      for (const f of geo.features) {
        const kind = f.properties.kind, c = f.geometry.coordinates;
        if (kind === "land") {
          el("path", { d: c.map(poly => pathOf(poly, proj, true)).join(""), fill: sc.map_colours.land, "fill-rule": "evenodd", stroke: "none" }, svg);
        } else {
          const colour = kind === "border" ? sc.map_colours.border : sc.map_colours.coast;
          el("path", { d: pathOf(c, proj, false), fill: "none", stroke: colour, "stroke-width": kind === "border" ? 0.6 : 0.8 }, svg);
        }
      }
      mapState.routes = el("g", {}, svg);
      const labels = el("g", {}, svg);
      for (const id of [sc.origin, sc.destination]) {
        const n = nodes.get(id);
        if (!n) continue;
        const [x, y] = proj([n.lon, n.lat]);
        el("circle", { cx: x, cy: y, r: 4.5, fill: "#1d2430" }, labels);
        text(labels, x + 7, y + 4, n.name, { class: "label-halo", "font-weight": 600 });
      }
      mapState.proj = proj;
      mapState.key = key;
    }
    const g = mapState.routes;
    g.innerHTML = "";
    if (!view) return;
    const shares = view.summary.free_choice_shares;
    const colours = corridorsOf(view);
    // Widest first, so thin routes stay visible on top.
    const entries = view.summary.corridors
      .filter(c => c.planned && c.planned.nodes && c.planned.nodes.length)
      .map(c => ({ c, share: shares[c.id] ? shares[c.id].p : 0 }))
      .sort((a, b) => b.share - a.share);
    for (const { c, share } of entries) {
      const pts = lines.get(c.id) ||
        c.planned.nodes.map(id => nodes.get(id)).filter(Boolean).map(n => [n.lon, n.lat]);
      const info = colours.get(c.id);
      el("path", {
        d: pathOf([pts], mapState.proj, false), fill: "none", stroke: info.colour,
        "stroke-width": (1.5 + 12 * share).toFixed(1), "stroke-linejoin": "round", "stroke-linecap": "round",
        "stroke-opacity": 0.85, "stroke-dasharray": info.group === "traditional" ? "6 4" : "none",
      }, g).appendChild(title(`${c.name}${foundLabel(c) ? ` (${foundLabel(c)})` : ""}: free choice ${(100 * share).toFixed(1)}%`));
    }
  }

  function title(s) {
    const t = document.createElementNS(NS, "title");
    t.textContent = s;
    return t;
  }

  // ---- cost vs time ---------------------------------------------------------

  function frame(svg, w, h, m, xr, yr, xlabel, yfmt) {
    const X = v => m.l + (v - xr[0]) / (xr[1] - xr[0]) * (w - m.l - m.r);
    const Y = v => h - m.b - (v - yr[0]) / (yr[1] - yr[0]) * (h - m.t - m.b);
    const axis = el("g", { class: "axis" }, svg);
    for (const t of ticks(xr[0], xr[1], 6)) {
      el("line", { x1: X(t), x2: X(t), y1: m.t, y2: h - m.b, class: "grid" }, axis);
      text(axis, X(t), h - m.b + 14, String(t), { "text-anchor": "middle" });
    }
    for (const t of ticks(yr[0], yr[1], 5)) {
      el("line", { x1: m.l, x2: w - m.r, y1: Y(t), y2: Y(t), class: "grid" }, axis);
      text(axis, m.l - 6, Y(t) + 4, yfmt(t), { "text-anchor": "end" });
    }
    el("path", { d: `M${m.l} ${m.t}V${h - m.b}H${w - m.r}`, fill: "none" }, axis);
    text(axis, (m.l + w - m.r) / 2, h - 4, xlabel, { "text-anchor": "middle", fill: "#667085" });
    return { X, Y };
  }

  function scatter(box, sc, view) {
    const { svg, w, h } = svgIn(box);
    svg.innerHTML = "";
    const info = corridorsOf(view);
    const cs = view.summary.corridors.filter(c => c.days && c.reached && c.reached.p > 0);
    if (!cs.length) return;
    const xs = cs.flatMap(c => [c.days.p10, c.days.p90]), ys = cs.flatMap(c => [c.usd.p10, c.usd.p90, c.usd.mean]);
    const pad = (lo, hi) => [lo - (hi - lo) * 0.06, hi + (hi - lo) * 0.06];
    const xr = pad(Math.max(0, Math.min(...xs)), Math.max(...xs));
    const yr = pad(Math.max(0, Math.min(...ys)), Math.max(...ys));
    const { X, Y } = frame(svg, w, h, { l: 52, r: 12, t: 8, b: 34 }, xr, yr, "days (P50; P10–P90)", usd);
    const deadline = view.summary.deadline_days;
    if (deadline && deadline > xr[0] && deadline < xr[1]) {
      el("line", { x1: X(deadline), x2: X(deadline), y1: 8, y2: h - 34, stroke: "#b42318", "stroke-dasharray": "4 3" }, svg);
      text(svg, X(deadline) + 4, 18, "deadline", { fill: "#b42318" });
    }
    const labels = [];
    for (const c of cs) {
      const col = info.get(c.id).colour, x = X(c.days.p50), y = Y(c.usd.mean);
      const g = el("g", {}, svg);
      el("line", { x1: X(c.days.p10), x2: X(c.days.p90), y1: y, y2: y, stroke: col, "stroke-width": 2, "stroke-opacity": 0.6 }, g);
      el("line", { x1: x, x2: x, y1: Y(c.usd.p10), y2: Y(c.usd.p90), stroke: col, "stroke-width": 2, "stroke-opacity": 0.6 }, g);
      const group = info.get(c.id).group;
      if (group === "traditional") el("rect", { x: x - 6, y: y - 6, width: 12, height: 12, fill: col, stroke: "#fff" }, g);
      else el("circle", { cx: x, cy: y, r: 6.5, fill: col, stroke: "#fff" }, g);
      labels.push({ x: x + 9, y: y - 8, id: c.id });
      g.appendChild(title(`${c.name}\nP50 ${c.days.p50.toFixed(1)} days · mean ${usd(c.usd.mean)}`));
    }
    // Labels top to bottom, each at least a line below a neighbour it
    // would overlap.
    labels.sort((a, b) => a.y - b.y);
    const placed = [];
    for (const l of labels) {
      for (const p of placed) {
        if (Math.abs(p.x - l.x) < 70 && l.y - p.y < 13) l.y = p.y + 13;
      }
      placed.push(l);
      text(svg, l.x, l.y, l.id, { class: "label-halo" });
    }
  }

  // ---- breakdown --------------------------------------------------------------

  function breakdown(box, sc, view) {
    const { svg, w, h } = svgIn(box);
    svg.innerHTML = "";
    const cs = view.summary.corridors.filter(c => c.reached && c.reached.p > 0);
    if (!cs.length) return;
    const info = corridorsOf(view);
    const parts = sc.cost_parts;
    const total = c => parts.reduce((s, p) => s + (c.breakdown_usd[p.key] || 0), 0);
    const max = Math.max(...cs.map(total)) * 1.05;
    // Bars start past the longest corridor id (found routes have long
    // ones), at least 104 px in.
    const ids = cs.map(c => text(svg, 18, 0, c.id));
    const m = { l: Math.max(104, 26 + Math.max(...ids.map(t => t.getComputedTextLength()))), r: 40, t: 22, b: 30 };
    const band = (h - m.t - m.b) / cs.length;
    const X = v => m.l + v / max * (w - m.l - m.r);
    const axis = el("g", { class: "axis" }, svg);
    for (const t of ticks(0, max, 6)) {
      el("line", { x1: X(t), x2: X(t), y1: m.t, y2: h - m.b, class: "grid" }, axis);
      text(axis, X(t), h - m.b + 14, usd(t), { "text-anchor": "middle" });
    }
    let lx = 4;
    for (const p of parts) {
      el("rect", { x: lx, y: 4, width: 10, height: 10, fill: p.colour }, svg);
      lx += 14 + text(svg, lx + 14, 13, p.label).getComputedTextLength() + 14;
    }
    cs.forEach((c, i) => {
      const y = m.t + i * band + band * 0.18, bh = band * 0.64;
      let x0 = 0;
      const col = info.get(c.id).colour;
      el("rect", { x: 4, y: y + bh / 2 - 5, width: 10, height: 10, fill: col }, svg);
      ids[i].setAttribute("y", y + bh / 2 + 4);
      for (const p of parts) {
        const v = c.breakdown_usd[p.key] || 0;
        if (v <= 0) continue;
        el("rect", { x: X(x0), y, width: Math.max(0.5, X(x0 + v) - X(x0)), height: bh, fill: p.colour }, svg)
          .appendChild(title(`${c.id} · ${p.label}: ${usd(v)}`));
        x0 += v;
      }
      text(svg, X(x0) + 4, y + bh / 2 + 4, usd(x0), { fill: "#667085" });
    });
  }

  // ---- CDF (uPlot) ---------------------------------------------------------------

  let cdfPlot = null, cdfIds = "";

  function cdf(box, sc, view) {
    const info = corridorsOf(view);
    const series = view.charts.filter(c => info.has(c.id));
    // One x array (every corridor's days, sorted); each series has values
    // only at its own points, the rest null, joined across gaps.
    const xs = [...new Set(series.flatMap(s => s.cdf.map(p => p[0])))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const data = [xs];
    for (const s of series) {
      const ys = new Array(xs.length).fill(null);
      for (const [d, p] of s.cdf) ys[index.get(d)] = Math.max(ys[index.get(d)] ?? 0, p);
      data.push(ys);
    }
    // The x axis ends past every corridor's P97.5 (and the deadline): the
    // last few tenths of a percent would squeeze the rest.
    const tail = Math.max(...series.map(s => s.cdf[Math.min(s.cdf.length - 1, 194)][0]), view.summary.deadline_days || 0);
    const xmax = tail * 1.08;
    const ids = series.map(s => s.id).join(",");
    const width = box.clientWidth || 600, height = (box.clientHeight || 340) - 30;
    if (cdfPlot && cdfIds === ids && cdfPlot.width === width) {
      cdfPlot.deadline = view.summary.deadline_days;
      cdfPlot.xmax = xmax;
      cdfPlot.setData(data);
      return;
    }
    if (cdfPlot) cdfPlot.destroy();
    box.innerHTML = "";
    const opts = {
      width, height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: (u, lo) => [Math.floor(lo), u.xmax ?? xmax] }, y: { range: [0, 1] } },
      axes: [
        { label: "days", size: 36, grid: { stroke: "#eef0f3" } },
        { values: (u, vs) => vs.map(v => `${Math.round(v * 100)}%`), size: 52, grid: { stroke: "#eef0f3" } },
      ],
      series: [{ label: "days" }].concat(series.map(s => {
        const line = { label: s.id, stroke: info.get(s.id).colour, width: 2, spanGaps: true, points: { show: false } };
        if (info.get(s.id).group === "traditional") line.dash = [6, 4];
        return line;
      })),
      hooks: {
        draw: [u => {
          const d = u.deadline;
          if (!d) return;
          const x = u.valToPos(d, "x", true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#b42318";
          ctx.setLineDash([4, 3]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.restore();
        }],
      },
    };
    cdfPlot = new uPlot(opts, data, box);
    cdfPlot.deadline = view.summary.deadline_days;
    cdfPlot.xmax = xmax;
    cdfPlot.redraw(false, true);
    cdfIds = ids;
  }

  return { map, scatter, breakdown, cdf, usd, corridorsOf, foundLabel };
})();
