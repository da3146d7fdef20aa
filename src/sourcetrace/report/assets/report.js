(function () {
  "use strict";
  // Progressive enhancement only: the page is complete without this script. It reads the DOM
  // and never writes markup (textContent and classes only), so no text can become HTML here.
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var columns = { o: document.getElementById("text-original"), d: document.getElementById("text-derived") };
  var other = { o: "d", d: "o" };
  var note = document.getElementById("note");
  var position = document.getElementById("finding-position");
  var items = Array.prototype.slice.call(document.querySelectorAll("#findings li[data-f]"));
  var itemIndex = {};
  items.forEach(function (item, index) { itemIndex[item.getAttribute("data-f")] = index; });

  // Link number -> the segment spans it joins, per side.
  var links = {};
  ["o", "d"].forEach(function (side) {
    columns[side].querySelectorAll(".s[data-l]").forEach(function (span) {
      span.getAttribute("data-l").split(" ").forEach(function (id) {
        (links[id] = links[id] || { o: [], d: [] })[side].push(span);
      });
    });
  });

  var lit = [];
  var pinned = null;
  var current = -1;

  function light(element, name) {
    element.classList.add(name);
    lit.push([element, name]);
  }

  function clearLit() {
    lit.forEach(function (entry) { entry[0].classList.remove(entry[1]); });
    lit = [];
  }

  // Scroll a text column (not the page) so that element shows, a third of the way down.
  function reveal(column, element) {
    var box = column.getBoundingClientRect();
    var rect = element.getBoundingClientRect();
    if (rect.top < box.top || rect.bottom > box.bottom) {
      column.scrollTop += rect.top - box.top - column.clientHeight / 3;
    }
  }

  function sideOf(element) {
    return columns.o.contains(element) ? "o" : "d";
  }

  function describe(span, side, count) {
    var name = side === "o" ? "Original" : "Derived";
    var there = side === "o" ? "derived" : "original";
    var number = Number(span.id.slice(1)) + 1;
    if (!count) return name + " sentence " + number + ": no counterpart in the " + there + " text.";
    return name + " sentence " + number + " \u2194 " + count + " " + there +
      " sentence" + (count > 1 ? "s" : "") + (span.title ? " (" + span.title + ")" : "") + ".";
  }

  // Highlight a segment, its link partners and its counterparts, and scroll the other column.
  function select(span) {
    clearLit();
    var side = sideOf(span);
    var counterparts = [];
    light(span, "hl-self");
    (span.getAttribute("data-l") || "").split(" ").filter(Boolean).forEach(function (id) {
      links[id][side].forEach(function (partner) { if (partner !== span) light(partner, "hl-self"); });
      links[id][other[side]].forEach(function (counterpart) {
        if (counterparts.indexOf(counterpart) < 0) counterparts.push(counterpart);
      });
    });
    counterparts.forEach(function (counterpart) { light(counterpart, "hl"); });
    if (counterparts.length) {
      counterparts.sort(function (a, b) {
        return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
      reveal(columns[other[side]], counterparts[0]);
    }
    note.textContent = describe(span, side, counterparts.length);
  }

  // After pointing elsewhere: back to the clicked sentence and the current finding, if any.
  function restore() {
    clearLit();
    note.textContent = "";
    if (pinned) select(pinned);
    if (current >= 0) show(current, !pinned);
  }

  // Make finding `index` (wrapping around) the current one and scroll both columns to it.
  function go(index) {
    if (!items.length) return;
    current = (index + items.length) % items.length;
    pinned = null;
    clearLit();
    show(current, true);
    var texts = document.getElementById("texts");
    var box = texts.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) texts.scrollIntoView();
  }

  // Mark finding `index` in both texts and in the list; scroll the columns to it if asked.
  function show(index, scroll) {
    var item = items[index];
    var number = item.getAttribute("data-f");
    ["o", "d"].forEach(function (side) {
      var marker = document.getElementById("f" + number + "-" + side);
      if (!marker) return;
      columns[side].querySelectorAll('[data-f~="' + number + '"]').forEach(function (piece) { light(piece, "cur"); });
      light(marker, "cur");
      if (scroll) reveal(columns[side], marker);
    });
    items.forEach(function (other) { other.removeAttribute("aria-current"); });
    item.setAttribute("aria-current", "true");
    position.textContent = "Finding " + (index + 1) + " of " + items.length;
    note.textContent = item.querySelector(".finding-head").textContent;
  }

  // The finding a marker or a marked piece of text belongs to (its first one), or -1.
  function findingOf(holder) {
    if (!holder) return -1;
    var number = holder.classList.contains("mk")
      ? holder.getAttribute("href").slice("#finding-".length)
      : holder.getAttribute("data-f").split(" ")[0];
    return number in itemIndex ? itemIndex[number] : -1;
  }

  ["o", "d"].forEach(function (side) {
    var column = columns[side];
    column.addEventListener("click", function (event) {
      var marker = event.target.closest(".mk");
      if (marker) {
        event.preventDefault();
        if (findingOf(marker) >= 0) go(findingOf(marker));
        return;
      }
      var span = event.target.closest(".s");
      // A click on marked text pins its sentence and makes its finding the current one.
      current = findingOf(event.target.closest("[data-f]"));
      items.forEach(function (item) { item.removeAttribute("aria-current"); });
      pinned = span;
      restore();
    });
    column.addEventListener("mouseover", function (event) {
      var span = event.target.closest(".s");
      if (span && !lit.some(function (entry) { return entry[0] === span && entry[1] === "hl-self"; })) select(span);
    });
    column.addEventListener("mouseleave", restore);
  });

  document.getElementById("findings").addEventListener("click", function (event) {
    var anchor = event.target.closest("a");
    var item = event.target.closest("li[data-f]");
    if (!anchor || !item) return;
    event.preventDefault();
    go(itemIndex[item.getAttribute("data-f")]);
  });
  document.getElementById("next-finding").addEventListener("click", function () { go(current + 1); });
  document.getElementById("prev-finding").addEventListener("click", function () { go(current - 1); });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    if (event.key === "j" || event.key === "n") { go(current + 1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { go(current - 1); event.preventDefault(); }
    else if (event.key === "Escape") {
      current = -1; pinned = null; clearLit(); note.textContent = "";
      items.forEach(function (item) { item.removeAttribute("aria-current"); });
    }
  });
})();
