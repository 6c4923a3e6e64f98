/**
 * A UUIDv7 computed by PostgreSQL (48-bit Unix milliseconds, version 7, then
 * random bits), for rows that set-based statements insert: keys stay
 * time-ordered like those the application generates with `uuidv7()`.
 * Volatile, so evaluated once per row.
 */
export const SQL_UUIDV7 = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;
