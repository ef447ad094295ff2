// A reading list's page, for its owner: reorder by dragging a paper, or from the
// keyboard with Alt+ArrowUp / Alt+ArrowDown (the same as the paper's move buttons).
// Both post to the server through htmx, which swaps the list back in its new order.
(function () {
  var pendingFocus = null; // after a keyboard move: [item id, direction] to focus again

  function block() {
    return document.querySelector("[data-list-items]");
  }

  function moveButton(itemId, direction) {
    var item = document.getElementById("item-" + itemId);
    return item && item.querySelector('[data-move="' + direction + '"]');
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    var item = event.target.closest && event.target.closest("[data-reorder] [data-item-id]");
    if (!item) {
      return;
    }
    event.preventDefault();
    var direction = event.key === "ArrowUp" ? "up" : "down";
    pendingFocus = [item.dataset.itemId, direction];
    moveButton(item.dataset.itemId, direction).click();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-move]");
    if (button) {
      var item = button.closest("[data-item-id]");
      pendingFocus = [item.dataset.itemId, button.dataset.move];
    }
  });

  // Focus stays on the moved paper's button, so pressing again keeps moving it.
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!pendingFocus) {
      return;
    }
    var button = moveButton(pendingFocus[0], pendingFocus[1]);
    pendingFocus = null;
    if (button) {
      button.focus();
    }
  });

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-reorder] [data-item-id]");
    if (!item) {
      return;
    }
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    var over = event.target.closest && event.target.closest("[data-reorder] [data-item-id]");
    if (!over || over === dragged) {
      return;
    }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) {
      event.preventDefault();
    }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) {
      return;
    }
    dragged.classList.remove("is-dragging");
    dragged = null;
    var container = block();
    var form = container && container.querySelector("[data-reorder-form]");
    if (!form) {
      return;
    }
    form.querySelectorAll('input[name="order"]').forEach(function (input) {
      input.remove();
    });
    container.querySelectorAll("[data-reorder] [data-item-id]").forEach(function (item) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = item.dataset.itemId;
      form.appendChild(input);
    });
    htmx.trigger(form, "submit");
  });
})();
