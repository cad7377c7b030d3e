// 全程留痕 · 一事一档: reads /api/audit/{key} and shows it. Every value from the server is set with textContent,
// so HTML typed into a form shows as text; nothing is loaded from outside this application.
(function () {
  'use strict';

  // Relative to this page, wherever the application is mounted; never with credentials from the address bar.
  var api = (function () {
    var url = new URL('../api/audit/', location.href);
    url.username = '';
    url.password = '';
    return url.href;
  })();
  var timeFormat = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
  });
  var entries = [];

  function byId(id) { return document.getElementById(id); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function time(iso) {
    return iso ? timeFormat.format(new Date(iso)) : '';
  }

  function say(node, text, className) {
    node.textContent = text;
    node.className = className || '';
    node.hidden = !text;
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            var error = new Error(body.message || ('请求失败 (HTTP ' + response.status + ')'));
            error.status = response.status;
            throw error;
          }
          return body;
        });
      });
  }

  function details(list) {
    var dl = el('dl');
    (list || []).forEach(function (fact) {
      dl.appendChild(el('dt', fact.label));
      dl.appendChild(el('dd', fact.value));
    });
    return dl;
  }

  function actor(a) {
    return a ? a.name + '（' + a.id + '）' : '';
  }

  function showMatter(matter) {
    byId('matter-title').textContent = matter.typeLabel + ' ' + matter.key + '：' + matter.title;
    var facts = byId('facts');
    clear(facts);
    (matter.facts || []).forEach(function (fact) {
      var row = el('tr');
      row.appendChild(el('th', fact.label));
      row.appendChild(el('td', fact.value));
      facts.appendChild(row);
    });
    byId('matter').hidden = false;
  }

  function showKinds() {
    var select = byId('kind');
    var chosen = select.value;
    while (select.options.length > 1) { select.remove(1); }
    var seen = {};
    entries.forEach(function (e) {
      if (!seen[e.kind]) {
        seen[e.kind] = true;
        var option = el('option', e.kindLabel);
        option.value = e.kind;
        select.appendChild(option);
      }
    });
    select.value = seen[chosen] ? chosen : '';
  }

  function matches(e, kind, words) {
    if (kind && e.kind !== kind) { return false; }
    if (!words) { return true; }
    var text = [e.title, e.kindLabel, e.businessKey, actor(e.actor)].concat((e.details || []).map(function (d) {
      return d.label + ' ' + d.value;
    })).join(' ').toLowerCase();
    return text.indexOf(words) >= 0;
  }

  function showEntries() {
    var kind = byId('kind').value;
    var words = byId('search').value.trim().toLowerCase();
    var body = byId('entries');
    clear(body);
    var shown = 0;
    entries.forEach(function (e) {
      if (!matches(e, kind, words)) { return; }
      shown++;
      var row = el('tr');
      row.appendChild(el('td', time(e.time), 'time'));
      row.appendChild(el('td', e.businessKey));
      var what = el('td');
      what.appendChild(el('span', e.kindLabel, 'kind ' + e.kind));
      what.appendChild(el('span', e.title));
      row.appendChild(what);
      row.appendChild(el('td', actor(e.actor)));
      var content = el('td');
      content.appendChild(details(e.details));
      row.appendChild(content);
      row.appendChild(el('td', e.sealed === false ? '未封存' : e.seq, 'seq'));
      body.appendChild(row);
    });
    byId('count').textContent = '（显示 ' + shown + ' / ' + entries.length + ' 条）';
    byId('timeline').hidden = false;
  }

  function showEvidence(files) {
    var body = byId('files');
    clear(body);
    (files || []).forEach(function (f) {
      var row = el('tr');
      row.appendChild(el('td', f.measureKey));
      var name = el('td');
      var link = el('a', f.fileName);
      link.href = new URL('../evidence/' + encodeURIComponent(f.id), api).href;
      name.appendChild(link);
      row.appendChild(name);
      row.appendChild(el('td', f.size));
      row.appendChild(el('td', f.sha256, 'hash'));
      row.appendChild(el('td', actor(f.uploadedBy)));
      row.appendChild(el('td', time(f.uploadedAt), 'time'));
      row.appendChild(el('td', f.seq, 'seq'));
      body.appendChild(row);
    });
    byId('evidence').hidden = !files || files.length === 0;
  }

  function showChain(chain) {
    var footer = byId('chain');
    footer.textContent = chain && chain.head
      ? '审计链共 ' + chain.records + ' 条记录；链头记录号 ' + chain.head.seq + '，哈希 ' + chain.head.hash
        + (chain.pending ? '；另有 ' + chain.pending + ' 条记录待封存（标“未封存”，数秒内封存）' : '')
      : '';
    footer.hidden = !footer.textContent;
  }

  function load(key) {
    say(byId('message'), '正在读取 ' + key + ' 的记录…');
    ['matter', 'timeline', 'evidence'].forEach(function (id) { byId(id).hidden = true; });
    getJson(api + encodeURIComponent(key)).then(function (trail) {
      say(byId('message'), '');
      entries = trail.entries || [];
      showMatter(trail.matter);
      showKinds();
      showEntries();
      showEvidence(trail.evidence);
      showChain(trail.chain);
      var dossier = byId('dossier');
      dossier.href = api + encodeURIComponent(key) + '/dossier';
      dossier.hidden = false;
    }).catch(function (error) {
      byId('dossier').hidden = true;
      say(byId('message'), error.message, 'error');
    });
  }

  function verify() {
    say(byId('verification'), '正在校验审计链…');
    getJson(api + 'verify').then(function (result) {
      if (result.ok) {
        say(byId('verification'), '审计链完整：全部 ' + result.records + ' 条记录校验通过，台账与审计链相符。', 'ok');
      } else if (result.firstBroken) {
        var b = result.firstBroken;
        say(byId('verification'), '审计链已被破坏：记录号 ' + b.seq + '（' + (b.businessKey || '无编号') + '，'
          + b.kind + '）' + b.reason, 'error');
      } else if (result.forgedRecords && result.forgedRecords.length) {
        var f = result.forgedRecords[0];
        say(byId('verification'), '发现 ' + result.forgedRecords.length + ' 条未经系统写入的审计记录，如 id ' + f.id + '（'
          + (f.businessKey || '无编号') + '，' + f.kind + '）。', 'error');
      } else if (result.expectedHead && !result.expectedHead.found) {
        say(byId('verification'), '公布的链头 ' + result.expectedHead.seq + ' 不在链中：' + result.expectedHead.reason, 'error');
      } else {
        var m = (result.ledgerMismatches || [])[0] || {};
        say(byId('verification'), '台账与审计链不符，共 ' + result.ledgerMismatchCount + ' 处；如 ' + m.table + ' '
          + m.key + ' ' + (m.field || '整行') + '：台账为 ' + m.ledger + '，审计链记载为 ' + m.chain + '。', 'error');
      }
    }).catch(function (error) {
      say(byId('verification'), error.message, 'error');
    });
  }

  byId('lookup').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = byId('key').value.trim();
    if (!key) { return; }
    history.replaceState(null, '', '?key=' + encodeURIComponent(key));
    load(key);
  });
  byId('verify').addEventListener('click', verify);
  byId('kind').addEventListener('change', showEntries);
  byId('search').addEventListener('input', showEntries);

  var initial = new URLSearchParams(location.search).get('key');
  if (initial) {
    byId('key').value = initial;
    load(initial);
  }
})();
