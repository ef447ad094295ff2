// Annotations on a paper page (apps/annotations): select a passage of the title or
// abstract ([data-annotatable]) to open the note form; the discussion (#discussion,
// loaded by htmx) embeds its highlights as JSON (#annotation-highlights), drawn back
// onto the text on every load; a highlight opens its note. Also typesets math in notes
// (loading the site's KaTeX when the page did not) and shows a form's 400 next to it.
(function () {
  "use strict";

  // The text of an annotatable element as the server knows it: its text nodes in
  // order, leaving out what KaTeX drew (the TeX source stays in the DOM elsewhere).
  function textNodes(root) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(".katex")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function fullText(nodes) {
    return nodes.map(function (node) { return node.data; }).join("");
  }

  function offsetOf(nodes, container, offset) {
    var total = 0;
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] === container) return total + offset;
      total += nodes[i].data.length;
    }
    // The boundary is an element: count the text before its offset-th child.
    if (container.nodeType === Node.ELEMENT_NODE) {
      var child = container.childNodes[offset];
      total = 0;
      for (var j = 0; j < nodes.length; j++) {
        if (child && (child === nodes[j] || child.contains(nodes[j]) ||
            (child.compareDocumentPosition(nodes[j]) & Node.DOCUMENT_POSITION_FOLLOWING))) {
          return total;
        }
        total += nodes[j].data.length;
      }
      return total;
    }
    return -1;
  }

  // --- the popover: a note on the selected passage
  var CONTEXT = 32;

  function popover() {
    return document.querySelector("#discussion [data-annotation-popover], body > [data-annotation-popover]");
  }

  function hidePopover() {
    var form = popover();
    if (form) form.hidden = true;
  }

  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === Node.ELEMENT_NODE
      ? range.startContainer : range.startContainer.parentElement;
    var root = start && start.closest("[data-annotatable]");
    if (!root || !root.contains(range.endContainer)) return;
    var form = popover();
    if (!form) return;
    var nodes = textNodes(root);
    var text = fullText(nodes);
    var from = offsetOf(nodes, range.startContainer, range.startOffset);
    var to = offsetOf(nodes, range.endContainer, range.endOffset);
    if (from < 0 || to <= from) return;
    var values = {
      field: root.dataset.annotatable,
      exact: text.slice(from, to),
      prefix: text.slice(Math.max(0, from - CONTEXT), from),
      suffix: text.slice(to, to + CONTEXT),
      start: String(from),
      end: String(to),
    };
    if (!values.exact.trim()) return;
    Object.keys(values).forEach(function (name) {
      form.querySelector('[data-selector="' + name + '"]').value = values[name];
    });
    form.querySelector("[data-popover-quote]").textContent = values.exact;
    if (form.parentElement !== document.body) document.body.appendChild(form);
    var rect = range.getBoundingClientRect();
    form.style.top = (window.scrollY + rect.bottom + 8) + "px";
    form.style.left = Math.max(8, Math.min(window.scrollX + rect.left,
      window.scrollX + document.documentElement.clientWidth - 360)) + "px";
    form.hidden = false;
  }

  document.addEventListener("mouseup", function (event) {
    if (event.target.closest && event.target.closest("[data-annotation-popover]")) return;
    setTimeout(onSelection, 0);
  });
  document.addEventListener("keyup", function (event) {
    if (event.key === "Escape") { hidePopover(); return; }
    if (event.shiftKey && event.target.closest && !event.target.closest("form")) onSelection();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-popover-cancel]")) hidePopover();
  });

  // --- highlights
  function unwrapHighlights(root) {
    root.querySelectorAll("mark.annotation-highlight").forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  function locate(text, note) {
    if (note.start !== null && text.slice(note.start, note.end) === note.exact) {
      return [note.start, note.end];
    }
    var best = -1, bestScore = -1, at = text.indexOf(note.exact);
    while (at !== -1) {
      var score = (text.slice(0, at).endsWith(note.prefix) ? 2 : 0) +
        (text.slice(at + note.exact.length).startsWith(note.suffix) ? 1 : 0);
      if (score > bestScore) { best = at; bestScore = score; }
      at = text.indexOf(note.exact, at + 1);
    }
    return best === -1 ? null : [best, best + note.exact.length];
  }

  function wrap(root, from, to, note) {
    var nodes = textNodes(root), position = 0, first = true;
    nodes.forEach(function (node) {
      var nodeStart = position, nodeEnd = position + node.data.length;
      position = nodeEnd;
      if (nodeEnd <= from || nodeStart >= to) return;
      var piece = node;
      if (from > nodeStart) piece = piece.splitText(from - nodeStart);
      if (to < nodeEnd) piece.splitText(to - Math.max(from, nodeStart));
      var mark = document.createElement("mark");
      mark.className = "annotation-highlight" + (note.public ? " is-public" : "");
      mark.dataset.annotationId = note.id;
      if (first) {
        mark.tabIndex = 0;
        mark.setAttribute("role", "button");
        mark.setAttribute("aria-label", "Open the note on “" + note.exact.slice(0, 60) + "”");
        first = false;
      }
      piece.parentNode.insertBefore(mark, piece);
      mark.appendChild(piece);
    });
  }

  function drawHighlights() {
    var data = document.getElementById("annotation-highlights");
    if (!data) return;
    var notes = JSON.parse(data.textContent);
    document.querySelectorAll("[data-annotatable]").forEach(function (root) {
      unwrapHighlights(root);
      notes.filter(function (note) { return note.field === root.dataset.annotatable; })
        .forEach(function (note) {
          var span = locate(fullText(textNodes(root)), note);
          if (span) wrap(root, span[0], span[1], note);
        });
    });
  }

  function openNote(mark) {
    var note = document.getElementById("annotation-" + mark.dataset.annotationId);
    if (!note) return;
    document.querySelectorAll(".annotation.is-focused").forEach(function (other) {
      other.classList.remove("is-focused");
    });
    note.classList.add("is-focused");
    note.tabIndex = -1;
    note.scrollIntoView({ behavior: "smooth", block: "center" });
    note.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.annotation-highlight");
    if (mark && window.getSelection().isCollapsed) openNote(mark);
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark.annotation-highlight");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openNote(mark);
    }
  });

  // --- math in notes: the site's KaTeX, loaded when this page did not need it before
  var DELIMITERS = [
    { left: "\\[", right: "\\]", display: true },
    { left: "\\(", right: "\\)", display: false },
    { left: "$", right: "$", display: false },
  ];

  function typeset(scope) {
    var pending = Array.prototype.filter.call(scope.querySelectorAll("[data-math]"), function (element) {
      return !element.closest("[data-annotatable]") && !element.querySelector(".katex") &&
        /\$|\\\(|\\\[/.test(element.textContent);
    });
    if (!pending.length) return;
    var render = function () {
      pending.forEach(function (element) {
        window.renderMathInElement(element, { delimiters: DELIMITERS, throwOnError: false });
      });
    };
    if (typeof window.renderMathInElement === "function") { render(); return; }
    var source = document.querySelector("[data-katex-js]");
    if (!source) return;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = source.dataset.katexCss;
    document.head.appendChild(css);
    var katex = document.createElement("script");
    katex.src = source.dataset.katexJs;
    katex.onload = function () {
      var auto = document.createElement("script");
      auto.src = source.dataset.katexAuto;
      auto.onload = render;
      document.head.appendChild(auto);
    };
    document.head.appendChild(katex);
  }

  // --- htmx: a 400 goes next to the form that sent it (which keeps what was typed)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status !== 400) return;
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    var box = form && form.querySelector && form.querySelector("[data-form-error]");
    if (!box) return;
    box.textContent = xhr.responseText.trim();
    box.hidden = false;
    event.detail.shouldSwap = false;
    event.detail.isError = false;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "discussion") {
      // A popover moved to <body> belongs to the discussion just replaced.
      document.querySelectorAll("body > [data-annotation-popover]").forEach(function (old) {
        old.remove();
      });
      drawHighlights();
      typeset(event.detail.target);
    }
  });

  function ready() {
    drawHighlights();
    typeset(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
