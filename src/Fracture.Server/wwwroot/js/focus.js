// Keyboard and small-screen help: a skip link past the upload and the history to the viewer, and a result brought
// into view where the single-column layout puts it below the history.

/** Scrolls the element to the top of the window unless it is already wholly in view. */
export function bringIntoView(element) {
  const rect = element.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > window.innerHeight) element.scrollIntoView({ block: 'start' });
}

/**
 * The link moves focus to target (tabindex -1) by script: following its href would put "#viewer" in the address,
 * which names the prediction shown.
 */
export function bindSkipLink(link, target) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    target.focus({ preventScroll: true });
    bringIntoView(target);
  });
}
