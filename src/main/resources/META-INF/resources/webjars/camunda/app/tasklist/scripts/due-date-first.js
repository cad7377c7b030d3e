// Tasklist sorts its list by the URL's `sorting` parameter and falls back to "created, newest first"
// (tasklistSorting plugin); the filter's own ordering is ignored. A rectification office works against deadlines:
// when a list opens with that fallback, sort by due date, earliest first, so overdue tasks come first (tasks without
// a due date last: PostgreSQL sorts NULL last, and the H2 URL sets DEFAULT_NULL_ORDERING=HIGH to do the same).
// Once per page load: a user who then chooses another sorting keeps it.
const DUE_DATE_FIRST = JSON.stringify([{ sortBy: 'dueDate', sortOrder: 'asc' }]);
const FALLBACK = JSON.stringify([{ sortBy: 'created', sortOrder: 'desc' }]);

let applied = false;

function sortingOf(hash) {
  const query = hash.indexOf('?') < 0 ? '' : hash.slice(hash.indexOf('?') + 1);
  return new URLSearchParams(query).get('sorting');
}

function dueDateFirst() {
  const hash = window.location.hash || '';
  // the task list is #/ (with its query); login, task forms in their own route, etc. are left alone
  if (applied || !/^#\/?(\?|$)/.test(hash)) {
    return;
  }
  const sorting = sortingOf(hash);
  if (sorting !== null && sorting !== FALLBACK) {
    applied = true; // a sorting someone chose (or a shared link): keep it
    return;
  }
  applied = true;
  const path = hash.indexOf('?') < 0 ? hash : hash.slice(0, hash.indexOf('?'));
  const params = new URLSearchParams(hash.indexOf('?') < 0 ? '' : hash.slice(hash.indexOf('?') + 1));
  params.set('sorting', DUE_DATE_FIRST);
  window.location.replace((path || '#/') + '?' + params.toString());
}

window.addEventListener('hashchange', dueDateFirst);
dueDateFirst();

export default [];
