/*
 * Publish (or Save draft, or Submit) never races Wagtail 8's autosave.
 *
 * Wagtail's autosave posts the editor form in the background. On a new page
 * its first post creates the page and then points the form at the edit view.
 * A real submit made while that post is scheduled or in flight still goes to
 * the create view, so two requests create the same page: one ends as a 500
 * (duplicate slug), or a published copy sits beside a draft copy. And the
 * edit watcher keeps running after a real submit, so an edit noticed just
 * after the click starts an autosave while Publish is still being handled.
 *
 * So, on a real submit of an editor form with autosave: stop autosave from
 * starting anything new, wait for the one already scheduled or running to
 * finish (the form then posts to the right view), and submit again with the
 * same button. Nothing is inline, so the admin's Content-Security-Policy holds.
 */
(function () {
  "use strict";

  function autosaveOf(form) {
    var app = window.wagtail && window.wagtail.app;
    if (!app || !form.matches("[data-controller~='w-autosave']")) return null;
    return app.getControllerForElementAndIdentifier(form, "w-autosave");
  }

  function resubmit(form, submitter) {
    // The clicked button may since have been disabled (Wagtail marks it busy)
    // or replaced by the autosave's hydration, and a disabled button sends
    // nothing: carry its action ("action-publish") in a field of our own.
    var carried = form.querySelector("input[data-publish-after-autosave]");
    if (carried) carried.remove();
    if (submitter && submitter.name) {
      carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      carried.setAttribute("data-publish-after-autosave", "");
      form.appendChild(carried);
    }
    form.requestSubmit();
  }

  function settled(autosave) {
    // Until no autosave is scheduled or running (none can start now).
    var running = autosave.submitPromise;
    if (!running) return Promise.resolve();
    return Promise.resolve(running)
      .catch(function () {})
      .then(function () {
        return settled(autosave);
      });
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var autosave = autosaveOf(form);
      if (!autosave) return;
      // No new autosave after a real submit has been asked for.
      autosave.activeValue = false;
      var running = autosave.submitPromise;
      if (!running) {
        // Another handler may still cancel this submit (a confirmation, say):
        // the editor then stays on the page and autosave carries on.
        setTimeout(function () {
          if (event.defaultPrevented) autosave.activeValue = true;
        }, 0);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      settled(autosave).then(function () {
        resubmit(form, submitter);
      });
    },
    true
  );
})();
