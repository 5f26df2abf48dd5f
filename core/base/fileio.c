#include "base/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

cs_err cs_write_file(const char *path, const void *data, size_t len, char *errmsg, size_t errlen)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			snprintf(errmsg, errlen, "cannot write to standard output: %s",
				 strerror(errno));
			return CS_EIO;
		}
		return CS_OK;
	}
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (tmp == NULL) {
		snprintf(errmsg, errlen, "out of memory");
		return CS_ENOMEM;
	}
	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	cs_err err = CS_OK;
	if (f == NULL) {
		snprintf(errmsg, errlen, "%s: cannot create: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		err = CS_EIO;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		int bad = fchmod(fd, 0666 & ~mask) != 0;
		bad |= fwrite(data, 1, len, f) != len;
		bad |= fflush(f) != 0;
		bad |= fsync(fd) != 0;
		bad |= fclose(f) != 0;
		if (bad || rename(tmp, path) != 0) {
			snprintf(errmsg, errlen, "%s: cannot write: %s", path, strerror(errno));
			unlink(tmp);
			err = CS_EIO;
		}
	}
	free(tmp);
	return err;
}
