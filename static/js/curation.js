// The curation dashboard: keyboard shortcuts (j/k, a, r, p, x, ?), moving on after a
// decision, and reordering picks by drag and drop or Shift+arrows. No inline script (CSP).
(function () {
  var sheet = document.getElementById("shortcuts");
  var toggle = document.querySelector("[data-shortcuts-toggle]");
  var current = -1;

  function toggleSheet() {
    if (!sheet) return;
    sheet.hidden = !sheet.hidden;
    if (toggle) toggle.setAttribute("aria-expanded", sheet.hidden ? "false" : "true");
  }
  if (toggle) toggle.addEventListener("click", toggleSheet);

  function items() {
    var list = document.querySelectorAll("[data-queue-item]:not([data-decided]), [data-pick]");
    return Array.prototype.slice.call(list);
  }

  function focusItem(index) {
    var all = items();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (item) { item.classList.remove("is-current"); });
    var item = all[current];
    item.classList.add("is-current");
    item.setAttribute("tabindex", "-1");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function currentItem() {
    var all = items();
    var focused = document.activeElement && document.activeElement.closest("[data-queue-item], [data-pick]");
    if (focused && all.indexOf(focused) >= 0) current = all.indexOf(focused);
    return all[current] || null;
  }

  function press(selector) {
    var item = currentItem();
    var button = item && item.querySelector(selector);
    if (button) button.click();
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.shiftKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      var pick = currentItem();
      if (pick && pick.dataset.pick) {
        event.preventDefault();
        var button = pick.querySelector('button[name="position"][value="' + (event.key === "ArrowUp" ? "up" : "down") + '"]');
        if (button && !button.disabled) {
          movedPick = pick.dataset.pick;
          button.click();
        }
      }
      return;
    }
    switch (event.key) {
      case "j": focusItem(current + 1); break;
      case "k": focusItem(current - 1); break;
      case "a": press('[data-action="approve"]'); break;
      case "r": press('[data-action="reject"]'); break;
      case "p": press('[data-action="pick"]'); break;
      case "x": press('input[type="checkbox"]'); break;
      case "?": toggleSheet(); break;
      default: return;
    }
    event.preventDefault();
  });

  // After a decision the row is swapped for a short "Approved: …" line: go on to the next.
  // On afterSettle, not afterSwap: only then has htmx bound the new content's forms, so a
  // key pressed as soon as focus returns still goes through htmx.
  var movedPick = null;
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-decided")) {
      focusItem(current);
    } else if (movedPick) {
      var moved = document.querySelector('[data-pick="' + movedPick + '"]');
      movedPick = null;
      if (moved) focusItem(items().indexOf(moved));
    }
    bindDrag();
  });

  // The picks board: drag a pick onto another to put it there; the new order is posted.
  var dragged = null;
  function bindDrag() {
    var board = document.querySelector("[data-picks-board]");
    if (!board || board.dataset.dragBound) return;
    board.dataset.dragBound = "1";
    board.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-pick]");
      if (dragged) event.dataTransfer.effectAllowed = "move";
    });
    board.addEventListener("dragover", function (event) {
      if (dragged) event.preventDefault();
    });
    board.addEventListener("drop", function (event) {
      var onto = event.target.closest("[data-pick]");
      if (!dragged || !onto || onto === dragged) return;
      event.preventDefault();
      var list = onto.parentNode;
      var picks = Array.prototype.slice.call(list.children);
      list.insertBefore(dragged, picks.indexOf(dragged) < picks.indexOf(onto) ? onto.nextSibling : onto);
      postOrder(board);
      dragged = null;
    });
  }

  function postOrder(board) {
    var form = board.querySelector("[data-reorder-form]");
    if (!form) return;
    form.querySelectorAll('input[name="order"]').forEach(function (input) { input.remove(); });
    board.querySelectorAll("[data-pick]").forEach(function (pick) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = pick.dataset.pick;
      form.appendChild(input);
    });
    form.requestSubmit();
  }
  bindDrag();

  // The picks page's day chooser goes to /curate/picks/<day>/.
  document.querySelectorAll("[data-day-jump]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var day = form.querySelector('input[name="day"]').value;
      if (!day) return;
      event.preventDefault();
      window.location.href = form.dataset.urlTemplate.replace("0000-00-00", day);
    });
  });
})();
