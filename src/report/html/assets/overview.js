'use strict';
// The overview: the whole filtered matrix on a canvas, each pixel block showing the worst
// verdict among the matching pairs it covers, with the grid's window drawn on top. Clicking
// (or Enter, then arrows) moves the grid there.

ZS.COLOURS = ['#2e7d32', '#b26a00', '#1565c0', '#6a1b9a', '#c62828', '#d8d8d8'];
// Worst first: fail, unknown, update, warn, ok; self only when nothing else.
ZS.RANK = [1, 2, 3, 4, 5, 0];

ZS.overview = function (M, grid) {
  const canvas = document.getElementById('overview');
  const ctx = canvas.getContext('2d');
  let view = null, image = null, fx = 0.5, fy = 0.5;

  const draw = function () {
    if (!view) return;
    const W = canvas.width, H = canvas.height;
    const n = view.entries.length, m = view.cols.length;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, H);
    if (image) ctx.putImageData(image, 0, 0);
    if (!n || !m) return;
    const win = grid.window();
    const sx = W / m, sy = H / n;
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 2;
    ctx.strokeRect(win[2] * sx + 1, win[0] * sy + 1,
      Math.max(3, Math.min(m, win[3]) * sx - 2), Math.max(3, Math.min(n, win[1]) * sy - 2));
  };

  // One pass over every shown cell: the worst matching verdict per pixel.
  const paint = function () {
    const W = canvas.width, H = canvas.height;
    const n = view.entries.length, m = view.cols.length;
    const rank = new Uint8Array(W * H);
    const colPx = Uint32Array.from(view.cols, function (_, j) { return Math.min(W - 1, Math.floor(j * W / m)); });
    for (let i = 0; i < n; i++) {
      const e = view.entries[i];
      if (e.group !== undefined) continue;
      const y = Math.min(H - 1, Math.floor(i * H / n)), rowBase = y * W;
      const t = view.test.row(e.r), base = e.r * M.C;
      for (let j = 0; j < m; j++) {
        const c = view.cols[j], v = M.cells[base + c] & 7;
        if (v !== ZS.V_SELF && view.test.active && !t(c)) continue;
        const k = rowBase + colPx[j], rv = ZS.RANK[v] + 1;
        if (rv > rank[k]) rank[k] = rv;
      }
    }
    // Blocks smaller than a pixel leave gaps: stretch each painted row and column.
    const rgb = ZS.COLOURS.map(function (hex) {
      return [1, 3, 5].map(function (p) { return parseInt(hex.slice(p, p + 2), 16); });
    });
    const byRank = [null, rgb[5], rgb[0], rgb[1], rgb[2], rgb[3], rgb[4]];
    image = ctx.createImageData(W, H);
    const px = image.data;
    const rowOf = function (y) { return Math.min(n - 1, Math.floor(y * n / H)); };
    const colOf = function (x) { return Math.min(m - 1, Math.floor(x * m / W)); };
    for (let y = 0; y < H; y++) {
      const sy = n >= H ? y : Math.floor(rowOf(y) * H / n);
      for (let x = 0; x < W; x++) {
        const sx = m >= W ? x : colPx[colOf(x)];
        const col = byRank[rank[sy * W + sx]];
        const o = (y * W + x) * 4;
        if (col) { px[o] = col[0]; px[o + 1] = col[1]; px[o + 2] = col[2]; px[o + 3] = 255; }
      }
    }
  };

  const jump = function (x, y) {
    if (!view || !view.entries.length || !view.cols.length) return;
    fx = Math.max(0, Math.min(1, x));
    fy = Math.max(0, Math.min(1, y));
    grid.centre(Math.floor(fy * (view.entries.length - 1)), Math.floor(fx * (view.cols.length - 1)));
    draw();
  };

  canvas.addEventListener('click', function (ev) {
    const box = canvas.getBoundingClientRect();
    jump((ev.clientX - box.left) / box.width, (ev.clientY - box.top) / box.height);
  });
  canvas.addEventListener('keydown', function (ev) {
    const step = 0.05;
    const keys = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (keys[ev.key]) jump(fx + keys[ev.key][0], fy + keys[ev.key][1]);
    else if (ev.key === 'Enter') grid.focus();
    else return;
    ev.preventDefault();
  });
  grid.onScroll(function () { requestAnimationFrame(draw); });

  return {
    setView: function (v) {
      view = v;
      // Keep the canvas about the shape of the matrix, within its box.
      const n = Math.max(1, v.entries.length), m = Math.max(1, v.cols.length);
      canvas.width = 280;
      canvas.height = Math.max(60, Math.min(220, Math.round(280 * n / m)));
      paint();
      draw();
    },
  };
};
