'use strict';
// The pair detail and the per-zone and per-host tables. Every string from the data goes in
// with textContent, never as markup.

ZS.el = function (tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
};

ZS.verdictBadge = function (M, v) {
  const b = ZS.el('span', 'badge v-' + M.meta.cell_codes[v]);
  b.appendChild(ZS.el('span', 'glyph', M.meta.glyphs[v])).setAttribute('aria-hidden', 'true');
  b.appendChild(document.createTextNode(' ' + M.meta.cell_codes[v]));
  return b;
};

// Sections of the native software comparison, as zoneadm attach -n prints them.
ZS.SW_SECTIONS = ['ZM101', 'ZM102', 'ZM103', 'ZM104'];

ZS.showDetail = function (M, r, c) {
  const el = ZS.el, meta = M.meta;
  const box = document.getElementById('detail');
  const z = meta.zones[r], host = M.host(c), b = M.cell(r, c), v = b & 7;
  const out = document.createDocumentFragment();
  const h = el('h3', 'pair');
  h.appendChild(el('span', 'name', z.name + '@' + z.host));
  h.appendChild(document.createTextNode(' \u2192 '));
  h.appendChild(el('span', 'name', host.name));
  out.appendChild(h);
  const line = el('p', 'verdict');
  line.appendChild(ZS.verdictBadge(M, v));
  line.appendChild(document.createTextNode(' ' + z.brand + ' zone, ' + z.state));
  out.appendChild(line);
  if (v === ZS.V_SELF) {
    out.appendChild(el('p', 'note', "This is the zone's own host: not checked."));
    box.replaceChildren(out);
    return;
  }
  const change = meta.changes.find(function (x) { return x[0] === r && x[1] === c; });
  if (change) {
    out.appendChild(el('p', 'change ' + change[4], (change[4] === 'worse' ? '\u25bc worse' : '\u25b2 better') +
      ' since the baseline: ' + (change[2] || 'not in the baseline') + ' \u2192 ' + change[3]));
  }
  if (host.unreachable) out.appendChild(el('p', 'warnbox', 'Host unreachable: ' + (host.problems[0] || '')));
  const findings = ZS.findings(M, r, c);
  out.appendChild(el('h4', null, findings.length ? 'Findings (' + findings.length + ')' : 'No findings'));
  const list = el('ol', 'findings');
  findings.forEach(function (f) {
    const li = el('li', 'sev-' + f.severity);
    const head = el('p', 'fhead');
    head.appendChild(el('code', 'code', f.code));
    head.appendChild(el('span', 'sev', f.severity));
    const info = M.codeInfo.get(f.code);
    if (info && info.name) head.appendChild(el('span', 'rname', info.name));
    li.appendChild(head);
    li.appendChild(el('p', 'msg', f.message));
    if (f.evidence) li.appendChild(el('pre', 'evidence', f.evidence));
    if (info && info.explanation) {
      const ex = el('details', 'explain');
      ex.appendChild(el('summary', null, 'What it checks and how to fix it'));
      ex.appendChild(el('p', null, info.summary));
      ex.appendChild(el('pre', 'expl', info.explanation));
      li.appendChild(ex);
    }
    list.appendChild(li);
  });
  out.appendChild(list);
  const sw = findings.filter(function (f) { return ZS.SW_SECTIONS.indexOf(f.code) >= 0 && f.evidence; });
  if (z.brand === 'native' && sw.length) {
    out.appendChild(el('h4', null, 'Software differences, as zoneadm attach -n prints them'));
    out.appendChild(el('pre', 'evidence sw', sw.map(function (f) { return f.evidence.replace(/\n?$/, '\n'); }).join('')));
  }
  const cov = ZS.coverage(M, r, c);
  const count = function (s) { return cov.filter(function (x) { return x.status === s; }).length; };
  out.appendChild(el('h4', null, 'Coverage'));
  out.appendChild(el('p', 'note', count('ran') + ' checks ran, ' + count('not applicable') + ' not applicable, ' +
    count('could not run') + ' could not run, ' + count('skipped') + ' skipped'));
  const gaps = el('ul', 'gaps');
  cov.forEach(function (x) {
    if (x.reason) gaps.appendChild(el('li', null, x.code + ' ' + x.status + ': ' + x.reason));
  });
  if (gaps.childNodes.length) out.appendChild(gaps);
  const all = el('details', 'coverage');
  all.appendChild(el('summary', null, 'Every check'));
  const t = el('table', 'plain');
  cov.forEach(function (x) {
    const tr = el('tr');
    tr.appendChild(el('td', 'code', x.code));
    tr.appendChild(el('td', null, x.status));
    tr.appendChild(el('td', null, x.reason || ''));
    t.appendChild(tr);
  });
  all.appendChild(t);
  out.appendChild(all);
  box.replaceChildren(out);
};

// A sortable, paged table of `rows` (indexes), with `columns` = [{label, key(i), cell(i)}]
// and an expansion per row.
ZS.table = function (container, columns, expand, pageSize) {
  let rows = [], sortBy = 0, dir = 1, page = 0;
  const open = new Set();
  const draw = function () {
    const el = ZS.el;
    const col = columns[sortBy];
    const sorted = rows.slice().sort(function (a, b) {
      const ka = col.key(a), kb = col.key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a - b) * dir;
    });
    const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
    page = Math.min(page, pages - 1);
    const t = el('table', 'plain sortable');
    const tr = el('tr');
    columns.forEach(function (c, i) {
      const th = el('th');
      th.scope = 'col';
      const b = el('button', 'sort', c.label + (i === sortBy ? (dir > 0 ? ' \u25b2' : ' \u25bc') : ''));
      b.type = 'button';
      th.setAttribute('aria-sort', i === sortBy ? (dir > 0 ? 'ascending' : 'descending') : 'none');
      b.addEventListener('click', function () {
        if (sortBy === i) dir = -dir; else { sortBy = i; dir = c.descending ? -1 : 1; }
        draw();
      });
      th.appendChild(b);
      tr.appendChild(th);
    });
    t.appendChild(el('thead')).appendChild(tr);
    const body = el('tbody');
    sorted.slice(page * pageSize, (page + 1) * pageSize).forEach(function (i) {
      const row = el('tr');
      columns.forEach(function (c, k) {
        const td = el('td');
        if (k === 0) {
          const b = el('button', 'expand', (open.has(i) ? '\u25be ' : '\u25b8 ') + c.key(i));
          b.type = 'button';
          b.setAttribute('aria-expanded', open.has(i) ? 'true' : 'false');
          b.addEventListener('click', function () {
            if (open.has(i)) open.delete(i); else open.add(i);
            draw();
          });
          td.appendChild(b);
        } else {
          const content = c.cell(i);
          if (typeof content === 'string' || typeof content === 'number') td.textContent = content;
          else td.appendChild(content);
        }
        row.appendChild(td);
      });
      body.appendChild(row);
      if (open.has(i)) {
        const more = el('tr', 'more');
        const td = el('td');
        td.colSpan = columns.length;
        td.appendChild(expand(i));
        more.appendChild(td);
        body.appendChild(more);
      }
    });
    t.appendChild(body);
    const nav = el('p', 'pager');
    const prev = el('button', null, '\u2190 previous'), next = el('button', null, 'next \u2192');
    prev.type = next.type = 'button';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    prev.addEventListener('click', function () { page--; draw(); });
    next.addEventListener('click', function () { page++; draw(); });
    nav.appendChild(prev);
    const first = sorted.length ? page * pageSize + 1 : 0;
    nav.appendChild(el('span', null, ' ' + first + '\u2013' + Math.min(sorted.length, (page + 1) * pageSize) +
      ' of ' + sorted.length + ' '));
    nav.appendChild(next);
    container.replaceChildren(t, nav);
  };
  return { setRows: function (r) { rows = r; page = 0; draw(); } };
};

// A list of names with their verdict glyphs, for the tables' expansions.
ZS.nameList = function (M, items, empty) {
  const el = ZS.el;
  if (!items.length) return el('p', 'note', empty);
  const ul = el('ul', 'names');
  items.forEach(function (x) {
    const li = el('li');
    li.appendChild(ZS.verdictBadge(M, x[1]));
    li.appendChild(document.createTextNode(' ' + x[0]));
    ul.appendChild(li);
  });
  return ul;
};

ZS.tables = function (M) {
  const meta = M.meta;
  const zones = ZS.table(document.getElementById('zones-table'), [
    { label: 'zone', key: function (r) { return meta.zones[r].name; } },
    { label: 'source host', key: function (r) { return meta.zones[r].host; }, cell: function (r) { return meta.zones[r].host; } },
    { label: 'brand', key: function (r) { return meta.zones[r].brand; }, cell: function (r) { return meta.zones[r].brand; } },
    { label: 'can go to', descending: true, key: function (r) { return meta.zone_lines[r].movable; },
      cell: function (r) { return meta.zone_lines[r].movable + ' of ' + meta.zone_lines[r].evaluated + ' hosts'; } },
    { label: 'best hosts', key: function (r) { return meta.zone_lines[r].best.length ? meta.zone_lines[r].best[0][0] : '~'; },
      cell: function (r) { return meta.zone_lines[r].best.map(function (b) { return b[0] + ' (' + b[1] + ')'; }).join(', '); } },
  ], function (r) {
    const items = [];
    for (let c = 0; c < M.C; c++) {
      const v = M.cell(r, c) & 7;
      if (v <= 2) items.push([M.host(c).name, v]);
    }
    return ZS.nameList(M, items, 'No host can take this zone.');
  }, 50);
  const hosts = ZS.table(document.getElementById('hosts-table'), [
    { label: 'host', key: function (c) { return M.host(c).name; } },
    { label: 'tags', key: function (c) { return ZS.tagText(M.host(c)); }, cell: function (c) { return ZS.tagText(M.host(c)); } },
    { label: 'release', key: function (c) { return M.host(c).release || ''; }, cell: function (c) { return M.host(c).release || ''; } },
    { label: 'can take', descending: true, key: function (c) { return meta.host_lines[c].movable; },
      cell: function (c) { return meta.host_lines[c].movable + ' of ' + meta.host_lines[c].evaluated + ' zones'; } },
    { label: 'fail', descending: true, key: function (c) { return meta.host_lines[c].verdicts[4]; }, cell: function (c) { return meta.host_lines[c].verdicts[4]; } },
    { label: 'unknown', descending: true, key: function (c) { return meta.host_lines[c].verdicts[3]; }, cell: function (c) { return meta.host_lines[c].verdicts[3]; } },
    { label: 'collection', key: function (c) { return M.host(c).unreachable ? 0 : M.host(c).problems.length ? 1 : 2; },
      cell: function (c) {
        const h = M.host(c);
        return h.unreachable ? '\u26a0 unreachable: ' + (h.problems[0] || '') :
          h.problems.length ? h.problems.length + ' problem(s): ' + h.problems.join('; ') : 'complete';
      } },
  ], function (c) {
    const items = [];
    for (let r = 0; r < M.R; r++) {
      const v = M.cell(r, c) & 7;
      if (v <= 2) items.push([M.zoneLabel(r), v]);
    }
    return ZS.nameList(M, items, 'This host can take no zone.');
  }, 50);
  return {
    update: function (st) {
      const zt = st.zone.toLowerCase(), ht = st.host.toLowerCase();
      const zr = [], hc = [];
      for (let r = 0; r < M.R; r++) if (!zt || meta.zones[r].name.toLowerCase().indexOf(zt) >= 0) zr.push(r);
      for (let c = 0; c < M.C; c++) if (!ht || M.host(c).name.toLowerCase().indexOf(ht) >= 0) hc.push(c);
      zones.setRows(zr);
      hosts.setRows(hc);
    },
  };
};

ZS.tagText = function (h) {
  return Object.keys(h.tags).sort().map(function (k) { return k + '=' + h.tags[k]; }).join(' ');
};
