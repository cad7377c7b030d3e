/* 整改看板: renders GET /api/dashboard/{roundId} with text nodes and SVG only. */
(function () {
  'use strict';

  var R = window.Report;
  var el = R.el;
  var message = document.getElementById('message');
  var current = null;

  function load(roundId) {
    current = roundId;
    message.hidden = true;
    document.querySelector('main').classList.remove('failed');
    var query = '?round=' + encodeURIComponent(roundId);
    history.replaceState(null, '', location.pathname + query);
    document.getElementById('ledger-xlsx').setAttribute('href',
      '/api/rounds/' + encodeURIComponent(roundId) + '/ledger.xlsx');
    document.getElementById('notices-link').setAttribute('href', 'notice.html' + query);
    return Promise.all([R.api('/api/dashboard/' + encodeURIComponent(roundId)).then(render),
      R.api('/api/rounds/' + encodeURIComponent(roundId) + '/reports').then(reports)]);
  }

  /** The round's signed rectification reports (整改情况报告), frozen when the secretary signed them. */
  function reports(list) {
    R.table(document.getElementById('report-list'), ['报告', '统计日期', '报送时限', '完成率', '签发人', '签发时间', '查看'],
      list.map(function (r) {
        return [r.kindLabel, R.chineseDate(r.asOf), r.dueDate ? R.chineseDate(r.dueDate) : '', r.completionRate,
          r.signedByName || r.signedBy, R.chineseDate(r.signedAt.substring(0, 10)),
          { cell: [el('a', { href: r.html }, '阅读'), ' · ', el('a', { href: r.docx }, 'Word')] }];
      }), '尚无签发的整改情况报告。');
  }

  function render(d) {
    var round = d.round;
    document.title = '整改看板 · ' + round.title;
    document.getElementById('round-title').textContent = round.title;
    var meta = [round.unit, round.inspectionTeam ? round.inspectionTeam + (round.feedbackDate
      ? '于' + R.chineseDate(round.feedbackDate) + '反馈意见' : '') : null, '状态：' + round.statusLabel,
      '统计截至' + R.chineseDate(d.asOf)];
    document.getElementById('round-meta').textContent = meta.filter(Boolean).join('　·　');

    kpis(d.totals, d.talks, d.rules, d.rechecks);
    R.completionBars(document.getElementById('chart-category'), d.byCategory);
    R.completionBars(document.getElementById('chart-department'), d.byDepartment);
    R.lamps(document.getElementById('lamps'), d.lights);
    document.getElementById('unreviewed').textContent = d.lights.unreviewed
      ? '另有 ' + d.lights.unreviewed + ' 项在办措施尚未经过梳理（方案待批等）。' : '';
    R.table(document.getElementById('red-list'), ['措施', '责任科室', '经办人', '整改时限', '督办级别'],
      d.lights.redMeasures.map(function (m) {
        return [measureCell(m.key, m.text, m.problemTitle), m.departmentName || '', m.responsiblePersonName || '',
          m.deadline || '', m.levelLabel];
      }), '没有红灯措施。');
    R.trendChart(document.getElementById('chart-trend'), d.trend);
    R.table(document.getElementById('overdue-list'), ['措施', '责任科室', '经办人', '整改时限', '逾期天数'],
      d.overdue.map(function (m) {
        return [measureCell(m.key, m.text, m.problemTitle), m.departmentName || '', m.responsiblePersonName || '',
          m.deadline, { cell: m.daysOverdue + ' 天', className: 'num overdue' }];
      }), '没有逾期未完成的措施。');
    notices(d);
  }

  function kpis(t, talks, rules, rechecks) {
    var box = R.clear(document.getElementById('kpis'));
    [
      ['完成率', t.completionRate, 'rate', '（已完成 + 基本完成并长期坚持）÷ 措施总数'],
      ['措施总数', t.measures, '', ''],
      ['已完成', t.completed, 'done', '已销号'],
      ['基本完成并长期坚持', t.longTerm, 'long', ''],
      ['尚未完成', t.open, 'open', ''],
      ['逾期', t.overdue, 'late', '超过整改时限仍未完成'],
      ['谈话提醒', talks, '', '已开展次数'],
      ['建立健全制度', rules ? rules.made : 0, '', rules ? '新建 ' + rules.created + ' 项、修订 ' + rules.revised + ' 项' : ''],
      ['回头看', rechecks ? rechecks.rechecked : 0, '', '已销号措施再次检查的项数'],
      ['出现反弹', rechecks ? rechecks.rebounded : 0, rechecks && rechecks.rebounded ? 'late' : '',
        '回头看发现反弹、已重新整改的项数']
    ].forEach(function (k) {
      box.appendChild(el('div', { className: 'kpi ' + k[2], title: k[3] || null },
        el('div', { className: 'kpi-value' }, String(k[1])), el('div', { className: 'kpi-label' }, k[0])));
    });
  }

  function measureCell(key, text, problem) {
    return { cell: [el('div', { className: 'measure-text', title: text }, text),
      el('div', { className: 'measure-key' }, key + (problem ? '　' + problem : ''))] };
  }

  function notices(d) {
    document.getElementById('recheck-card').hidden = !d.viewer.maySampleRechecks;
    var button = document.getElementById('issue');
    button.hidden = !d.viewer.mayIssueNotices;
    R.table(document.getElementById('notice-list'), ['期数', '统计日期', '完成率', '发布人', '查看'],
      d.notices.map(function (n) {
        var page = 'notice.html?round=' + encodeURIComponent(n.roundId) + '&id=' + encodeURIComponent(n.id);
        return ['第' + n.seq + '期', R.chineseDate(n.issuedOn), n.completionRate, n.issuedByName || n.issuedBy,
          { cell: [el('a', { href: page }, '阅读'), ' · ', el('a', { href: n.docx }, 'Word')] }];
      }), '尚未发布进展通报。');
  }

  document.getElementById('issue').addEventListener('click', function () {
    var button = this;
    if (!current || !window.confirm('按当前台账生成并发布新一期整改进展通报？发布后内容不再改变。')) {
      return;
    }
    button.disabled = true;
    R.api('/api/rounds/' + encodeURIComponent(current) + '/notices', { method: 'POST' }).then(function (n) {
      location.href = 'notice.html?round=' + encodeURIComponent(n.roundId) + '&id=' + encodeURIComponent(n.id);
    }).catch(function (e) {
      button.disabled = false;
      R.showMessage(message, e);
    });
  });

  // DOMAIN: 整改办抽查 — POST /api/measures/{key}/recheck; the department finds 整改回头看 in Tasklist.
  document.getElementById('recheck-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = document.getElementById('recheck-key');
    var result = document.getElementById('recheck-result');
    var key = input.value.trim();
    if (!key) {
      return;
    }
    R.api('/api/measures/' + encodeURIComponent(key) + '/recheck', { method: 'POST' }).then(function () {
      result.textContent = '已发起回头看：' + key + '，请责任科室在任务列表办理“整改回头看”。';
      input.value = '';
    }).catch(function (e) {
      result.textContent = e && e.message ? e.message : String(e);
    });
  });

  R.roundSelector(document.getElementById('round'), R.param('round'), load).catch(function (e) {
    R.showMessage(message, e);
  });
})();
