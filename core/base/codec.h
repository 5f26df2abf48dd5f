/*
 * codec.h - text encodings used by DNS presentation format: hex (RFC 4648
 * §8), base64 (§4) and base32hex without padding (§7, as RFC 5155 uses it).
 */
#ifndef CS_CODEC_H
#define CS_CODEC_H

#include "base/buf.h"
#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

/* Append uppercase hex of n octets. */
void cs_hex_encode(cs_buf *out, const uint8_t *p, size_t n);

/* Append lowercase base32hex (no padding) of n octets. */
void cs_b32hex_encode(cs_buf *out, const uint8_t *p, size_t n);

/* Append base64 (with padding) of n octets. */
void cs_b64_encode(cs_buf *out, const uint8_t *p, size_t n);

/* Decode text[0..len) and append the octets to out. Whitespace is skipped in
 * hex and base64. Returns CS_OK or CS_ESYNTAX (bad digit, odd hex length,
 * bad padding or length); on error out may hold a partial result. */
cs_err cs_hex_decode(cs_buf *out, const char *text, size_t len);
cs_err cs_b64_decode(cs_buf *out, const char *text, size_t len);
cs_err cs_b32hex_decode(cs_buf *out, const char *text, size_t len);

#endif
