#include "base/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

cs_err cs_read_file(const char *path, size_t max, cs_buf *out, char *errmsg, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		snprintf(errmsg, errlen, "cannot open: %s", strerror(errno));
		return CS_EIO;
	}
	char chunk[65536];
	size_t got, start = out->len;
	cs_err err = CS_OK;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		cs_buf_put(out, chunk, got);
		if (out->len - start > max) {
			if (max > 0 && max % ((size_t)1 << 20) == 0)
				snprintf(errmsg, errlen, "larger than %zu MiB", max >> 20);
			else
				snprintf(errmsg, errlen, "larger than %zu octets", max);
			err = CS_ELIMIT;
			break;
		}
	}
	if (err == CS_OK && ferror(f)) {
		snprintf(errmsg, errlen, "read error: %s", strerror(errno));
		err = CS_EIO;
	}
	if (f != stdin)
		fclose(f);
	if (err == CS_OK && out->err != CS_OK) {
		snprintf(errmsg, errlen, "out of memory");
		err = CS_ENOMEM;
	}
	if (err != CS_OK)
		out->len = start; /* no partial contents */
	return err;
}
