// Progressive enhancement only: every page works without this.
import { initAll } from '/assets/govuk-js/govuk-frontend.min.js';
initAll();
