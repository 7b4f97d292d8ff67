(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var hint = document.getElementById("panel-hint");
  var current = null;
  var quiet = false;  // set while the script moves focus itself, so focusin does not reopen a panel

  function focusQuietly(el) { quiet = true; try { el.focus({ preventScroll: true }); } finally { quiet = false; } }

  function byId(id) { return document.getElementById(id); }
  function marksOf(id) {
    var sel = '[data-claim="' + CSS.escape(id) + '"]';
    return Array.prototype.slice.call(document.querySelectorAll("mark.claim" + sel + ", mark.claim-part" + sel));
  }
  function claimIdOf(el) {
    var mark = el && el.closest ? el.closest("mark.claim, mark.claim-part") : null;
    return mark ? mark.getAttribute("data-claim") : null;
  }

  // On a narrow screen (a phone) the panel opens inside the article, right after its claim, and goes back to
  // the evidence column when closed or when the screen widens.
  var narrow = window.matchMedia("(max-width: 960px)");
  var homes = {};

  function outermostMark(el) {
    var outer = el;
    var up = el.parentElement ? el.parentElement.closest("mark.claim, mark.claim-part") : null;
    while (up) { outer = up; up = up.parentElement ? up.parentElement.closest("mark.claim, mark.claim-part") : null; }
    return outer;
  }
  function placeInline(detail, id) {
    var claim = byId("claim-" + id);
    if (!claim || !claim.closest(".article")) { return; }
    if (!homes[id]) {
      homes[id] = document.createComment("home of detail-" + id);
      detail.parentNode.insertBefore(homes[id], detail);
    }
    var after = outermostMark(claim);
    after.parentNode.insertBefore(detail, after.nextSibling);
    detail.classList.add("inline");
  }
  function placeHome(detail, id) {
    var home = homes[id];
    if (home && detail.classList.contains("inline")) {
      home.parentNode.insertBefore(detail, home.nextSibling);
      detail.classList.remove("inline");
    }
  }
  narrow.addEventListener("change", function () {
    if (!current) { return; }
    var detail = byId("detail-" + current);
    if (!detail) { return; }
    if (narrow.matches) { placeInline(detail, current); } else { placeHome(detail, current); }
  });

  function show(id) {
    if (id === current) { return; }
    if (current) {
      var old = byId("detail-" + current);
      if (old) { old.classList.remove("active"); placeHome(old, current); }
      marksOf(current).forEach(function (m) { m.classList.remove("active"); });
      var oldClaim = byId("claim-" + current);
      if (oldClaim) { oldClaim.setAttribute("aria-expanded", "false"); }
    }
    current = id;
    if (!id) { hint.classList.remove("hidden"); return; }
    var detail = byId("detail-" + id);
    if (!detail) { return; }
    if (narrow.matches) { placeInline(detail, id); }
    detail.classList.add("active");
    hint.classList.add("hidden");
    marksOf(id).forEach(function (m) { m.classList.add("active"); });
    var claim = byId("claim-" + id);
    if (claim) { claim.setAttribute("aria-expanded", "true"); }
  }

  function reveal(id) {
    // On a narrow screen the panel opens under its claim: make sure it is in view.
    var detail = byId("detail-" + id);
    if (detail && narrow.matches) {
      detail.scrollIntoView({ behavior: "smooth", block: "nearest" });
    }
  }

  document.addEventListener("mouseover", function (e) {
    // Hover opens panels only beside the article: inside it, a panel would move the text under the pointer.
    if (narrow.matches) { return; }
    var id = claimIdOf(e.target);
    if (id) { show(id); }
  });
  document.addEventListener("focusin", function (e) {
    if (quiet) { return; }
    var id = claimIdOf(e.target);
    if (id) { show(id); }
  });
  document.addEventListener("click", function (e) {
    var id = claimIdOf(e.target);
    if (id) { show(id); reveal(id); return; }
    var go = e.target.closest ? e.target.closest("a.goto") : null;
    if (go) {
      e.preventDefault();
      var target = go.getAttribute("data-goto");
      var claim = byId("claim-" + target);
      if (claim) {
        claim.scrollIntoView({ behavior: "smooth", block: "center" });
        claim.focus({ preventScroll: true });
        claim.classList.remove("flash");
        void claim.offsetWidth;
        claim.classList.add("flash");
      }
      show(target);
      return;
    }
    if (e.target.closest && e.target.closest("[data-close]")) {
      var back = current ? byId("claim-" + current) : null;
      show(null);
      if (back) { focusQuietly(back); }
    }
  });
  document.addEventListener("keydown", function (e) {
    var id = claimIdOf(e.target);
    if (id && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      show(id);
      reveal(id);
      var detail = byId("detail-" + id);
      if (detail) { detail.focus({ preventScroll: true }); }
    } else if (e.key === "Escape" && current) {
      var back = byId("claim-" + current);
      show(null);
      if (back) { focusQuietly(back); }
    }
  });

  // Hovering a contradiction outlines both passages.
  Array.prototype.forEach.call(document.querySelectorAll("li.contradiction"), function (item) {
    var ids = (item.getAttribute("data-claims") || "").split(" ").filter(Boolean);
    function mark(on) {
      ids.forEach(function (id) { marksOf(id).forEach(function (m) { m.classList.toggle("pair", on); }); });
    }
    item.addEventListener("mouseenter", function () { mark(true); });
    item.addEventListener("mouseleave", function () { mark(false); });
    item.addEventListener("focusin", function () { mark(true); });
    item.addEventListener("focusout", function () { mark(false); });
  });
})();
