/* 整改进展情况通报: the round's published notices, one shown as frozen (GET /api/notices/{id}) in a sandboxed frame. */
(function () {
  'use strict';

  var R = window.Report;
  var el = R.el;
  var message = document.getElementById('message');
  var frame = document.getElementById('frame');

  function load(roundId) {
    message.hidden = true;
    document.querySelector('main').classList.remove('failed');
    document.getElementById('dashboard-link').setAttribute('href',
      'dashboard.html?round=' + encodeURIComponent(roundId));
    return R.api('/api/rounds/' + encodeURIComponent(roundId) + '/notices').then(function (notices) {
      var wanted = R.param('id');
      var shown = notices.filter(function (n) { return String(n.id) === wanted; })[0] || notices[0];
      index(notices, shown);
      if (shown) {
        show(shown);
      } else {
        hide();
        R.showMessage(message, '本轮次尚未发布进展通报。整改办或第一责任人可在整改看板中生成。');
      }
    });
  }

  function index(notices, shown) {
    var list = R.clear(document.getElementById('notice-index'));
    notices.forEach(function (n) {
      var link = el('a', { href: '#', className: n === shown ? 'current' : null },
        el('strong', null, '第' + n.seq + '期'), el('span', null, R.chineseDate(n.issuedOn)),
        el('span', { className: 'rate' }, '完成率 ' + n.completionRate));
      link.addEventListener('click', function (event) {
        event.preventDefault();
        Array.prototype.forEach.call(list.querySelectorAll('a'), function (a) { a.className = ''; });
        link.className = 'current';
        show(n);
      });
      list.appendChild(el('li', null, link));
    });
  }

  function show(n) {
    var query = '?round=' + encodeURIComponent(n.roundId) + '&id=' + encodeURIComponent(n.id);
    history.replaceState(null, '', location.pathname + query);
    document.getElementById('notice-title').textContent = '第' + n.seq + '期　' + R.chineseDate(n.issuedOn)
      + '　发布人：' + (n.issuedByName || n.issuedBy);
    ['docx', 'open', 'print'].forEach(function (id) { document.getElementById(id).hidden = false; });
    document.getElementById('docx').setAttribute('href', n.docx);
    document.getElementById('open').setAttribute('href', n.html);
    frame.hidden = false;
    frame.setAttribute('src', n.html);
  }

  function hide() {
    ['docx', 'open', 'print'].forEach(function (id) { document.getElementById(id).hidden = true; });
    frame.hidden = true;
    document.getElementById('notice-title').textContent = '';
  }

  frame.addEventListener('load', function () {
    // Fit the frame to the notice so the page, not the frame, scrolls.
    try {
      frame.style.height = frame.contentDocument.documentElement.scrollHeight + 'px';
    } catch (e) {
      frame.style.height = '80vh';
    }
  });

  document.getElementById('print').addEventListener('click', function () {
    frame.contentWindow.print();
  });

  R.roundSelector(document.getElementById('round'), R.param('round'), load).catch(function (e) {
    R.showMessage(message, e);
  });
})();
