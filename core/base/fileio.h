/*
 * fileio.h - reading a whole input file (captures, zone files, anchors,
 * hints) with a size limit and a clear reason on failure.
 */
#ifndef CS_FILEIO_H
#define CS_FILEIO_H

#include "base/buf.h"
#include "base/error.h"

#include <stddef.h>

/* Append the contents of path ("-": standard input) to out, at most max
 * octets. Returns CS_OK; CS_EIO (cannot open or read), CS_ELIMIT (larger
 * than max) or CS_ENOMEM, with errmsg saying why in words; on failure
 * nothing is appended. */
cs_err cs_read_file(const char *path, size_t max, cs_buf *out, char *errmsg, size_t errlen);

/* Write len octets to path atomically: a temporary file in the same
 * directory (mode 0666 less the umask), synced, then renamed over path; on
 * any failure the temporary file is removed and path is untouched. "-"
 * writes to standard output. Returns CS_OK, or CS_EIO / CS_ENOMEM with
 * errmsg saying why (naming path). */
cs_err cs_write_file(const char *path, const void *data, size_t len, char *errmsg, size_t errlen);

#endif
