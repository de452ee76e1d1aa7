// What the page tells the user besides the result itself: the alert, a line when the study on screen is not the file
// just sent, and a polite live region that announces a result (the busy line, the only other one, hides when it comes).

export class Notices {
  constructor({ alert, alertText, previous, announcer, settings, apiKey }) {
    Object.assign(this, { alert, alertText, previous, announcer, settings, apiKey });
    this.announceTimer = 0;
  }

  showError(error, prefix = '') {
    this.alertText.textContent = prefix + (error instanceof Error ? error.message : String(error));
    this.alert.dataset.status = String(error?.status ?? 0);
    this.alert.hidden = false;
    // The key is entered under Settings: open it and put the cursor there rather than only saying so.
    if (error?.status === 401) {
      this.settings.open = true;
      this.apiKey.focus();
    }
  }

  clearError() {
    this.alert.hidden = true;
    this.alertText.textContent = '';
  }

  // An upload failed or was cancelled while another study stays on screen: its verdict must not pass for the new
  // file's. earlier: the study was shown before the upload began (not opened from the history meanwhile).
  markPrevious(shown, refused, earlier) {
    this.previous.textContent = earlier
      ? `Showing the previous study, ${shown}; ${refused} was not analysed.`
      : `Showing ${shown}; ${refused} was not analysed.`;
    this.previous.hidden = false;
  }

  clearPrevious() {
    this.previous.hidden = true;
    this.previous.textContent = '';
  }

  // Emptied first and filled a moment later, so the same words (the same study opened again) are spoken again.
  announce(text) {
    clearTimeout(this.announceTimer);
    this.announcer.textContent = '';
    this.announceTimer = setTimeout(() => { this.announcer.textContent = text; }, 100);
  }
}
