import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const govukDir = dirname(require.resolve('govuk-frontend/package.json'));
const mojDir = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

/** Where the component templates and the front-end code are read from. */
export const GOVUK_DIST = join(govukDir, 'dist');
export const GOVUK_ASSETS = join(govukDir, 'dist/govuk');
export const MOJ_ROOT = mojDir;
export const MOJ_ASSETS = join(mojDir, 'moj');

/**
 * The GOV.UK Frontend and MoJ Frontend style sheets without the GDS Transport
 * font (it belongs to GOV.UK alone): its @font-face rules are removed and the
 * families fall back to Arial, as the frameworks do for services off GOV.UK.
 */
export function productStyleSheet(): string {
  const strip = (css: string) =>
    css
      .replace(/@font-face\{[^}]*GDS Transport[^}]*\}/g, '')
      .replace(/"GDS Transport",\s*/g, '')
      .replace(/GDS Transport,\s*/g, '')
      .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  return [
    strip(readFileSync(join(GOVUK_ASSETS, 'govuk-frontend.min.css'), 'utf8')),
    strip(readFileSync(join(MOJ_ASSETS, 'moj-frontend.min.css'), 'utf8')),
  ].join('\n');
}
