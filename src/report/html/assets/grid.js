'use strict';
// The matrix grid: only the cells in view exist as elements (a fleet of 10 million pairs
// shows about a thousand at a time). Headers stay in place while the body scrolls, and the
// grid is operable by keyboard: arrows, Page Up/Down, Home/End, Enter.

ZS.CW = 26;  // cell width
ZS.CH = 22;  // cell and row height

ZS.grid = function (M, onOpen) {
  const $ = function (id) { return document.getElementById(id); };
  const root = $('grid'), body = $('g-body'), space = $('g-space');
  const rowhead = $('g-rowhead'), colhead = $('g-colhead'), corner = $('g-corner');
  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('aria-live', 'polite');
  root.after(status);
  const CW = ZS.CW, CH = ZS.CH;
  let view = null, ai = 0, aj = 0, queued = false;

  const el = function (tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const describe = function (i, j) {
    const e = view.entries[i];
    if (!e) return '';
    if (e.group !== undefined) return 'group ' + e.group + ', ' + e.n + ' zones';
    const c = view.cols[j];
    if (c === undefined) return M.zoneLabel(e.r);
    const v = M.cell(e.r, c) & 7;
    return M.zoneLabel(e.r) + ' on ' + M.host(c).name + ': ' +
      (v === ZS.V_SELF ? "the zone's own host" : M.meta.cell_codes[v]);
  };

  const render = function () {
    queued = false;
    if (!view) return;
    const top = body.scrollTop, left = body.scrollLeft;
    const h = body.clientHeight, w = body.clientWidth;
    const n = view.entries.length, m = view.cols.length;
    const i0 = Math.max(0, Math.floor(top / CH)), i1 = Math.min(n, Math.ceil((top + h) / CH) + 1);
    const j0 = Math.max(0, Math.floor(left / CW)), j1 = Math.min(m, Math.ceil((left + w) / CW) + 1);
    const cells = document.createDocumentFragment(), rows = document.createDocumentFragment();
    for (let i = i0; i < i1; i++) {
      const e = view.entries[i];
      if (e.group !== undefined) {
        const head = el('div', 'rh group', e.group + ' (' + e.n + ')');
        head.style.top = i * CH + 'px';
        rows.appendChild(head);
        const band = el('div', 'band');
        band.style.top = i * CH + 'px';
        band.style.left = j0 * CW + 'px';
        band.style.width = (j1 - j0) * CW + 'px';
        cells.appendChild(band);
        continue;
      }
      const z = M.meta.zones[e.r];
      const head = el('div', 'rh');
      head.appendChild(el('span', 'zn', z.name));
      head.appendChild(el('span', 'zh', '@' + z.host));
      head.title = z.name + '@' + z.host + ' (' + z.brand + ', ' + z.state + ')';
      head.style.top = i * CH + 'px';
      if (i === ai) head.classList.add('active');
      rows.appendChild(head);
      const t = view.test.row(e.r);
      for (let j = j0; j < j1; j++) {
        const c = view.cols[j];
        const b = M.cell(e.r, c), v = b & 7;
        const hit = v !== ZS.V_SELF && (!view.test.active || t(c));
        const cell = el('div', 'cell v-' + M.meta.cell_codes[v] + (hit ? ' hit' : view.test.active ? ' dim' : ''));
        if (hit || !view.test.active || v === ZS.V_SELF) cell.textContent = M.meta.glyphs[v];
        if (b >> 3) cell.classList.add(b >> 3 === 1 ? 'worse' : 'better');
        cell.style.top = i * CH + 'px';
        cell.style.left = j * CW + 'px';
        cell.dataset.i = i;
        cell.dataset.j = j;
        cell.dataset.r = e.r;
        cell.dataset.c = c;
        cell.dataset.v = M.meta.cell_codes[v];
        cell.title = describe(i, j);
        if (i === ai && j === aj) {
          cell.classList.add('active');
          cell.id = 'g-active';
        }
        cells.appendChild(cell);
      }
    }
    space.replaceChildren(cells);
    const rowInner = el('div', 'inner');
    rowInner.style.height = n * CH + 'px';
    rowInner.style.transform = 'translateY(' + -top + 'px)';
    rowInner.appendChild(rows);
    rowhead.replaceChildren(rowInner);
    const colInner = el('div', 'inner');
    colInner.style.width = m * CW + 'px';
    colInner.style.transform = 'translateX(' + -left + 'px)';
    view.bands.forEach(function (b) {
      if (b.end <= j0 || b.start >= j1) return;
      const band = el('div', 'cband', b.label);
      band.title = b.label;
      band.style.left = b.start * CW + 'px';
      band.style.width = (b.end - b.start) * CW + 'px';
      colInner.appendChild(band);
    });
    for (let j = j0; j < j1; j++) {
      const h = M.host(view.cols[j]);
      const head = el('div', 'ch' + (h.unreachable ? ' unreach' : '') + (j === aj ? ' active' : ''),
        (h.unreachable ? '\u26a0 ' : '') + h.name);
      head.title = h.name + (h.release ? ' (' + h.release + ')' : '') + (h.unreachable ? ': unreachable' : '');
      head.style.left = j * CW + 'px';
      colInner.appendChild(head);
    }
    colhead.replaceChildren(colInner);
    if (root.contains(document.getElementById('g-active'))) root.setAttribute('aria-activedescendant', 'g-active');
    else root.removeAttribute('aria-activedescendant');
  };

  const schedule = function () {
    if (!queued) { queued = true; requestAnimationFrame(render); }
  };
  body.addEventListener('scroll', schedule);
  window.addEventListener('resize', schedule);

  const ensureVisible = function () {
    const h = body.clientHeight, w = body.clientWidth;
    if (ai * CH < body.scrollTop) body.scrollTop = ai * CH;
    else if ((ai + 1) * CH > body.scrollTop + h) body.scrollTop = (ai + 1) * CH - h;
    if (aj * CW < body.scrollLeft) body.scrollLeft = aj * CW;
    else if ((aj + 1) * CW > body.scrollLeft + w) body.scrollLeft = (aj + 1) * CW - w;
  };

  const open = function () {
    const e = view && view.entries[ai];
    if (e && e.group === undefined && view.cols[aj] !== undefined) onOpen(e.r, view.cols[aj]);
  };

  const moveTo = function (i, j) {
    if (!view) return;
    ai = Math.max(0, Math.min(view.entries.length - 1, i));
    aj = Math.max(0, Math.min(view.cols.length - 1, j));
    ensureVisible();
    render();
    status.textContent = describe(ai, aj);
  };

  root.addEventListener('keydown', function (ev) {
    const page = Math.max(1, Math.floor(body.clientHeight / CH) - 1);
    const moves = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
      PageUp: [-page, 0], PageDown: [page, 0],
    };
    if (moves[ev.key]) {
      moveTo(ai + moves[ev.key][0], aj + moves[ev.key][1]);
    } else if (ev.key === 'Home') {
      moveTo(ev.ctrlKey ? 0 : ai, 0);
    } else if (ev.key === 'End') {
      moveTo(ev.ctrlKey ? Infinity : ai, Infinity);
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      open();
    } else {
      return;
    }
    ev.preventDefault();
  });
  space.addEventListener('click', function (ev) {
    const cell = ev.target.closest('.cell');
    if (!cell) return;
    moveTo(+cell.dataset.i, +cell.dataset.j);
    open();
  });

  return {
    setView: function (v) {
      view = v;
      space.style.width = v.cols.length * ZS.CW + 'px';
      space.style.height = v.entries.length * ZS.CH + 'px';
      root.classList.toggle('banded', v.bands.length > 0);
      // No wider than its columns (plus the row headers and a scroll bar).
      root.style.maxWidth = 232 + v.cols.length * ZS.CW + 18 + 'px';
      // No taller than its rows either, down to the stylesheet's minimum.
      const head = v.bands.length ? 148 : 128;
      root.style.height = Math.min(window.innerHeight * 0.72, head + v.entries.length * ZS.CH + 20) + 'px';
      corner.textContent = v.zones + ' zones \u00d7 ' + v.cols.length + ' hosts';
      ai = Math.min(ai, Math.max(0, v.entries.length - 1));
      aj = Math.min(aj, Math.max(0, v.cols.length - 1));
      render();
    },
    // Scrolls so that the view cell (i, j) is near the middle.
    centre: function (i, j) {
      body.scrollTop = Math.max(0, i * CH - body.clientHeight / 2);
      body.scrollLeft = Math.max(0, j * CW - body.clientWidth / 2);
      ai = i;
      aj = j;
      render();
    },
    // The part of the view in sight, as [first row, rows, first column, columns].
    window: function () {
      return [body.scrollTop / CH, body.clientHeight / CH, body.scrollLeft / CW, body.clientWidth / CW];
    },
    onScroll: function (f) { body.addEventListener('scroll', f); },
    focus: function () { root.focus(); },
  };
};
