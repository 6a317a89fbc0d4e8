'use strict';
// The filter state, its URL fragment (so that a link keeps the view), and the view it
// selects: which rows and columns are shown, in which groups, and which pairs match.

ZS.emptyFilter = function () {
  return {
    zone: '', host: '', verdicts: new Set(), code: '', tag: '', reason: '',
    changed: false, req: -1, rows: '', cols: '',
  };
};

ZS.toHash = function (st, M) {
  const p = new URLSearchParams();
  if (st.zone) p.set('zone', st.zone);
  if (st.host) p.set('host', st.host);
  if (st.verdicts.size) {
    p.set('v', Array.from(st.verdicts).sort().map(function (v) { return M.meta.cell_codes[v]; }).join(','));
  }
  if (st.code) p.set('code', st.code);
  if (st.tag) p.set('tag', st.tag);
  if (st.reason) p.set('reason', st.reason);
  if (st.changed) p.set('changed', '1');
  if (st.req >= 0) p.set('req', String(st.req));
  if (st.rows) p.set('rows', st.rows);
  if (st.cols) p.set('cols', st.cols);
  const text = p.toString();
  return text ? '#' + text : '';
};

ZS.fromHash = function (hash, M) {
  const st = ZS.emptyFilter();
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  st.zone = p.get('zone') || '';
  st.host = p.get('host') || '';
  (p.get('v') || '').split(',').forEach(function (name) {
    const v = M.meta.cell_codes.indexOf(name);
    if (v >= 0 && v !== ZS.V_SELF) st.verdicts.add(v);
  });
  st.code = p.get('code') || '';
  st.tag = p.get('tag') || '';
  st.reason = p.get('reason') || '';
  st.changed = p.get('changed') === '1' && M.meta.baseline;
  const req = parseInt(p.get('req') || '-1', 10);
  st.req = req >= 0 && req < M.meta.requirements.length ? req : -1;
  st.rows = p.get('rows') || '';
  st.cols = p.get('cols') || '';
  return st;
};

// The group a row or column falls in: '' when not grouped.
ZS.rowGroup = function (M, r, by) {
  if (!by) return '';
  const z = M.meta.zones[r];
  if (by === 'source') return 'source host ' + z.host;
  const key = by.replace(/^tag:/, '');
  const h = M.meta.zone_hosts[r];
  const tags = h === null ? {} : M.meta.hosts[h].tags;
  return key + '=' + (key in tags ? tags[key] : '(none)');
};

ZS.colGroup = function (M, c, by) {
  if (!by) return '';
  const tags = M.host(c).tags;
  return by + '=' + (by in tags ? tags[by] : '(none)');
};

// A predicate over the cells of one row at a time (the detail filters need the row's
// local index table, so it is prepared once per row).
ZS.cellTest = function (M, st) {
  const mask = st.code || st.reason ? ZS.detailMask(M, st.code, st.reason) : null;
  const verdicts = st.verdicts.size ? st.verdicts : null;
  const active = !!(mask || verdicts || st.changed);
  return {
    active: active,
    row: function (r) {
      const base = r * M.C, loc = M.rowLocals[r];
      const local = mask ? Array.from(M.rowDetails[r], function (d) { return mask[d]; }) : null;
      return function (c) {
        const b = M.cells[base + c], v = b & 7;
        if (v === ZS.V_SELF) return false;
        if (verdicts && !verdicts.has(v)) return false;
        if (st.changed && !(b >> 3)) return false;
        if (local && !local[loc[c]]) return false;
        return true;
      };
    },
  };
};

// Rows (with group headers), columns and group bands, and the number of matching pairs.
ZS.computeView = function (M, st) {
  const meta = M.meta;
  const zoneText = st.zone.toLowerCase(), hostText = st.host.toLowerCase();
  const req = st.req >= 0 ? meta.requirements[st.req] : null;
  const reqRows = req ? new Set(req.rows) : null, reqCols = req ? new Set(req.columns) : null;
  let tagKey = '', tagValue = '';
  if (st.tag) {
    const at = st.tag.indexOf('=');
    tagKey = st.tag.slice(0, at);
    tagValue = st.tag.slice(at + 1);
  }
  let cols = [];
  for (let c = 0; c < M.C; c++) {
    const h = M.host(c);
    if (hostText && h.name.toLowerCase().indexOf(hostText) < 0) continue;
    if (st.tag && h.tags[tagKey] !== tagValue) continue;
    if (reqCols && !reqCols.has(c)) continue;
    cols.push(c);
  }
  let rows = [];
  for (let r = 0; r < M.R; r++) {
    if (zoneText && meta.zones[r].name.toLowerCase().indexOf(zoneText) < 0) continue;
    if (reqRows && !reqRows.has(r)) continue;
    rows.push(r);
  }
  const test = ZS.cellTest(M, st);
  let matched = 0;
  if (test.active) {
    const colHits = new Uint32Array(M.C);
    rows = rows.filter(function (r) {
      const t = test.row(r);
      let n = 0;
      for (let i = 0; i < cols.length; i++) {
        if (t(cols[i])) { n++; colHits[cols[i]]++; }
      }
      matched += n;
      return n > 0;
    });
    cols = cols.filter(function (c) { return colHits[c] > 0; });
  } else {
    rows.forEach(function (r) {
      const base = r * M.C;
      for (let i = 0; i < cols.length; i++) if ((M.cells[base + cols[i]] & 7) !== ZS.V_SELF) matched++;
    });
  }
  // Groups keep the name order inside each group; the groups themselves sort by label.
  const byLabel = function (label) {
    return function (a, b) {
      const la = label(a), lb = label(b);
      return la < lb ? -1 : la > lb ? 1 : a - b;
    };
  };
  const rowLabel = function (r) { return ZS.rowGroup(M, r, st.rows); };
  const colLabel = function (c) { return ZS.colGroup(M, c, st.cols); };
  if (st.rows) rows.sort(byLabel(rowLabel));
  if (st.cols) cols.sort(byLabel(colLabel));
  const entries = [];
  let group = null;
  rows.forEach(function (r) {
    if (st.rows) {
      const g = rowLabel(r);
      if (!group || group.group !== g) {
        group = { group: g, n: 0 };
        entries.push(group);
      }
      group.n++;
    }
    entries.push({ r: r });
  });
  const bands = [];
  if (st.cols) {
    cols.forEach(function (c, i) {
      const g = colLabel(c);
      if (bands.length && bands[bands.length - 1].label === g) bands[bands.length - 1].end = i + 1;
      else bands.push({ label: g, start: i, end: i + 1 });
    });
  }
  return { entries: entries, cols: cols, bands: bands, matched: matched, test: test, zones: rows.length };
};
