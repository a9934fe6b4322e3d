/* Accessible names and roles that Dash 4's own widgets leave out.
 *
 * Dash renders dropdowns, radio items, checklists, sliders and uploads without a
 * link to the page's <label>s, with a hidden-but-focusable helper input, and with
 * listbox/option roles around native radios and checkboxes. This script repairs
 * the rendered DOM (only attributes, never content) whenever Dash re-renders:
 *
 * - dropdown: the button is the tab stop (the aria-hidden helper input is not) and
 *   is named by its field's label followed by its value ("Country All");
 * - radio items / checklist: a radiogroup / group named by its label; options are
 *   plain labels of their native inputs (no option role around an input);
 * - slider: each handle and number box is named by the field's label (a range's
 *   two handles by "label from" / "label to", words from the field's data-thumbs);
 * - upload: the file input is named by the drop zone's text;
 * - an open dropdown's menu (a dialog) is named by its field's label;
 * - <html lang> is the page's language from the first paint (the ``lang`` query).
 */
(function () {
  "use strict";

  var query = new URLSearchParams(window.location.search).get("lang");
  document.documentElement.lang = query === "es" ? "es" : "en";

  var counter = 0;

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function unset(el, name) {
    if (el.hasAttribute(name)) { el.removeAttribute(name); }
  }

  function idOf(el) {
    if (!el.id) { counter += 1; el.id = "ca-a11y-" + counter; }
    return el.id;
  }

  /* The <label for=id> of a control, else the first label of its .ca-field. */
  function labelOf(el) {
    if (el.id) {
      var direct = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
      if (direct) { return direct; }
    }
    var field = el.closest(".ca-field, .ca-lang");
    return field ? field.querySelector("label") : null;
  }

  function dropdowns() {
    document.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var helper = wrapper.querySelector(".dash-dropdown-focus-target");
      var button = wrapper.querySelector("button.dash-dropdown");
      if (!button) { return; }
      if (helper) { set(helper, "tabindex", "-1"); }
      if (!button.disabled) { set(button, "tabindex", "0"); }
      var label = labelOf(button);
      if (label && button.id) {
        var names = [idOf(label), button.id + "-value-count", button.id + "-value"];
        set(button, "aria-labelledby", names.join(" "));
      }
    });
  }

  function optionLists() {
    document.querySelectorAll(".dash-options-list").forEach(function (list) {
      set(list, "role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      var label = labelOf(list);
      if (label) { set(list, "aria-labelledby", idOf(label)); }
      list.querySelectorAll(":scope > label").forEach(function (option) {
        unset(option, "role");
        unset(option, "aria-selected");
      });
    });
  }

  /* An open dropdown's menu is a dialog: named by its field's label ("Map indicator"). */
  function menus() {
    document.querySelectorAll('.dash-dropdown-content[role="dialog"]').forEach(function (menu) {
      var label = labelOf(menu);
      if (label) { set(menu, "aria-labelledby", idOf(label)); }
    });
  }

  function sliders() {
    document.querySelectorAll(".dash-slider-container").forEach(function (box) {
      var label = labelOf(box);
      if (!label) { return; }
      var field = box.closest(".ca-field");
      var words = ((field && field.getAttribute("data-thumbs")) || "").split("|");
      var text = label.textContent.trim();
      var handles = box.querySelectorAll('[role="slider"]');
      var inputs = box.querySelectorAll("input");
      [handles, inputs].forEach(function (group) {
        group.forEach(function (el, i) {
          if (group.length > 1) {
            set(el, "aria-label", text + " " + (words[i] || String(i + 1)).toLowerCase());
            unset(el, "aria-labelledby");
          } else {
            set(el, "aria-labelledby", idOf(label));
            unset(el, "aria-label");
          }
        });
      });
    });
  }

  function uploads() {
    document.querySelectorAll(".ca-upload input[type=file]").forEach(function (input) {
      var zone = input.closest(".ca-upload");
      set(input, "aria-label", zone ? zone.textContent.trim() : "");
    });
  }

  function repair() {
    dropdowns();
    optionLists();
    menus();
    sliders();
    uploads();
    // Dash's index puts its scripts in a <footer>: not the page's footer landmark.
    var scripts = document.querySelector("body > footer");
    if (scripts) { set(scripts, "role", "presentation"); }
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }

  new MutationObserver(schedule).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["tabindex", "role", "aria-selected", "aria-label", "aria-labelledby"]
  });
  schedule();
})();
