// Sikkerhedsnet: nothing typed is lost (issue #14 item 2). Long forms marked data-autosave="URL" save a draft of
// what is typed (every few seconds after a change) and restore it when the form is opened again, e.g. after the
// session expired and the user logged in again. A successful save of the form discards the draft (server side).
(function () {
  "use strict";
  var DELAY_MS = 3000;
  // The record version a form was opened on travels with the draft (a hidden field named version,
  // lock_version, measure_version, ...): submitted again after someone else saved, the save is refused as a stale
  // edit that shows both texts, instead of silently overwriting the other person's edit.
  function isVersion(el) { return el.type === "hidden" && /(^|_)version$/.test(el.name); }

  function formPath(form) {
    return new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
  }

  function typedFields(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || (el.type === "hidden" && !isVersion(el)) || el.type === "file" || el.type === "submit") { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      var values = fields[el.name] || (fields[el.name] = []);
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { values.push(o.value); });
      } else {
        values.push(el.value);
      }
    });
    return fields;
  }

  function restore(form, fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || (el.type === "hidden" && !isVersion(el)) || el.type === "file" || !(el.name in fields)) { return; }
      var values = fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else if (values.length) {
        el.value = values[0];
      }
    });
  }

  function notice(form, text) {
    var p = document.createElement("p");
    p.className = "alert alert-info app-draft-notice";
    p.setAttribute("role", "status");
    p.textContent = text;
    form.insertBefore(p, form.firstChild);
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function enable(form) {
    var url = form.getAttribute("data-autosave");
    var path = formPath(form);
    var timer = null;
    var last = JSON.stringify(typedFields(form));
    fetch(url + "?form=" + encodeURIComponent(path), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.fields) {
          restore(form, data.fields);
          var details = form.closest("details");
          if (details) { details.open = true; }
          last = JSON.stringify(typedFields(form));
          notice(form, (form.getAttribute("data-restored-text") || "").replace("%(time)s", data.saved_at || ""));
        }
      })
      .catch(function () { /* no draft: the form works as before */ });
    function save() {
      var now = JSON.stringify(typedFields(form));
      if (now === last) { return; }
      last = now;
      var body = new URLSearchParams();
      body.set("form", path);
      body.set("page", window.location.pathname + window.location.search);
      body.set("fields", now);
      fetch(url, {
        method: "POST", credentials: "same-origin", body: body,
        headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" }
      }).catch(function () { last = ""; });
    }
    form.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, DELAY_MS);
    });
    form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), enable);
  });
})();
