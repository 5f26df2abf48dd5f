/*
 * error.h - chainscope's operational error values.
 *
 * These are failures of chainscope's own work (malformed input, I/O, memory,
 * limits). DNSSEC problems found in the zones under test are findings, not
 * errors, and live in the analyzer's catalogue.
 */
#ifndef CS_ERROR_H
#define CS_ERROR_H

/* X-macro: code, stable token, human message. */
#define CS_ERRORS(X)                                                                               \
	X(CS_OK, "ok", "success")                                                                  \
	X(CS_ENOMEM, "nomem", "out of memory")                                                     \
	X(CS_EINVAL, "inval", "invalid argument")                                                  \
	X(CS_ETRUNC, "truncated", "data ends before the structure it announces")                   \
	X(CS_ETRAILING, "trailing", "unexpected data after the end of the structure")              \
	X(CS_EPTRFWD, "pointer-forward", "compression pointer does not point strictly backwards")  \
	X(CS_EPTRHOPS, "pointer-hops", "too many compression pointer hops")                        \
	X(CS_ENAMELEN, "name-too-long", "domain name longer than 255 octets")                      \
	X(CS_ELABELLEN, "label-too-long", "label longer than 63 octets")                           \
	X(CS_ELABELTYPE, "label-type", "unsupported label type (extended or reserved bits)")       \
	X(CS_ECOMPRESS, "compression", "compression pointer where none is allowed")                \
	X(CS_ERDATA, "rdata", "RDATA malformed for its type")                                      \
	X(CS_EOPT, "opt", "malformed or misplaced EDNS OPT record")                                \
	X(CS_ESYNTAX, "syntax", "syntax error in presentation format")                             \
	X(CS_ERANGE, "range", "value out of range")                                                \
	X(CS_EUNKNOWN, "unknown", "unknown mnemonic")                                              \
	X(CS_EIO, "io", "input/output error")                                                      \
	X(CS_ELIMIT, "limit", "a configured limit was reached")                                    \
	X(CS_ENOTFOUND, "not-found", "not found")

typedef enum {
#define CS_ERR_ENUM(code, token, msg) code,
	CS_ERRORS(CS_ERR_ENUM)
#undef CS_ERR_ENUM
	    CS_ERR_COUNT
} cs_err;

/* Human-readable message for an error value; never NULL. */
const char *cs_strerror(cs_err err);

/* Stable short token for an error value (used in JSON captures); never NULL. */
const char *cs_errtoken(cs_err err);

/* Error value for a token produced by cs_errtoken(); CS_ENOTFOUND if none matches. */
cs_err cs_err_from_token(const char *token);

#endif
