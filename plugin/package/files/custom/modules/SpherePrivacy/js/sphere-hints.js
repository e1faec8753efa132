/*
 * Sphere inline hints for SuiteCRM EditView / quick create (SuiteP DOM, §4.2).
 * Asks the SphereDecision entry point (session-authenticated; the shared secret stays on the server) for a dry-run
 * decision whenever a field changes, shows the findings next to the fields, and keeps check_form() from submitting
 * a form that would be blocked so the user keeps what they typed. The server-side hook stays the last line of defence.
 */
(function (global) {
  'use strict';

  var FORM_IDS = ['EditView'];

  function findForm(module) {
    var ids = FORM_IDS.concat(['form_QuickCreate_' + module, 'form_SubpanelQuickCreate_' + module]);
    for (var i = 0; i < ids.length; i++) {
      var form = document.getElementById(ids[i]);
      if (form) return form;
    }
    return null;
  }

  function collect(form) {
    var fields = {};
    var emails = {};
    var elements = form.querySelectorAll('input[name], select[name], textarea[name]');
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      var match = /emailAddress(\d+)$/.exec(el.id || '');
      if (match) {
        emails[match[1]] = { address: el.value, primary: false, opt_out: false, invalid: false, opt_in: false, base: el.id };
        continue;
      }
      if (!el.closest('.edit-view-field')) continue;
      // A multi-select is "name[]" plus a hidden "name_multiselect": the field is "name", its value SuiteCRM's
      // multienum encoding ^a^,^b^ of the selected options (what the save stores and the settings map).
      var name = el.name.replace(/\[\]$/, '');
      if (/_multiselect$/.test(name) && el.type === 'hidden') continue;
      if (el.tagName === 'SELECT' && el.multiple) {
        var chosen = [];
        for (var o = 0; o < el.options.length; o++) if (el.options[o].selected && el.options[o].value !== '') chosen.push(el.options[o].value);
        fields[name] = chosen.length ? '^' + chosen.join('^,^') + '^' : '';
      } else if (el.type === 'radio') {
        if (el.checked) fields[name] = el.value;
        else if (fields[name] === undefined) fields[name] = '';
      } else if (el.type === 'checkbox') fields[name] = el.checked ? '1' : '0';
      else if (el.type !== 'button' && el.type !== 'submit') fields[name] = el.value;
    }
    var list = [];
    Object.keys(emails).forEach(function (n) {
      var e = emails[n];
      var prefix = e.base.replace(/emailAddress\d+$/, '');
      var flag = function (name) { var box = document.getElementById(prefix + name + n); return !!(box && box.checked); };
      e.primary = flag('emailAddressPrimaryFlag') || n === '0';
      e.opt_out = flag('emailAddressOptOutFlag');
      e.invalid = flag('emailAddressInvalidFlag');
      e.opt_in = flag('emailAddressOptInFlag');
      delete e.base;
      if (e.address) list.push(e);
    });
    if (list.length && fields.email1 === undefined) fields.email1 = (list.filter(function (e) { return e.primary; })[0] || list[0]).address;
    return { fields: fields, email_addresses: list };
  }

  function Hints(config) {
    this.config = config;
    this.form = findForm(config.module);
    this.decision = null;
    this.pending = null;
    this.resubmit = false;
    this.sequence = 0;
  }

  Hints.prototype.labels = function (key) {
    return (this.config.labels && this.config.labels[key]) || key;
  };

  Hints.prototype.ask = function () {
    var self = this;
    var payload = collect(this.form);
    payload.module = this.config.module;
    if (this.config.record) payload.record_id = this.config.record;
    var mine = ++this.sequence;
    this.pending = fetch(this.config.endpoint, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload),
    }).then(function (res) {
      if (res.ok) return res.json();
      // refused (403: no edit access to the module or the record): show the entry point's message, in the user's language
      return res.json().catch(function () { return {}; }).then(function (body) {
        return { outcome: 'refused', blocked: false, findings: [], refused: (body && body.message) || self.labels('LBL_SPHERE_UNAVAILABLE') };
      });
    }).catch(function () {
      return { outcome: 'unchecked', blocked: false, findings: [], unavailable: true };
    }).then(function (decision) {
      if (mine !== self.sequence) return self.pending;
      self.decision = decision;
      self.pending = null;
      self.render(decision);
      if (self.resubmit) {
        self.resubmit = false;
        if (!decision.blocked) self.submit();
      }
      return decision;
    });
    return this.pending;
  };

  Hints.prototype.clear = function () {
    var old = this.form.querySelectorAll('.sphere-hint');
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
  };

  Hints.prototype.place = function (field) {
    var name = String(field);
    return this.form.querySelector('.edit-view-field[field="' + name + '"]')
      || (/^email/.test(name) ? this.form.querySelector('.edit-view-field[field="email1"]') : null);
  };

  Hints.prototype.render = function (decision) {
    this.clear();
    var self = this;
    (decision.findings || []).forEach(function (finding) {
      var targets = (finding.fields || []).map(function (f) { return self.place(f); }).filter(Boolean);
      if (!targets.length) targets = [self.banner()];
      targets.forEach(function (target) {
        var div = document.createElement('div');
        div.className = 'sphere-hint sphere-hint-' + finding.kind + (finding.kind === 'violation' ? ' required validation-message' : '');
        div.textContent = finding.text;
        target.appendChild(div);
      });
    });
    if (decision.refused) {
      var refused = document.createElement('div');
      refused.className = 'sphere-hint sphere-hint-refused';
      refused.textContent = String(decision.refused);
      this.banner().appendChild(refused);
    }
    if (decision.unavailable) {
      var note = document.createElement('div');
      note.className = 'sphere-hint sphere-hint-unavailable';
      note.textContent = this.labels('LBL_SPHERE_UNAVAILABLE');
      this.banner().appendChild(note);
    }
  };

  Hints.prototype.banner = function () {
    var banner = this.form.querySelector('.sphere-hint-banner');
    if (!banner) {
      banner = document.createElement('div');
      banner.className = 'sphere-hint sphere-hint-banner';
      this.form.insertBefore(banner, this.form.firstChild);
    }
    return banner;
  };

  Hints.prototype.submit = function () {
    var form = this.form;
    if (global.SUGAR && global.SUGAR.ajaxUI && typeof global.SUGAR.ajaxUI.submitForm === 'function') global.SUGAR.ajaxUI.submitForm(form);
    else form.submit();
  };

  /** Wrapped check_form: false while a decision is pending (re-submitted when it allows) or when it blocks. */
  Hints.prototype.allowsSubmit = function () {
    if (this.pending) {
      this.resubmit = true;
      return false;
    }
    if (this.decision && this.decision.blocked) {
      var note = document.createElement('div');
      note.className = 'sphere-hint sphere-hint-violation required validation-message';
      note.textContent = this.labels('LBL_SPHERE_FORM_BLOCKED');
      this.banner().appendChild(note);
      return false;
    }
    return true;
  };

  Hints.prototype.start = function () {
    var self = this;
    this.form.addEventListener('change', function () { self.ask(); });
    var original = global.check_form;
    global.check_form = function (formName) {
      if (formName === self.form.id && !self.allowsSubmit()) return false;
      return typeof original === 'function' ? original.apply(this, arguments) : true;
    };
    if (this.config.record) this.ask();
  };

  global.SphereHints = {
    init: function (config) {
      var hints = new Hints(config);
      if (!hints.form) return null;
      hints.start();
      global.SphereHints.active = hints;
      return hints;
    },
  };
})(window);
