/** Prefix of the one line each runtime prints with its results as JSON. */
export const RESULT_MARKER = 'SMOKE-RESULT ';
