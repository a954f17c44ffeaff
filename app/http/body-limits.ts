// The bounds of every request body Pasok reads. Shared by the HTTP server (edge check on Content-Length)
// and the one form reader (app/http/form-body.server.ts), so both refuse the same things.

/** The largest body the server reads at all: a multipart form with its drawings (4 × 25 MB) and text. */
export const MAX_REQUEST_BODY_BYTES = 110 * 1024 * 1024;
/** A form without files (urlencoded). The longest real one, an RFQ with 50 lines of text, is far below. */
export const MAX_URLENCODED_BYTES = 1024 * 1024;
/** Fields in one form: a cooperative's bid over 168 members and a few lines stays well below. */
export const MAX_FORM_FIELDS = 5_000;
/** Characters in one field value (descriptions are capped lower by their schemas). */
export const MAX_FIELD_CHARS = 20_000;
/** Characters in one field name. */
export const MAX_FIELD_NAME_CHARS = 200;
/** Rows in any list a form posts (`lines[i]…`) unless its route says otherwise. */
export const DEFAULT_MAX_ROWS = 100;
/** A webhook's raw body. */
export const MAX_RAW_BODY_BYTES = 512 * 1024;
