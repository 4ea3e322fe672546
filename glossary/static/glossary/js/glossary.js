/*
 * Glossary tooltips and the A–Z filter. No framework; the page works without this file.
 *
 * Tooltips follow the WAI-ARIA tooltip pattern and WCAG 1.4.13: they open on hover and on
 * keyboard focus, stay open while the pointer is over them, and close with Escape without
 * moving focus. Screen readers get the definition through the link's aria-describedby.
 * On touch, the first tap opens a toggletip with a link to the term's page; a tap elsewhere
 * closes it; a second tap on the term follows its link.
 */
(function () {
  "use strict";

  var MARGIN = 8;
  var HIDE_DELAY = 200;
  var bubble = null;
  var current = null;
  var mode = null; // "tooltip" | "toggletip"
  var hideTimer = null;
  var lastPointerType = "mouse";

  function definitionFor(term) {
    var id = term.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function ensureBubble() {
    if (bubble) return bubble;
    bubble = document.createElement("div");
    bubble.className = "glossary-tooltip";
    bubble.id = "glossary-tooltip";
    bubble.hidden = true;
    bubble.addEventListener("mouseenter", cancelHide);
    bubble.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(bubble);
    return bubble;
  }

  function fill(term, definition, asToggletip) {
    var box = ensureBubble();
    box.textContent = "";
    var name = document.createElement("strong");
    name.className = "glossary-tooltip__name";
    name.textContent = definition.getAttribute("data-term-name") || term.textContent;
    var text = document.createElement("span");
    text.className = "glossary-tooltip__text";
    text.textContent = definition.textContent;
    box.appendChild(name);
    box.appendChild(text);
    if (asToggletip) {
      var more = document.createElement("a");
      more.className = "glossary-tooltip__more";
      more.href = term.getAttribute("href");
      more.textContent = "More about " + name.textContent;
      box.appendChild(more);
      // A toggletip's content is announced when it appears.
      box.setAttribute("role", "status");
      box.removeAttribute("aria-hidden");
    } else {
      // The same text already reaches screen readers through aria-describedby.
      box.setAttribute("role", "tooltip");
      box.setAttribute("aria-hidden", "true");
    }
  }

  function place(term) {
    var box = bubble;
    var rect = term.getBoundingClientRect();
    var viewport = document.documentElement.clientWidth;
    box.style.maxWidth = Math.min(320, viewport - 2 * MARGIN) + "px";
    box.style.left = "0px";
    box.style.top = "0px";
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.min(Math.max(MARGIN, rect.left), viewport - width - MARGIN);
    var below = rect.bottom + 6;
    var top = below + height > window.innerHeight && rect.top - height - 6 > 0
      ? rect.top - height - 6
      : below;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(term, asToggletip) {
    var definition = definitionFor(term);
    if (!definition) return;
    cancelHide();
    if (current && current !== term) current.removeAttribute("aria-expanded");
    fill(term, definition, asToggletip);
    bubble.hidden = false;
    place(term);
    current = term;
    mode = asToggletip ? "toggletip" : "tooltip";
    if (asToggletip) term.setAttribute("aria-expanded", "true");
  }

  function hide() {
    cancelHide();
    if (bubble) bubble.hidden = true;
    if (current) current.removeAttribute("aria-expanded");
    current = null;
    mode = null;
  }

  function scheduleHide() {
    if (mode !== "tooltip") return;
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }

  function cancelHide() {
    if (hideTimer) window.clearTimeout(hideTimer);
    hideTimer = null;
  }

  function termFrom(target) {
    return target && target.closest ? target.closest("a.glossary-term[aria-describedby]") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointerType = event.pointerType || "mouse";
  }, true);

  document.addEventListener("mouseover", function (event) {
    var term = termFrom(event.target);
    if (term && lastPointerType !== "touch" && mode !== "toggletip") show(term, false);
  });

  document.addEventListener("mouseout", function (event) {
    var term = termFrom(event.target);
    if (term && term === current) scheduleHide();
  });

  document.addEventListener("focusin", function (event) {
    var term = termFrom(event.target);
    if (term && mode !== "toggletip") show(term, false);
  });

  document.addEventListener("focusout", function (event) {
    if (termFrom(event.target) === current && mode === "tooltip") hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      hide();
    }
  });

  document.addEventListener("click", function (event) {
    var term = termFrom(event.target);
    if (term && lastPointerType === "touch") {
      if (!(current === term && mode === "toggletip")) {
        event.preventDefault();
        show(term, true);
      }
      return; // a second tap follows the link
    }
    if (mode === "toggletip" && bubble && !bubble.contains(event.target)) hide();
  });

  window.addEventListener("resize", function () {
    if (current) place(current);
  });

  /* The A–Z page: filter the list as the reader types. */
  var filter = document.querySelector("[data-glossary-filter]");
  if (filter) {
    var input = filter.querySelector("input");
    var status = filter.querySelector("[role=status]");
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-term-item]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-az-group]"));
    filter.hidden = false;
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var match = !query || item.getAttribute("data-term-text").indexOf(query) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-term-item]:not([hidden])");
      });
      status.textContent = query
        ? shown + (shown === 1 ? " term matches" : " terms match") + " “" + input.value.trim() + "”."
        : "";
    });
  }
})();
