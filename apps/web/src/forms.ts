import type { Translator } from './i18n';

export type FormBody = Record<string, string | string[] | undefined>;

/** Field errors for the GOV.UK error summary and the messages at the fields. */
export class FormErrors {
  readonly fields: Record<string, { text: string }> = {};
  private readonly order: { text: string; href: string }[] = [];

  add(field: string, text: string): this {
    if (!this.fields[field]) {
      this.fields[field] = { text };
      this.order.push({ text, href: `#${field}` });
    }
    return this;
  }
  get any(): boolean {
    return this.order.length > 0;
  }
  get list(): { text: string; href: string }[] {
    return this.order;
  }
}

export function text(body: FormBody, name: string): string {
  const value = body[name];
  return ((Array.isArray(value) ? value[0] : value) ?? '').trim();
}

export function list(body: FormBody, name: string): string[] {
  const value = body[name];
  return (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean);
}

/** Requires a text field; `label` is the catalogue key of how the field is named in a sentence. */
export function required(body: FormBody, name: string, errors: FormErrors, i18n: Translator, label: string): string {
  const value = text(body, name);
  if (!value) errors.add(name, i18n.t('error.required', { field: i18n.t(label) }));
  return value;
}

/** Requires a choice from a select whose options come from the API (agencies, problems): any non-empty value. */
export function selected(body: FormBody, name: string, errors: FormErrors, i18n: Translator, label: string): string {
  const value = text(body, name);
  if (!value) errors.add(name, i18n.t('error.choose', { field: i18n.t(label) }));
  return value;
}

/** A query parameter's value when it is one of `allowed`; absent or anything else: undefined. */
export function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return allowed.find((a) => a === value);
}

export function choice<T extends string>(
  body: FormBody,
  name: string,
  allowed: readonly T[],
  errors: FormErrors,
  i18n: Translator,
  label: string,
): T | undefined {
  const value = text(body, name);
  if (!(allowed as readonly string[]).includes(value)) {
    errors.add(name, i18n.t('error.choose', { field: i18n.t(label) }));
    return undefined;
  }
  return value as T;
}

/** A GOV.UK date input (`<name>-day`, `-month`, `-year`) as YYYY-MM-DD. */
export function dateField(body: FormBody, name: string, errors: FormErrors, i18n: Translator, label: string, optional = false): string | undefined {
  const d = text(body, `${name}-day`);
  const m = text(body, `${name}-month`);
  const y = text(body, `${name}-year`);
  if (!d && !m && !y) {
    if (!optional) errors.add(`${name}-day`, i18n.t('error.required', { field: i18n.t(label) }));
    return undefined;
  }
  const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    errors.add(`${name}-day`, i18n.t('error.date', { field: i18n.t(label) }));
    return undefined;
  }
  return iso;
}

export function numberField(body: FormBody, name: string, errors: FormErrors, i18n: Translator, label: string): number | undefined {
  const value = text(body, name);
  if (!value) {
    errors.add(name, i18n.t('error.required', { field: i18n.t(label) }));
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n)) {
    errors.add(name, i18n.t('error.number', { field: i18n.t(label) }));
    return undefined;
  }
  return n;
}

/** Values of a date for re-filling a GOV.UK date input. */
export function dateParts(body: FormBody, name: string): { day: string; month: string; year: string } {
  return { day: text(body, `${name}-day`), month: text(body, `${name}-month`), year: text(body, `${name}-year`) };
}

/** The API's own validation messages (`errors: [{ path }]`) at the fields the form names them by. */
export function apiErrors(
  problem: { errors?: { path: string; message: string }[]; detail?: string } | null,
  errors: FormErrors,
  i18n: Translator,
  fieldOf: (path: string) => [string, string] | undefined,
  fallback: string,
): void {
  for (const e of problem?.errors ?? []) {
    const mapped = fieldOf(e.path);
    if (mapped) errors.add(mapped[0], i18n.t('error.invalid', { field: i18n.t(mapped[1]) }));
  }
  if (!errors.any) errors.add(fallback, i18n.t('error.invalid', { field: i18n.t(`field.${fallback}`) }));
}
