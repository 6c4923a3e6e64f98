/**
 * Where a problem happens: a label people recognise, optionally a code
 * (an ONS/GSS code such as a ward W05000999 or an LSOA W01000123, or a local
 * code of the partnership such as CDF-BEAT-12) and optionally coordinates.
 */
export interface ProblemLocationInput {
  code?: string | null;
  label: string;
  lat?: number | null;
  lng?: number | null;
}

export interface ProblemLocationValue {
  code: string | null;
  label: string;
  lat: number | null;
  lng: number | null;
}

/** ONS Government Statistical Service codes: a country letter and eight digits (W05: Welsh wards, W01: Welsh LSOAs). */
export const GSS_CODE = /^[EWSNK]\d{8}$/;
/** A letter followed only by digits is meant as a GSS code, so it must be a whole one. */
const GSS_LIKE = /^[A-Z]\d+$/;
/** Local codes: capital letters and digits in words joined by - _ / or . (e.g. CDF-BEAT-12). */
export const LOCAL_CODE = /^[A-Z0-9]+(?:[-_/.][A-Z0-9]+)*$/;
export const LOCATION_CODE_MAX = 40;

/** The stored form of a location code: trimmed, upper case. */
export function normaliseLocationCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Why `code` is not an acceptable location code, or null when it is (checked after normalising). */
export function locationCodeProblem(code: unknown): string | null {
  if (typeof code !== 'string') return 'must be a string';
  const value = normaliseLocationCode(code);
  if (!value) return 'must not be empty';
  if (value.length > LOCATION_CODE_MAX) return `must be at most ${LOCATION_CODE_MAX} characters`;
  if (GSS_LIKE.test(value)) {
    return GSS_CODE.test(value) ? null : 'looks like an ONS code but is not one: a letter and 8 digits, e.g. W05000999 (ward) or W01000123 (LSOA)';
  }
  if (!LOCAL_CODE.test(value)) return 'must be an ONS code (e.g. W05000999) or a local code of letters and digits joined by - _ / or . (e.g. CDF-BEAT-12)';
  return null;
}

/** Why the coordinates are not acceptable, or null (both or neither; latitude -90..90, longitude -180..180). */
export function coordinatesProblem(lat: unknown, lng: unknown): string | null {
  const hasLat = lat !== undefined && lat !== null;
  const hasLng = lng !== undefined && lng !== null;
  if (hasLat !== hasLng) return 'lat and lng go together: give both or neither';
  if (!hasLat) return null;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) return 'lat must be a number from -90 to 90';
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) return 'lng must be a number from -180 to 180';
  return null;
}

/** The stored form of a location (code normalised, label trimmed, absent values null). */
export function normaliseLocation(input: ProblemLocationInput): ProblemLocationValue {
  return {
    code: input.code === undefined || input.code === null ? null : normaliseLocationCode(input.code),
    label: input.label.trim(),
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}
