// Camunda 7.24 Tasklist disables 完成 (complete) while form-js' error map has any key
// (camTasklistFormCamunda: invalid = Object.keys(errors).length > 0). form-js records a valid field inside a
// dynamic list as errors[fieldId] = [] (an empty entry, via min-dash set(errors, [id, index], undefined)), so any
// form with a filled dynamic list stays "invalid" until 保存 runs a full validation. This drops the empty entries
// before form-js publishes its state, so the Tasklist sees only real errors.
function hasMessage(value) {
  return Array.isArray(value) ? value.some(v => typeof v === 'string' || hasMessage(v)) : false;
}

function withoutEmptyErrors(errors) {
  return Object.fromEntries(Object.entries(errors).filter(([, value]) => hasMessage(value)));
}

function patch(Form) {
  if (Form.prototype.__emptyErrorsDropped) {
    return;
  }
  const setState = Form.prototype._setState;
  Form.prototype._setState = function (state) {
    return setState.call(this, state && state.errors ? { ...state, errors: withoutEmptyErrors(state.errors) } : state);
  };
  Form.prototype.__emptyErrorsDropped = true;
}

function findForm() {
  let require;
  (self.webpackChunkcamunda_bpm_webapp = self.webpackChunkcamunda_bpm_webapp || []).push([
    ['camunda-forms-validity-' + Math.random()], {}, r => { require = r; }
  ]);
  if (!require) {
    return null;
  }
  // the form-js viewer module: the one whose code has Form#submit's message (module ids change per release)
  for (const [id, factory] of Object.entries(require.m || {})) {
    if (String(factory).includes('form is read-only')) {
      const Form = require(id).Form;
      if (typeof Form === 'function' && Form.prototype._setState) {
        return Form;
      }
    }
  }
  return null;
}

let attempts = 0;
(function tryPatch() {
  const Form = findForm();
  if (Form) {
    patch(Form);
  } else if (attempts++ < 100) {
    setTimeout(tryPatch, 100);
  } else {
    console.warn('camunda-forms-validity: form-js Form not found, not patched');
  }
})();

export default [];
