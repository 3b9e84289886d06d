// The Report dialog: reasons from the moderation API, one report per submit, the outcome in plain words.
import { fetchReasons, sendReport } from './moderation.js';
import { elements as ui, fillReasons } from './view.js';

const THANKS = Object.freeze({
  counted: 'Thank you. Your report was sent. Press Next to leave.',
  duplicate: 'You already reported this stranger. Press Next to leave.',
  revoked: 'Thank you. The stranger was removed.',
});

// Every code POST /v1/reports answers (moderation-service/README.md), and 'unreachable' from the page, in
// plain words. The ingress answers 'body-too-large' and 'unavailable' itself in the same shape.
const UNAVAILABLE = 'Reporting is unavailable right now. Try again in a moment.';
const PAGE_FAULT = 'The report could not be sent: the page and the server disagree. Reload the page.';
const FAILURES = Object.freeze({
  'rate-limited': 'You sent many reports in a short time. Try again later.',
  'token-rejected': 'This call can no longer be reported.',
  'ticket-rejected': 'This call can no longer be reported.',
  'not-a-party': 'This call can no longer be reported.',
  'unknown-reason': 'Choose one of the reasons.',
  'malformed-body': PAGE_FAULT,
  'body-too-large': PAGE_FAULT,
  'unsupported-media-type': PAGE_FAULT,
  internal: UNAVAILABLE,
  unavailable: UNAVAILABLE,
  unreachable: UNAVAILABLE,
});

export class ReportDialog {
  #current;
  #done;
  #reasons = [];
  #target = null;

  /**
   * @param current () => {ticket, token} of the match on screen, or null
   * @param done (text) => void, told the outcome once the report went through
   */
  constructor({ current, done }) {
    this.#current = current;
    this.#done = done;
    ui.reportForm.addEventListener('submit', (event) => this.#submit(event));
    ui.reportCancel.addEventListener('click', () => ui.reportDialog.close());
  }

  async open() {
    // The report is about the stranger on screen now, even if the match ends while the dialog is open.
    this.#target = this.#current();
    if (!this.#target) {
      return;
    }
    ui.reportStatus.textContent = '';
    if (this.#reasons.length === 0) {
      ui.reportStatus.textContent = 'Loading reasons…';
      this.#reasons = await fetchReasons();
      ui.reportStatus.textContent = this.#reasons.length ? '' : 'Reporting is unavailable right now.';
    }
    fillReasons(this.#reasons);
    ui.reportDialog.showModal();
  }

  async #submit(event) {
    event.preventDefault();
    const chosen = ui.reportForm.querySelector('input[name="reason"]:checked');
    if (!chosen || !this.#target) {
      return;
    }
    ui.reportSend.disabled = true;
    const result = await sendReport(this.#target.ticket, this.#target.token, chosen.value);
    ui.reportSend.disabled = false;
    if (result.error) {
      ui.reportStatus.textContent = FAILURES[result.error] || 'The report could not be sent.';
      return;
    }
    this.#target = null;
    ui.reportDialog.close();
    this.#done(THANKS[result.status] || THANKS.counted);
  }
}
