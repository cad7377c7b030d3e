/*
 * Shared by the dashboard and the notice pages: API calls, DOM building (text only, never HTML from data) and the
 * small SVG charts. No library, no CDN: the pages must work offline.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';

  /** Colours of the four parts of a measure count, and of the traffic lights. */
  var COLOURS = {
    completed: '#2e7d32',
    longTerm: '#8bc34a',
    open: '#b0bec5',
    overdue: '#d32f2f',
    red: '#d32f2f',
    yellow: '#f9a825',
    green: '#43a047'
  };

  function ApiError(status, message) {
    this.status = status;
    this.message = message;
  }

  /** The CSRF token the Camunda webapps put in a cookie; a session (not Basic) needs it for POST. */
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  /** Fetches JSON from the project's API; rejects with an ApiError carrying the server's message. */
  function api(path, options) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (options.method && options.method !== 'GET') {
      var token = csrfToken();
      if (token) {
        headers['X-XSRF-TOKEN'] = token;
      }
    }
    // location.origin, not a relative URL: a page opened as http://user:pass@host/ must not put credentials in fetch.
    return fetch(location.origin + path, {
      method: options.method || 'GET',
      headers: headers,
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch (e) {
          body = null;
        }
        if (!response.ok) {
          var message = body && body.message ? body.message : response.status + ' ' + response.statusText;
          throw new ApiError(response.status, message);
        }
        return body;
      });
    });
  }

  /** el('td', {className: 'num'}, 'text', otherNode): children are strings (as text) or nodes. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    applyAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) {
      append(node, arguments[i]);
    }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') {
        node.textContent = attrs[k];
      } else {
        node.setAttribute(k, attrs[k]);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      append(node, arguments[i]);
    }
    return node;
  }

  function applyAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) {
        return;
      }
      if (k === 'className') {
        node.className = v;
      } else if (k === 'text') {
        node.textContent = v;
      } else if (k === 'onclick') {
        node.addEventListener('click', v);
      } else if (k === 'style') {
        // through the CSSOM: the pages' Content-Security-Policy refuses inline style attributes
        node.style.cssText = v;
      } else {
        node.setAttribute(k, v === true ? '' : v);
      }
    });
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (typeof child === 'string' || typeof child === 'number') {
      node.appendChild(document.createTextNode(String(child)));
    } else {
      node.appendChild(child);
    }
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return node;
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  /** 2021-12-06 → 2021年12月6日 */
  function chineseDate(iso) {
    if (!iso) {
      return '';
    }
    var p = String(iso).substring(0, 10).split('-');
    return p[0] + '年' + Number(p[1]) + '月' + Number(p[2]) + '日';
  }

  function showMessage(box, error) {
    clear(box);
    box.hidden = false;
    if (error && error.status) {
      document.querySelector('main').classList.add('failed');
    }
    if (error && error.status === 401) {
      append(box, ['请先登录：', el('a', { href: '/camunda/app/tasklist/' }, '在任务列表登录'), '，然后刷新本页。']);
    } else {
      append(box, error && error.message ? error.message : String(error));
    }
  }

  /** Rounds as a <select>; calls onChange(roundId) now and whenever the choice changes. */
  function roundSelector(select, preferred, onChange) {
    return api('/api/rounds').then(function (rounds) {
      clear(select);
      rounds.forEach(function (r) {
        select.appendChild(el('option', { value: r.id }, r.id + ' ' + r.title));
      });
      if (!rounds.length) {
        throw new ApiError(404, '还没有整改轮次');
      }
      var chosen = rounds.some(function (r) { return r.id === preferred; }) ? preferred : rounds[0].id;
      select.value = chosen;
      select.addEventListener('change', function () { onChange(select.value); });
      return onChange(chosen);
    });
  }

  // ------------------------------------------------------------------ charts

  function legend(items) {
    return el('div', { className: 'legend' }, items.map(function (item) {
      return el('span', { className: 'legend-item' },
        el('span', { className: 'swatch', style: 'background:' + item.colour }), item.label);
    }));
  }

  /**
   * Horizontal stacked bars, one per row of {label, tally}: completed, long-term, open in time and overdue, with the
   * completion rate at the end.
   */
  function completionBars(container, rows) {
    clear(container);
    if (!rows.length) {
      container.appendChild(el('p', { className: 'empty' }, '暂无数据'));
      return;
    }
    // Short labels (departments) sit left of their bar; long ones (categories) get their own line above it.
    var above = rows.some(function (row) { return row.label.length > 8; });
    var labelWidth = above ? 0 : 110, barWidth = above ? 510 : 400, rateWidth = 70;
    var rowHeight = above ? 48 : 30, barTop = above ? 24 : 4, top = 4;
    var width = labelWidth + barWidth + rateWidth;
    var height = top + rows.length * rowHeight;
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img',
      'aria-label': '完成情况条形图', 'class': 'chart' });
    rows.forEach(function (row, i) {
      var t = row.tally;
      var y = top + i * rowHeight;
      var barY = y + barTop;
      chart.appendChild(above
        ? svg('text', { x: 0, y: y + 15, 'class': 'bar-label', text: row.label })
        : svg('text', { x: labelWidth - 8, y: barY + 13, 'text-anchor': 'end', 'class': 'bar-label', text: row.label }));
      var parts = [
        ['completed', t.completed, '已完成'], ['longTerm', t.longTerm, '基本完成并长期坚持'],
        ['open', t.open - t.overdue, '未完成（未逾期）'], ['overdue', t.overdue, '逾期']
      ];
      var x = labelWidth;
      chart.appendChild(svg('rect', { x: labelWidth, y: barY, width: barWidth, height: 18, fill: '#eceff1' }));
      parts.forEach(function (part) {
        if (!part[1] || !t.measures) {
          return;
        }
        var w = barWidth * part[1] / t.measures;
        chart.appendChild(svg('rect', { x: x, y: barY, width: w, height: 18, fill: COLOURS[part[0]] },
          svg('title', { text: row.label + ' ' + part[2] + ' ' + part[1] + ' 项' })));
        if (w >= 16) {
          chart.appendChild(svg('text', { x: x + w / 2, y: barY + 13, 'text-anchor': 'middle', 'class': 'bar-value',
            text: String(part[1]) }));
        }
        x += w;
      });
      chart.appendChild(svg('text', { x: labelWidth + barWidth + 8, y: barY + 13, 'class': 'bar-rate',
        text: t.completionRate }));
    });
    container.appendChild(chart);
    container.appendChild(legend([
      { colour: COLOURS.completed, label: '已完成' }, { colour: COLOURS.longTerm, label: '基本完成并长期坚持' },
      { colour: COLOURS.open, label: '未完成' }, { colour: COLOURS.overdue, label: '其中逾期' }
    ]));
  }

  /** Stacked columns per review day: red at the bottom, then yellow, then green; the red count also as a line. */
  function trendChart(container, points) {
    clear(container);
    if (!points.length) {
      container.appendChild(el('p', { className: 'empty' }, '尚未开展每半月梳理'));
      return;
    }
    var width = 560, height = 230, left = 36, right = 12, top = 14, bottom = 40;
    var plotW = width - left - right, plotH = height - top - bottom;
    var max = Math.max.apply(null, points.map(function (p) { return p.red + p.yellow + p.green; }).concat([1]));
    var step = niceStep(max);
    var yMax = Math.ceil(max / step) * step;
    var slot = plotW / points.length;
    var barW = Math.min(46, slot * 0.6);
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img',
      'aria-label': '梳理趋势图', 'class': 'chart' });
    for (var v = 0; v <= yMax; v += step) {
      var gy = top + plotH - plotH * v / yMax;
      chart.appendChild(svg('line', { x1: left, x2: width - right, y1: gy, y2: gy, stroke: '#e0e0e0' }));
      chart.appendChild(svg('text', { x: left - 6, y: gy + 4, 'text-anchor': 'end', 'class': 'axis', text: String(v) }));
    }
    var redLine = [];
    points.forEach(function (p, i) {
      var cx = left + slot * i + slot / 2;
      var y = top + plotH;
      [['red', '红灯'], ['yellow', '黄灯'], ['green', '绿灯']].forEach(function (c) {
        var n = p[c[0]];
        if (!n) {
          return;
        }
        var h = plotH * n / yMax;
        y -= h;
        chart.appendChild(svg('rect', { x: cx - barW / 2, y: y, width: barW, height: h, fill: COLOURS[c[0]] },
          svg('title', { text: p.reviewedOn + ' ' + c[1] + ' ' + n + ' 项' })));
        if (h >= 14) {
          chart.appendChild(svg('text', { x: cx, y: y + h / 2 + 4, 'text-anchor': 'middle', 'class': 'bar-value',
            text: String(n) }));
        }
      });
      redLine.push(cx + ',' + (top + plotH - plotH * p.red / yMax));
      chart.appendChild(svg('text', { x: cx, y: height - bottom + 16, 'text-anchor': 'middle', 'class': 'axis',
        text: p.reviewedOn.substring(5) }));
    });
    if (points.length > 1) {
      chart.appendChild(svg('polyline', { points: redLine.join(' '), fill: 'none', stroke: '#7f0000',
        'stroke-width': 2, 'stroke-dasharray': '4 3' }));
    }
    chart.appendChild(svg('text', { x: left, y: height - 6, 'class': 'axis', text: '梳理日期（月-日）' }));
    container.appendChild(chart);
    container.appendChild(legend([
      { colour: COLOURS.red, label: '红灯' }, { colour: COLOURS.yellow, label: '黄灯' },
      { colour: COLOURS.green, label: '绿灯' }
    ]));
  }

  function niceStep(max) {
    var raw = max / 5;
    var magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * magnitude >= raw) {
        return steps[i] * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** Three lamps with their counts. */
  function lamps(container, lights) {
    clear(container);
    var chart = svg('svg', { viewBox: '0 0 360 110', width: '100%', role: 'img', 'aria-label': '红黄绿灯',
      'class': 'chart lamps' });
    [['red', '红灯'], ['yellow', '黄灯'], ['green', '绿灯']].forEach(function (c, i) {
      var cx = 60 + i * 120;
      chart.appendChild(svg('circle', { cx: cx, cy: 42, r: 34, fill: COLOURS[c[0]], opacity: lights[c[0]] ? 1 : 0.25 }));
      chart.appendChild(svg('text', { x: cx, y: 51, 'text-anchor': 'middle', 'class': 'lamp-count',
        text: String(lights[c[0]]) }));
      chart.appendChild(svg('text', { x: cx, y: 100, 'text-anchor': 'middle', 'class': 'lamp-label', text: c[1] }));
    });
    container.appendChild(chart);
  }

  /** A table with a header and rows of cells (strings or nodes); an empty text when there are no rows. */
  function table(container, header, rows, emptyText) {
    clear(container);
    if (!rows.length) {
      container.appendChild(el('p', { className: 'empty' }, emptyText));
      return;
    }
    container.appendChild(el('table', { className: 'data' },
      el('thead', null, el('tr', null, header.map(function (h) { return el('th', null, h); }))),
      el('tbody', null, rows.map(function (cells) {
        return el('tr', null, cells.map(function (c) {
          return c && c.cell ? el('td', { className: c.className }, c.cell) : el('td', null, c);
        }));
      }))));
  }

  window.Report = {
    api: api, el: el, clear: clear, param: param, chineseDate: chineseDate, showMessage: showMessage,
    roundSelector: roundSelector, completionBars: completionBars, trendChart: trendChart, lamps: lamps,
    table: table, COLOURS: COLOURS
  };
})();
