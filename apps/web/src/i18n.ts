import { LANGUAGES, MESSAGES, type Language, type MessageKey } from './messages';

export const LANGUAGE_COOKIE = 'csp_lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The marker a missing key renders as; the browser tests fail on it. */
export const MISSING = '[missing:';

const LOCALES: Record<Language, string> = { en: 'en-GB', cy: 'cy-GB' };

export interface Translator {
  lang: Language;
  t(key: string, params?: Record<string, string | number>): string;
  date(value: string | Date | null | undefined): string;
  dateTime(value: string | Date | null | undefined): string;
  number(value: number | null | undefined): string;
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Calendar dates (YYYY-MM-DD) are shown as they are; instants in Europe/London. */
function toDate(value: string | Date): { date: Date; calendar: boolean } {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: new Date(`${value}T12:00:00Z`), calendar: true };
  return { date: typeof value === 'string' ? new Date(value) : value, calendar: false };
}

export function translator(lang: Language): Translator {
  const locale = LOCALES[lang];
  const index = lang === 'en' ? 0 : 1;
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    lang,
    t(key, params) {
      const entry = MESSAGES[key as MessageKey] as readonly [string, string] | undefined;
      if (!entry) return `${MISSING} ${key}]`;
      return fill(entry[index], params);
    },
    date(value) {
      if (!value) return '';
      return dateFormat.format(toDate(value).date);
    },
    dateTime(value) {
      if (!value) return '';
      const { date, calendar } = toDate(value);
      return calendar ? dateFormat.format(date) : dateTimeFormat.format(date);
    },
    number(value) {
      return value === null || value === undefined ? '' : numberFormat.format(value);
    },
  };
}
